/**
 * The one configuration of the dashboards (kubernetes-mixin's `_config`): what they show and how.
 * Selectors shared with the alert rules live in `../selectors.ts`.
 */
export const DASHBOARD_CONFIG = {
  /** Tags on every dashboard, so Grafana's search lists them together. */
  tags: ['multi-account-observability'],
  refresh: '1m',
  timeRange: { from: 'now-3h', to: 'now' },
  /** The Grafana folder holding every dashboard rendered here. */
  folder: { uid: 'multi-account-observability', title: 'Multi-account observability' },
  ho11y: {
    /** Downstream latency percentiles plotted from the histogram. */
    latencyQuantiles: [0.5, 0.9, 0.99],
    /** Service names ho11y's Deployments report to X-Ray. */
    traceServices: ['frontend', 'downstream0', 'downstream1'],
  },
  kubelet: {
    /** Quantile of the kubelet's duration histograms (runtime calls, pod start, PLEG). */
    quantile: 0.99,
  },
  apiserver: {
    /** Quantile of the request latency panels. */
    quantile: 0.99,
    /** Verbs held open for as long as the client wants, left out of the latency panels. */
    longRunningVerbs: 'WATCH|CONNECT',
  },
} as const;
