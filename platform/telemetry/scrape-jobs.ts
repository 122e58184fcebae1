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

/**
 * Pod labels the `kubernetes-pods` job takes the `service` label from, first present wins. Pods
 * are discovered without their Service, so the app's name stands in for it (the CloudWatch path
 * publishes it as the `Service` dimension).
 */
export const SERVICE_LABEL_SOURCES = ['app', 'app.kubernetes.io/name'] as const;

/**
 * Labels every series carries after the collector, whatever job scraped it: which cluster,
 * region and account it comes from. Dashboards and alerts select clusters with `cluster`.
 */
export const CLUSTER_IDENTITY_LABELS = {
  cluster: 'cluster',
  region: 'region',
  accountId: 'account_id',
} as const;
