import { SELECTORS, selector } from '../grafana/selectors';
import { RecordingRule } from './rule-types';

/**
 * Which workload each pod belongs to, recorded once for the workload dashboard (kubernetes-mixin's
 * `namespace_workload_pod:kube_pod_owner:relabel`, written for the families kube-state-metrics
 * emits): a Deployment's pods are owned by its ReplicaSets, so they are found through
 * `kube_replicaset_owner`; StatefulSet and DaemonSet pods name their owner directly.
 */
export const WORKLOAD_POD_SERIES = 'namespace_workload_pod:kube_pod_owner:relabel';

/** Values of `workload_type` on the recorded series: the owner kinds as Kubernetes spells them. */
export const WORKLOAD_TYPES = ['Deployment', 'StatefulSet', 'DaemonSet'] as const;

export function workloadRecordingRules(): RecordingRule[] {
  const ksm = (...matchers: string[]) => selector(SELECTORS.kubeStateMetrics, ...matchers);
  const asWorkload = (expression: string) => `label_replace(${expression}, "workload", "$1", "owner_name", "(.+)")`;
  const direct = `label_replace(${asWorkload(`kube_pod_owner${ksm('owner_kind=~"StatefulSet|DaemonSet"')}`)}, "workload_type", "$1", "owner_kind", "(.+)")`;
  // The pod's ReplicaSet, renamed `replicaset`, joined with that ReplicaSet's Deployment.
  const podReplicaSets = `label_replace(kube_pod_owner${ksm('owner_kind="ReplicaSet"')}, "replicaset", "$1", "owner_name", "(.+)")`;
  const replicaSetDeployments = `max by (cluster, namespace, replicaset, owner_name) (kube_replicaset_owner${ksm('owner_kind="Deployment"')})`;
  const deployment =
    `label_replace(${asWorkload(`${podReplicaSets} * on (cluster, namespace, replicaset) group_left (owner_name) ${replicaSetDeployments}`)},` +
    ` "workload_type", "Deployment", "owner_kind", "ReplicaSet")`;
  return [{ record: WORKLOAD_POD_SERIES, expr: `max by (cluster, namespace, workload_type, workload, pod) (${direct} or ${deployment})` }];
}
