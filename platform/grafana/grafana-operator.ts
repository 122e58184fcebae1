import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { HelmAddOn } from '../../charts/helm-add-on';
import { PLATFORM_NAMESPACES } from '../platform-namespaces';
import { SYNC_WAVES } from '../sync-waves';

/**
 * grafana-operator v5 chart, pinned. 5.24.0 matches the CRDs in `../shared/crds` (v5.24.0), which
 * the rendered resources are validated against; bump both together. The chart is published as
 * an OCI artifact only (`oci://ghcr.io/grafana/helm-charts/grafana-operator`); ArgoCD takes OCI
 * Helm repositories without the scheme.
 */
export const GRAFANA_OPERATOR_CHART = {
  repoUrl: 'ghcr.io/grafana/helm-charts',
  chart: 'grafana-operator',
  version: '5.24.0',
  /**
   * The chart joins `image.registry` (default ghcr.io) and `image.repository`: the repository must
   * not carry the registry again (`npm run conformance` renders the chart and checks the result).
   */
  image: { registry: 'ghcr.io', repository: 'grafana/grafana-operator', tag: 'v5.24.0' },
} as const;

export interface GrafanaOperatorChartProps {
  /** AppProject of the Application. */
  readonly project: string;
  /** Namespace the operator runs in and watches. Default: grafana-operator. */
  readonly namespace?: string;
}

/**
 * The operator that pushes data sources, folders and dashboards to the Grafana workspace. It runs
 * restricted (Pod Security `restricted`) and watches only its own namespace: no team can point
 * a GrafanaDashboard of theirs at the shared workspace.
 */
export class GrafanaOperatorChart extends Chart {
  public constructor(scope: Construct, id: string, props: GrafanaOperatorChartProps) {
    super(scope, id);
    const namespace = props.namespace ?? PLATFORM_NAMESPACES.grafanaOperator;
    new HelmAddOn(this, 'GrafanaOperator', {
      name: 'grafana-operator',
      project: props.project,
      namespace,
      repoUrl: GRAFANA_OPERATOR_CHART.repoUrl,
      chart: GRAFANA_OPERATOR_CHART.chart,
      version: GRAFANA_OPERATOR_CHART.version,
      syncWave: SYNC_WAVES.grafanaOperator,
      // The GrafanaDashboard CRD is larger than client-side apply's annotation limit.
      serverSideApply: true,
      values: {
        watchNamespaces: namespace,
        image: { ...GRAFANA_OPERATOR_CHART.image },
        podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
        securityContext: {
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
          readOnlyRootFilesystem: true,
          runAsNonRoot: true,
        },
        resources: {
          requests: { cpu: '50m', memory: '64Mi' },
          limits: { cpu: '500m', memory: '256Mi' },
        },
      },
    });
  }
}
