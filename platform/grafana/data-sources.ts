import type { Fleet } from '../../clusters/fleet/fleet-schema';
import { GRAFANA_FACTS } from '../cluster-facts';
import { CLOUDWATCH_METRICS_NAMESPACE } from '../telemetry/cloudwatch-metrics';
import { accountDataSourceRoleArn, ampDataSourceRoleArn } from './data-source-roles';
import { DATA_SOURCE_TYPES, DataPath, dataSourceType } from './data-source-types';

/**
 * The Grafana data sources the fleet needs: one AMP data source for the fleet's one workspace
 * (every AMP cluster writes there), and one CloudWatch and one X-Ray data source per account that
 * runs clusters (each cluster writes EMF metrics, control-plane logs and traces to its own
 * account). UIDs are derived from fleet names, never generated, so dashboards and links survive a
 * re-create.
 */
export interface DataSourceDefinition {
  /** Stable UID (at most 40 characters). */
  readonly uid: string;
  readonly name: string;
  readonly path: DataPath;
  /** Grafana plugin id. */
  readonly type: string;
  /** Key of the `grafana-facts` ConfigMap holding the URL, for URLs known only after deploy. */
  readonly urlFact?: string;
  readonly jsonData: Readonly<Record<string, unknown>>;
  readonly isDefault: boolean;
}

/**
 * The Grafana workspace's own IAM role signs requests (Grafana's `ec2_iam_role` provider) and
 * assumes the account's data-source role, so no key is ever stored in Grafana.
 */
const WORKSPACE_ROLE_AUTH = 'ec2_iam_role';

const MAX_UID_LENGTH = 40;

function checkedUid(uid: string, origin: string): string {
  if (uid.length > MAX_UID_LENGTH) {
    throw new Error(`Data source UID "${uid}" is longer than ${MAX_UID_LENGTH} characters; shorten the ${origin} in clusters/fleet.yaml.`);
  }
  return uid;
}

/** Accounts (in fleet order) whose clusters match `predicate`, with those clusters' names. */
function accountsWith(fleet: Fleet, predicate: (cluster: Fleet['clusters'][string]) => boolean): { account: string; clusters: string[] }[] {
  const byAccount = new Map<string, string[]>();
  for (const [name, cluster] of Object.entries(fleet.clusters)) {
    if (predicate(cluster)) byAccount.set(cluster.account, [...(byAccount.get(cluster.account) ?? []), name]);
  }
  return [...byAccount.entries()].map(([account, clusters]) => ({ account, clusters }));
}

/** `X-Ray prod1 [prod1]`: names carry their clusters so a dashboard can pick by cluster. */
function perAccountName(product: string, account: string, clusters: readonly string[]): string {
  return `${product} ${account} ${clusters.map((cluster) => `[${cluster}]`).join(' ')}`;
}

/**
 * Regular expression over per-account data source names (CloudWatch, X-Ray) picking the one of
 * `cluster`'s account (`cluster` is a name or a `$variable`).
 */
export function dataSourceNameRegex(cluster: string): string {
  return `/\\[${cluster}\\]/`;
}

/** Clusters whose traces reach X-Ray, in fleet order. */
export function xrayClusters(fleet: Fleet): string[] {
  return Object.entries(fleet.clusters)
    .filter(([, cluster]) => cluster.traces.sink === 'xray')
    .map(([name]) => name);
}

/** Clusters whose metrics go to CloudWatch, in fleet order. */
export function cloudWatchClusters(fleet: Fleet): string[] {
  return Object.entries(fleet.clusters)
    .filter(([, cluster]) => cluster.metrics.sink === 'cloudwatch')
    .map(([name]) => name);
}

/** The data paths some cluster of the fleet writes to; dashboards are rendered for these only. */
export function fleetDataPaths(fleet: Fleet): Set<DataPath> {
  const clusters = Object.values(fleet.clusters);
  return new Set<DataPath>([
    ...(clusters.some((cluster) => cluster.metrics.sink === 'amp') ? (['amp'] as const) : []),
    ...(clusters.some((cluster) => cluster.metrics.sink === 'cloudwatch') ? (['cloudwatch'] as const) : []),
    ...(clusters.some((cluster) => cluster.traces.sink === 'xray') ? (['xray'] as const) : []),
  ]);
}

export function fleetDataSources(fleet: Fleet): DataSourceDefinition[] {
  const region = (account: string) => fleet.accounts[account]?.region ?? '';
  const sources: DataSourceDefinition[] = [];
  if (Object.values(fleet.clusters).some((cluster) => cluster.metrics.sink === 'amp')) {
    sources.push({
      uid: 'amp',
      name: `Amazon Managed Prometheus (${fleet.amp.alias})`,
      path: 'amp',
      type: dataSourceType('amp', fleet.grafana.version),
      urlFact: GRAFANA_FACTS.keys.ampQueryUrl,
      isDefault: true,
      jsonData: {
        httpMethod: 'POST',
        sigV4Auth: true,
        sigV4AuthType: WORKSPACE_ROLE_AUTH,
        sigV4Region: region(fleet.amp.account),
        sigV4AssumeRoleArn: ampDataSourceRoleArn(fleet),
        timeInterval: '30s',
      },
    });
  }
  for (const { account, clusters } of accountsWith(fleet, () => true)) {
    sources.push({
      uid: checkedUid(`cloudwatch-${account}`, `account name "${account}"`),
      name: perAccountName('CloudWatch', account, clusters),
      path: 'cloudwatch',
      type: DATA_SOURCE_TYPES.cloudwatch,
      isDefault: false,
      jsonData: {
        authType: WORKSPACE_ROLE_AUTH,
        assumeRoleArn: accountDataSourceRoleArn(fleet, account),
        defaultRegion: region(account),
        customMetricsNamespaces: CLOUDWATCH_METRICS_NAMESPACE,
      },
    });
  }
  for (const { account, clusters } of accountsWith(fleet, (cluster) => cluster.traces.sink === 'xray')) {
    sources.push({
      uid: checkedUid(`xray-${account}`, `account name "${account}"`),
      name: perAccountName('X-Ray', account, clusters),
      path: 'xray',
      type: DATA_SOURCE_TYPES.xray,
      isDefault: false,
      jsonData: {
        authType: WORKSPACE_ROLE_AUTH,
        assumeRoleArn: accountDataSourceRoleArn(fleet, account),
        defaultRegion: region(account),
      },
    });
  }
  return sources;
}
