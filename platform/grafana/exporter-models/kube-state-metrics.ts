import { SCRAPE_JOBS } from '../../telemetry/scrape-jobs';
import { counter, ExporterModel, gauge, LabelValues } from './exporter-model';

const POD = { namespace: 'any', pod: 'any', uid: 'any' } as const;
const CONTAINER = { ...POD, container: 'any' } as const;
const BOOLEAN: LabelValues = ['true', 'false', 'unknown'];
const RESOURCE = { resource: ['cpu', 'memory', 'ephemeral_storage', 'pods'], unit: ['core', 'byte', 'integer'] } as const;
const workload = (kind: string): Record<string, LabelValues> => ({ namespace: 'any', [kind]: 'any' });

/**
 * kube-state-metrics' default resources (kubernetes/kube-state-metrics@v2.20.0, docs/metrics/):
 * the chart sets no allow-list, so every family below is exposed. Scraped with `honor_labels`, so
 * its own `namespace`, `pod` and `container` describe the objects, not the exporter.
 */
export const KUBE_STATE_METRICS_MODEL: ExporterModel = {
  job: SCRAPE_JOBS.kubeStateMetrics,
  targetLabels: ['instance'],
  source: 'kubernetes/kube-state-metrics@v2.20.0 docs/metrics/workload, cluster, storage (deployment, replicaset, statefulset, daemonset, job, pod, node, persistentvolume, persistentvolumeclaim)',
  families: [
    gauge('kube_pod_info', { ...POD, host_ip: 'any', pod_ip: 'any', node: 'any', created_by_kind: 'any', created_by_name: 'any', priority_class: 'any', host_network: ['true', 'false'] }),
    gauge('kube_pod_owner', { ...POD, owner_kind: 'any', owner_name: 'any', owner_is_controller: ['true', 'false'] }),
    gauge('kube_pod_status_phase', { ...POD, phase: ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'] }),
    gauge('kube_pod_status_ready', { ...POD, condition: BOOLEAN }),
    gauge('kube_pod_status_reason', { ...POD, reason: ['Evicted', 'NodeAffinity', 'NodeLost', 'Shutdown', 'UnexpectedAdmissionError', 'SchedulingGated', 'Other'] }),
    counter('kube_pod_container_status_restarts_total', CONTAINER),
    gauge('kube_pod_container_status_waiting_reason', {
      ...CONTAINER,
      reason: ['ContainerCreating', 'CrashLoopBackOff', 'CreateContainerConfigError', 'ErrImagePull', 'ImagePullBackOff', 'CreateContainerError', 'InvalidImageName'],
    }),
    gauge('kube_pod_container_resource_requests', { ...CONTAINER, node: 'any', ...RESOURCE }),
    gauge('kube_pod_container_resource_limits', { ...CONTAINER, node: 'any', ...RESOURCE }),
    gauge('kube_deployment_spec_replicas', workload('deployment')),
    gauge('kube_deployment_status_replicas_available', workload('deployment')),
    gauge('kube_deployment_status_replicas_updated', workload('deployment')),
    gauge('kube_deployment_metadata_generation', workload('deployment')),
    gauge('kube_deployment_status_observed_generation', workload('deployment')),
    gauge('kube_deployment_status_condition', { ...workload('deployment'), reason: 'any', condition: ['Available', 'Progressing', 'ReplicaFailure'], status: BOOLEAN }),
    gauge('kube_replicaset_owner', { ...workload('replicaset'), owner_kind: 'any', owner_name: 'any', owner_is_controller: ['true', 'false'] }),
    gauge('kube_statefulset_replicas', workload('statefulset')),
    gauge('kube_statefulset_status_replicas_ready', workload('statefulset')),
    gauge('kube_statefulset_status_replicas_updated', workload('statefulset')),
    gauge('kube_statefulset_metadata_generation', workload('statefulset')),
    gauge('kube_statefulset_status_observed_generation', workload('statefulset')),
    gauge('kube_statefulset_status_current_revision', { ...workload('statefulset'), revision: 'any' }),
    gauge('kube_statefulset_status_update_revision', { ...workload('statefulset'), revision: 'any' }),
    gauge('kube_daemonset_status_desired_number_scheduled', workload('daemonset')),
    gauge('kube_daemonset_status_number_available', workload('daemonset')),
    gauge('kube_daemonset_status_number_misscheduled', workload('daemonset')),
    gauge('kube_daemonset_status_current_number_scheduled', workload('daemonset')),
    gauge('kube_daemonset_status_updated_number_scheduled', workload('daemonset')),
    gauge('kube_daemonset_metadata_generation', workload('daemonset')),
    gauge('kube_daemonset_status_observed_generation', workload('daemonset')),
    gauge('kube_job_status_active', workload('job_name')),
    // Unix time the Job started; absent before it starts.
    gauge('kube_job_status_start_time', workload('job_name')),
    gauge('kube_job_failed', { ...workload('job_name'), condition: BOOLEAN }),
    gauge('kube_node_info', {
      node: 'any',
      kernel_version: 'any',
      os_image: 'any',
      container_runtime_version: 'any',
      kubelet_version: 'any',
      kubeproxy_version: 'any',
      pod_cidr: 'any',
      provider_id: 'any',
      system_uuid: 'any',
      internal_ip: 'any',
    }),
    gauge('kube_node_spec_unschedulable', { node: 'any' }),
    gauge('kube_node_status_allocatable', { node: 'any', ...RESOURCE }),
    gauge('kube_node_status_capacity', { node: 'any', ...RESOURCE }),
    gauge('kube_node_status_condition', { node: 'any', condition: ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure', 'NetworkUnavailable'], status: BOOLEAN }),
    gauge('kube_persistentvolumeclaim_info', { namespace: 'any', persistentvolumeclaim: 'any', storageclass: 'any', volumename: 'any', volumemode: 'any' }),
    gauge('kube_persistentvolumeclaim_status_phase', { namespace: 'any', persistentvolumeclaim: 'any', phase: ['Lost', 'Bound', 'Pending'] }),
    gauge('kube_persistentvolume_status_phase', { persistentvolume: 'any', phase: ['Bound', 'Failed', 'Pending', 'Available', 'Released'] }),
    gauge('kube_persistentvolume_capacity_bytes', { persistentvolume: 'any' }),
  ],
};
