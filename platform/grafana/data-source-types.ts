/** Grafana plugin ids of the data sources this repository provisions. */
export const DATA_SOURCE_TYPES = {
  /** Amazon Managed Service for Prometheus (AMG removed SigV4 from the core Prometheus type). */
  amp: 'grafana-amazonprometheus-datasource',
  cloudwatch: 'cloudwatch',
  xray: 'grafana-x-ray-datasource',
} as const;

export type DataPath = keyof typeof DATA_SOURCE_TYPES;
