import { SCRAPE_JOBS } from '../telemetry/scrape-jobs';

/**
 * Label matchers that pick each scrape job's series, shared by dashboards and rules (as
 * kubernetes-mixin's `_config` selectors are). Every series on the AMP path also carries
 * `cluster`, added by the metrics collector.
 */
export const SELECTORS = {
  cadvisor: `job="${SCRAPE_JOBS.kubelet}", metrics_path="/metrics/cadvisor"`,
  kubelet: `job="${SCRAPE_JOBS.kubelet}", metrics_path="/metrics"`,
  kubeStateMetrics: `job="${SCRAPE_JOBS.kubeStateMetrics}"`,
  nodeExporter: `job="${SCRAPE_JOBS.nodeExporter}"`,
  apiserver: `job="${SCRAPE_JOBS.apiserver}"`,
  /** ho11y pods, scraped through their `prometheus.io/*` annotations. */
  ho11y: `job="${SCRAPE_JOBS.annotatedPods}"`,
  collector: `job="${SCRAPE_JOBS.collector}"`,
  /** Real containers only: cAdvisor also reports the pod sandbox and cgroup roll-ups. */
  containers: 'container!="", container!="POD"',
} as const;

/** The label every AMP series carries naming its cluster; the `$cluster` variable filters on it. */
export const CLUSTER_LABEL = 'cluster';

/** Joins matcher fragments into one `{...}` selector, skipping empty ones. */
export function selector(...matchers: readonly string[]): string {
  return `{${matchers.filter((matcher) => matcher.length > 0).join(', ')}}`;
}
