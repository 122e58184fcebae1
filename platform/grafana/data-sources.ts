import type { Fleet } from '../../clusters/fleet/fleet-schema';
import { GRAFANA_FACTS } from '../cluster-facts';
import { CLOUDWATCH_METRICS_NAMESPACE } from '../telemetry/cloudwatch-metrics';
import { ampDataSourceRoleArn, clusterDataSourceRoleArn } from './data-source-roles';
import { DATA_SOURCE_TYPES, DataPath, dataSourceType } from './data-source-types';

/**
 * The Grafana data sources the fleet needs: AMP when a cluster writes to it, CloudWatch for each
 * account with a CloudWatch cluster, X-Ray for each account sending traces. UIDs are derived from
 * fleet names, never generated, so dashboards and links survive a re-create.
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

/** Regular expression over data source names picking the one holding `cluster` (a name or a `$variable`). */
export function xrayDataSourceNameRegex(cluster: string): string {
  return `/\\[${cluster}\\]/`;
}

/** Clusters whose traces reach X-Ray, in fleet order. */
export function xrayClusters(fleet: Fleet): string[] {
  return Object.entries(fleet.clusters)
    .filter(([, cluster]) => cluster.traces.sink === 'xray')
    .map(([name]) => name);
}

function firstClusterOf(fleet: Fleet, name: string): Fleet['clusters'][string] {
  const cluster = fleet.clusters[name];
  if (!cluster) throw new Error(`No cluster "${name}" in the fleet file.`);
  return cluster;
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
  for (const { account, clusters } of accountsWith(fleet, (cluster) => cluster.metrics.sink === 'cloudwatch')) {
    sources.push({
      uid: checkedUid(`cloudwatch-${account}`, `account name "${account}"`),
      name: perAccountName('CloudWatch', account, clusters),
      path: 'cloudwatch',
      type: DATA_SOURCE_TYPES.cloudwatch,
      isDefault: false,
      jsonData: {
        authType: WORKSPACE_ROLE_AUTH,
        assumeRoleArn: clusterDataSourceRoleArn(fleet, firstClusterOf(fleet, clusters[0])),
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
        assumeRoleArn: clusterDataSourceRoleArn(fleet, firstClusterOf(fleet, clusters[0])),
        defaultRegion: region(account),
      },
    });
  }
  return sources;
}
