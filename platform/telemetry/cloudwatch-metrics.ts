/**
 * What the CloudWatch metrics path publishes: the EMF namespace, the log group, and the metric
 * declarations (which metrics become CloudWatch metrics, with which dimension sets). The
 * collector renders these; the CloudWatch dashboards query only what is declared here.
 *
 * Every scraped series is written to the log group as an EMF record; only series matching a
 * declaration become CloudWatch metrics, and only with the dimension sets whose labels they all
 * carry. A series missing one label of a set is not published under that set, so the labels the
 * sets name are produced explicitly (`CLOUDWATCH_DIMENSION_LABELS`), next to the Prometheus labels
 * they are copied from, which stay intact.
 */
export const CLOUDWATCH_METRICS_NAMESPACE = 'ContainerInsights/Prometheus';

/** Log group the EMF exporter writes to. */
export function cloudWatchLogGroup(cluster: string): string {
  return `/aws/containerinsights/${cluster}/prometheus`;
}

/**
 * Dimension labels added on the CloudWatch path, in Container Insights' spelling: `ClusterName` is
 * the cluster, the others are copies of Prometheus labels (`namespace` is kept as it is).
 */
export const CLOUDWATCH_DIMENSION_LABELS = {
  clusterName: 'ClusterName',
  /** Copy of `namespace`: the pod's namespace (annotated pods), or the one a cAdvisor series describes. */
  namespace: { label: 'Namespace', from: 'namespace' },
  /** Copy of `service`, which the `kubernetes-pods` job derives from the pod's labels. */
  service: { label: 'Service', from: 'service' },
} as const;

export interface CloudWatchMetricDeclaration {
  /** Dimension sets; every label named must exist on the metric after relabeling. */
  readonly dimensions: readonly (readonly string[])[];
  /**
   * Anchored regular expressions over metric names. Histograms and summaries are one metric under
   * their base name (published as a statistic set: count, sum, min, max), never `_sum`/`_count`.
   */
  readonly metricNameSelectors: readonly string[];
  /** Keep only series whose labels match. Default: all series of the selected metrics. */
  readonly labelMatchers?: readonly { readonly labelNames: readonly string[]; readonly regex: string; readonly separator?: string }[];
}

export const CLOUDWATCH_METRIC_DECLARATIONS: readonly CloudWatchMetricDeclaration[] = [
  {
    dimensions: [
      ['ClusterName', 'Namespace', 'Service'],
      ['ClusterName', 'Namespace', 'Service', 'http_status_code'],
    ],
    metricNameSelectors: ['^ho11y_total$', '^ho11y_downstream_duration_seconds$', '^ho11y_downstream_payload_bytes$'],
  },
  {
    dimensions: [['ClusterName', 'Namespace', 'pod']],
    metricNameSelectors: ['^container_cpu_usage_seconds_total$', '^container_memory_working_set_bytes$'],
    // cAdvisor reports every container of a pod and the pod's own cgroup (no `container` label);
    // publishing only the latter keeps one value per pod instead of a sum of overlapping ones.
    labelMatchers: [{ labelNames: ['container'], regex: '^$' }],
  },
];
