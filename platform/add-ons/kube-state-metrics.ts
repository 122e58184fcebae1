import { PLATFORM_NAMESPACES } from '../platform-namespaces';
import { SYNC_WAVES } from '../sync-waves';
import { HelmResources, PlatformAddOn } from './platform-add-on';

/** The values of the prometheus-community kube-state-metrics chart this repository sets. */
export interface KubeStateMetricsValues {
  /** Fixes the object names, so the Service is `kube-state-metrics` whatever the release name. */
  readonly fullnameOverride: string;
  /** Off: the chart would annotate its Service for annotation-driven scrapers; the collector has a job of its own. */
  readonly prometheusScrape: boolean;
  /** Off: kube-state-metrics' own telemetry port is not scraped. */
  readonly selfMonitor: { readonly enabled: boolean };
  readonly resources: HelmResources;
}

/**
 * kube-state-metrics turns Kubernetes objects into `kube_*` series for the dashboards and alerts.
 *
 * Version 9.1.0: the newest release of the chart (prometheus-community/helm-charts release
 * kube-state-metrics-9.1.0), the one kube-prometheus-stack 93.9.0 moved to ("Update
 * kube-state-metrics Docker tag to v9.1.0").
 */
export const KUBE_STATE_METRICS: PlatformAddOn<KubeStateMetricsValues> = {
  name: 'kube-state-metrics',
  namespace: PLATFORM_NAMESPACES.kubeStateMetrics,
  repoUrl: 'https://prometheus-community.github.io/helm-charts',
  chart: 'kube-state-metrics',
  version: '9.1.0',
  wave: SYNC_WAVES.operators,
  serverSideApply: false,
  ignoreDifferences: [],
  values: {
    fullnameOverride: 'kube-state-metrics',
    prometheusScrape: false,
    selfMonitor: { enabled: false },
    resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { cpu: '250m', memory: '256Mi' } },
  },
};

/**
 * How the collector recognises the kube-state-metrics Service: the chart's selector labels
 * (`app.kubernetes.io/name` is the chart name, `app.kubernetes.io/instance` the release) and the
 * name of its metrics port.
 */
export const KUBE_STATE_METRICS_SERVICE = {
  namespace: KUBE_STATE_METRICS.namespace,
  labels: { 'app.kubernetes.io/name': 'kube-state-metrics', 'app.kubernetes.io/instance': KUBE_STATE_METRICS.name },
  portName: 'http',
} as const;
