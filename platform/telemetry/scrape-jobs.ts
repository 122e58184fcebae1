/**
 * Job labels of the metrics collector's scrape jobs. They follow kube-prometheus so that
 * standard rules and dashboards (and ours, which select on `job`) match what is scraped.
 */
export const SCRAPE_JOBS = {
  /** Kubelet `/metrics` and `/metrics/cadvisor`, told apart by the `metrics_path` label. */
  kubelet: 'kubelet',
  kubeStateMetrics: 'kube-state-metrics',
  nodeExporter: 'node-exporter',
  apiserver: 'apiserver',
  /** Pods annotated `prometheus.io/scrape: "true"` (ho11y among them). */
  annotatedPods: 'kubernetes-pods',
  /** The collector's own telemetry on :8888. */
  collector: 'otel-collector',
} as const;

export type ScrapeJob = (typeof SCRAPE_JOBS)[keyof typeof SCRAPE_JOBS];

/** Pod annotations the `kubernetes-pods` job reads. */
export const SCRAPE_ANNOTATIONS = {
  scrape: 'prometheus.io/scrape',
  port: 'prometheus.io/port',
  path: 'prometheus.io/path',
} as const;
