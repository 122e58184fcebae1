/**
 * What the CloudWatch metrics path publishes: the EMF namespace, the log group, and the metric
 * declarations (which metrics become CloudWatch metrics, with which dimension sets). The
 * collector renders these; the CloudWatch dashboards query only what is declared here.
 */
export const CLOUDWATCH_METRICS_NAMESPACE = 'ContainerInsights/Prometheus';

/** Log group the EMF exporter writes to. */
export function cloudWatchLogGroup(cluster: string): string {
  return `/aws/containerinsights/${cluster}/prometheus`;
}

export interface CloudWatchMetricDeclaration {
  /** Dimension sets; every label named must exist on the metric after relabeling. */
  readonly dimensions: readonly (readonly string[])[];
  /** Anchored regular expressions over metric names. */
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
    metricNameSelectors: ['^ho11y_total$', '^ho11y_downstream_duration_seconds_(sum|count)$', '^ho11y_downstream_payload_bytes_(sum|count)$'],
  },
  {
    dimensions: [['ClusterName', 'Namespace', 'pod']],
    metricNameSelectors: ['^container_cpu_usage_seconds_total$', '^container_memory_working_set_bytes$'],
  },
];
