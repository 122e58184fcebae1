import { KUBELET_PATHS } from '../../telemetry/scrape-configs';
import { SCRAPE_JOBS } from '../../telemetry/scrape-jobs';
import { counter, ExporterModel, exponentialBuckets, gauge, histogram } from './exporter-model';

/** component-base's `metrics.DefBuckets` (kubernetes/kubernetes staging/src/k8s.io/component-base/metrics). */
const COMPONENT_BASE_DEFAULT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** `podStartupDurationBuckets` of pkg/kubelet/metrics/metrics.go. */
const POD_STARTUP_BUCKETS = [0.5, 1, 2, 3, 4, 5, 6, 8, 10, 20, 30, 45, 60, 120, 180, 240, 300, 360, 480, 600, 900, 1200, 1800, 2700, 3600];

/** Target labels of both kubelet scrape configs (`platform/telemetry/scrape-configs.ts`). */
const KUBELET_TARGET_LABELS = ['instance', 'node'];

/**
 * The kubelet's own `/metrics` (kubernetes/kubernetes pkg/kubelet/metrics/metrics.go and
 * pkg/volume/util metrics, Kubernetes 1.35). Volume stats carry the PVC they describe.
 */
export const KUBELET_MODEL: ExporterModel = {
  job: SCRAPE_JOBS.kubelet,
  fixedLabels: { metrics_path: KUBELET_PATHS.metrics },
  targetLabels: KUBELET_TARGET_LABELS,
  source: 'kubernetes/kubernetes@v1.35 pkg/kubelet/metrics/metrics.go, pkg/kubelet/metrics/collectors/volume_stats.go',
  families: [
    gauge('kubelet_node_name', { node: 'any' }),
    gauge('kubelet_running_pods'),
    gauge('kubelet_running_containers', { container_state: ['created', 'exited', 'running', 'unknown'] }),
    histogram('kubelet_pleg_relist_duration_seconds', COMPONENT_BASE_DEFAULT_BUCKETS),
    histogram('kubelet_pleg_relist_interval_seconds', COMPONENT_BASE_DEFAULT_BUCKETS),
    // Operations the kubelet asks of the container runtime (CRI), by method name.
    counter('kubelet_runtime_operations_total', { operation_type: 'any' }),
    counter('kubelet_runtime_operations_errors_total', { operation_type: 'any' }),
    histogram('kubelet_runtime_operations_duration_seconds', exponentialBuckets(0.005, 2.5, 14), { operation_type: 'any' }),
    // From the kubelet first seeing a pod to its containers running (image pulls included).
    histogram('kubelet_pod_start_duration_seconds', POD_STARTUP_BUCKETS),
    histogram('kubelet_pod_worker_duration_seconds', COMPONENT_BASE_DEFAULT_BUCKETS, { operation_type: ['create', 'update', 'sync'] }),
    ...['available_bytes', 'capacity_bytes', 'used_bytes', 'inodes', 'inodes_free', 'inodes_used'].map((stat) =>
      gauge(`kubelet_volume_stats_${stat}`, { namespace: 'any', persistentvolumeclaim: 'any' }),
    ),
  ],
};

const CONTAINER = { container: 'any', id: 'any', image: 'any', name: 'any', namespace: 'any', pod: 'any' } as const;
/**
 * Network counters: under containerd cAdvisor reports them only for the pod sandbox, the one
 * container owning the pod's network namespace (`container/containerd/handler.go` removes the
 * network metrics of every other container), so they carry `container=""` and the pause image;
 * the scrape keeps the sandbox for these families alone (`platform/telemetry/scrape-configs.ts`).
 */
const SANDBOX = { ...CONTAINER, container: [''] } as const;

/**
 * cAdvisor as the kubelet embeds it, on `/metrics/cadvisor` (google/cadvisor metrics/prometheus.go).
 * Besides one series per container, each pod's own cgroup appears with `container=""` and the
 * pause container as `container="POD"`; `container!=""` keeps real containers only.
 */
export const CADVISOR_MODEL: ExporterModel = {
  job: SCRAPE_JOBS.kubelet,
  fixedLabels: { metrics_path: KUBELET_PATHS.cadvisor },
  targetLabels: KUBELET_TARGET_LABELS,
  source: 'google/cadvisor metrics/prometheus.go, container/containerd/handler.go (same at v0.53.0, v0.54.1 and v0.56.2, the releases around kubelet 1.35)',
  families: [
    counter('container_cpu_usage_seconds_total', { ...CONTAINER, cpu: ['total'] }),
    counter('container_cpu_cfs_periods_total', CONTAINER),
    counter('container_cpu_cfs_throttled_periods_total', CONTAINER),
    gauge('container_memory_working_set_bytes', CONTAINER),
    gauge('container_memory_rss', CONTAINER),
    counter('container_oom_events_total', CONTAINER),
    ...['receive', 'transmit'].flatMap((direction) =>
      ['bytes_total', 'packets_total', 'packets_dropped_total', 'errors_total'].map((stat) => counter(`container_network_${direction}_${stat}`, { ...SANDBOX, interface: 'any' })),
    ),
  ],
};
