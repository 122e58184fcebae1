import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import type { Fleet } from '../../clusters/fleet/fleet-schema';
import { GrafanaDashboard } from '../../charts/imports/grafana-dashboard-grafana.integreatly.org';
import { GrafanaDatasource, GrafanaDatasourceSpecValuesFrom } from '../../charts/imports/grafana-datasource-grafana.integreatly.org';
import { GrafanaFolder } from '../../charts/imports/grafana-folder-grafana.integreatly.org';
import { GRAFANA_FACTS } from '../cluster-facts';
import { DASHBOARD_CONFIG } from './dashboards/dashboard-config';
import { dashboardJson, fleetDashboards } from './dashboards/fleet-dashboards';
import { fleetDataSources } from './data-sources';
import { GrafanaInstance } from './grafana-instance';

export interface GrafanaResourcesChartProps {
  readonly fleet: Fleet;
  /** Namespace of every object (grafana-operator watches only its own). */
  readonly namespace: string;
  /** How often the operator re-applies each object, undoing edits made in the Grafana UI. Default: 10m. */
  readonly resyncPeriod?: string;
}

/**
 * What grafana-operator pushes to the workspace: the `Grafana` instance, one folder, the data
 * sources and the dashboards (JSON embedded, placed in the folder by reference).
 */
export class GrafanaResourcesChart extends Chart {
  public constructor(scope: Construct, id: string, props: GrafanaResourcesChartProps) {
    super(scope, id);
    const { fleet, namespace } = props;
    const resyncPeriod = props.resyncPeriod ?? '10m';
    const instance = new GrafanaInstance(this, 'Instance', { namespace });
    const instanceSelector = { matchLabels: { ...instance.selectorLabels } };

    const folder = new GrafanaFolder(this, 'Folder', {
      metadata: { name: DASHBOARD_CONFIG.folder.uid, namespace },
      spec: { instanceSelector, uid: DASHBOARD_CONFIG.folder.uid, title: DASHBOARD_CONFIG.folder.title, resyncPeriod },
    });

    for (const source of fleetDataSources(fleet)) {
      const valuesFrom: GrafanaDatasourceSpecValuesFrom[] = source.urlFact
        ? [{ targetPath: 'url', valueFrom: { configMapKeyRef: { name: GRAFANA_FACTS.name, key: source.urlFact } } }]
        : [];
      new GrafanaDatasource(this, `Datasource-${source.uid}`, {
        metadata: { name: source.uid, namespace },
        spec: {
          instanceSelector,
          uid: source.uid,
          resyncPeriod,
          ...(valuesFrom.length > 0 ? { valuesFrom } : {}),
          datasource: {
            uid: source.uid,
            name: source.name,
            type: source.type,
            access: 'proxy',
            // The operator replaces `${KEY}` with the ConfigMap value named by `valuesFrom`.
            ...(source.urlFact ? { url: `\${${source.urlFact}}` } : {}),
            isDefault: source.isDefault,
            editable: false,
            jsonData: { ...source.jsonData },
          },
        },
      });
    }

    for (const rendered of fleetDashboards(fleet)) {
      new GrafanaDashboard(this, `Dashboard-${rendered.definition.uid}`, {
        metadata: { name: rendered.definition.uid, namespace },
        spec: {
          instanceSelector,
          uid: rendered.definition.uid,
          folderRef: folder.name,
          resyncPeriod,
          json: dashboardJson(rendered),
        },
      });
    }
  }
}
