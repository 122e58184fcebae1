import { PLATFORM_NAMESPACES } from '../platform-namespaces';
import { SYNC_WAVES } from '../sync-waves';
import { HelmResources, PlatformAddOn } from './platform-add-on';

/** The values of the prometheus-community prometheus-node-exporter chart this repository sets. */
export interface NodeExporterValues {
  /** Fixes the object names, so the Service is `node-exporter` whatever the release name. */
  readonly fullnameOverride: string;
  readonly resources: HelmResources;
}

/**
 * prometheus-node-exporter runs on every node (host network and PID namespace, hence the
 * `privileged` Pod Security level of its namespace) and exposes the `node_*` series.
 *
 * Version 5.2.0: the newest 5.x release (prometheus-community/helm-charts release
 * prometheus-node-exporter-5.2.0), the version kube-prometheus-stack pinned ("Update
 * prometheus-node-exporter Docker tag to v5.2.0"). 6.0.0 moved the default arguments out of
 * `extraArgs`, a breaking change nothing here needs yet.
 */
export const NODE_EXPORTER: PlatformAddOn<NodeExporterValues> = {
  name: 'node-exporter',
  namespace: PLATFORM_NAMESPACES.nodeExporter,
  repoUrl: 'https://prometheus-community.github.io/helm-charts',
  chart: 'prometheus-node-exporter',
  version: '5.2.0',
  wave: SYNC_WAVES.operators,
  serverSideApply: false,
  ignoreDifferences: [],
  values: {
    fullnameOverride: 'node-exporter',
    resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '250m', memory: '128Mi' } },
  },
};

/**
 * How the collector recognises the node-exporter Service: the chart's selector labels
 * (`app.kubernetes.io/name` is the chart name, `app.kubernetes.io/instance` the release) and the
 * name of its metrics port (`service.portName`, default `metrics`).
 */
export const NODE_EXPORTER_SERVICE = {
  namespace: NODE_EXPORTER.namespace,
  labels: { 'app.kubernetes.io/name': 'prometheus-node-exporter', 'app.kubernetes.io/instance': NODE_EXPORTER.name },
  portName: 'metrics',
} as const;
