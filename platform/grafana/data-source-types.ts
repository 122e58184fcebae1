import type { GrafanaVersion } from '../../clusters/fleet/fleet-schema';

/** Grafana plugin ids of the data sources this repository provisions, on Grafana 12 and later. */
export const DATA_SOURCE_TYPES = {
  /**
   * Amazon Managed Service for Prometheus. Amazon Managed Grafana offers this plugin from version
   * 12 on, and from 12 on the core Prometheus type no longer signs requests with SigV4.
   */
  amp: 'grafana-amazonprometheus-datasource',
  cloudwatch: 'cloudwatch',
  xray: 'grafana-x-ray-datasource',
} as const;

export type DataPath = keyof typeof DATA_SOURCE_TYPES;

/** Before Grafana 12, AMP is queried through the core Prometheus type with SigV4 (the AMP plugin does not exist there). */
const CORE_PROMETHEUS = 'prometheus';

/** The plugin id of a data path's data sources on a workspace of `grafanaVersion`. */
export function dataSourceType(path: DataPath, grafanaVersion: GrafanaVersion): string {
  if (path === 'amp' && Number(grafanaVersion.split('.')[0]) < 12) return CORE_PROMETHEUS;
  return DATA_SOURCE_TYPES[path];
}
