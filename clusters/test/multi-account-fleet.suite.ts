import { ampRemoteWriteRoleName } from '../fleet/derived-names';
import { validateObjects } from '../validate/validate-dist';
import { DATA_SOURCE_ROLE_NAMES } from '../../platform/grafana/data-source-roles';
import { DATA_SOURCE_TYPES } from '../../platform/grafana/data-source-types';
import { METRICS_COLLECTOR } from '../../platform/telemetry/collector-identities';
import { multiAccountFleet } from './support/multi-account-fleet';
import { objectsOf, renderForTest } from './support/rendered-tree';

/**
 * The 6-cluster, 5-account, 2-region fleet of support/multi-account-fleet.ts: every cluster
 * renders and validates, each AMP collector writes to the one workspace through its account's
 * remote-write role, and Grafana sees every cluster of each path.
 */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const fleet = multiAccountFleet();
const files = renderForTest(fleet);
const objects = objectsOf(files);
const manager = fleet.grafana.managerCluster;
const ampAccount = fleet.accounts[fleet.amp.account];

function metricsCollector(cluster: string): Json {
  const found = objects.find((candidate) => candidate.cluster === cluster && candidate.object.kind === 'OpenTelemetryCollector' && candidate.object.metadata?.name === METRICS_COLLECTOR.name);
  if (!found) throw new Error(`no metrics collector on ${cluster}`);
  return found.object as Json;
}

function grafanaObjects(kind: string): Json[] {
  return objects.filter((candidate) => candidate.cluster === manager && candidate.object.kind === kind).map((candidate) => candidate.object as Json);
}

function dashboard(uid: string): Json {
  const found = grafanaObjects('GrafanaDashboard').map((object) => JSON.parse(object.spec.json) as Json).find((json) => json.uid === uid);
  if (!found) throw new Error(`no dashboard ${uid}`);
  return found;
}

function variable(json: Json, name: string): Json {
  return (json.templating.list as Json[]).find((candidate) => candidate.name === name) ?? {};
}

describe('a fleet of 6 clusters in 5 accounts over two regions', () => {
  it('renders every cluster, and every object validates against its schema and the policy rules', () => {
    for (const cluster of Object.keys(fleet.clusters)) expect(objects.some((object) => object.cluster === cluster)).toBe(true);
    expect(validateObjects(objects, { fleet })).toEqual([]);
  });

  it.each(Object.keys(multiAccountFleet().clusters))('%s: the metrics collector writes to its own path', (cluster) => {
    const spec = fleet.clusters[cluster];
    const account = fleet.accounts[spec.account];
    const config = metricsCollector(cluster).spec.config;
    if (spec.metrics.sink === 'amp') {
      // The one workspace's region, through the remote-write role of the cluster's account in the AMP account.
      expect(config.extensions.sigv4auth).toEqual({
        region: ampAccount.region,
        service: 'aps',
        assume_role: { arn: `arn:aws:iam::${ampAccount.id}:role/${ampRemoteWriteRoleName(spec.account)}`, sts_region: account.region, session_name: `${cluster}-metrics` },
      });
      expect(Object.keys(config.exporters)).toEqual(['prometheus_remote_write']);
    } else {
      expect(Object.keys(config.exporters)).toEqual(['awsemf']);
      expect(config.exporters.awsemf.region).toBe(account.region);
      expect(config.extensions.sigv4auth).toBeUndefined();
    }
  });

  it('gives Grafana one AMP data source, and one CloudWatch and one X-Ray data source per account that runs clusters, each with that account\'s read role', () => {
    const sources = grafanaObjects('GrafanaDatasource').map((object) => object.spec.datasource as Json);
    const amp = sources.filter((source) => source.type === DATA_SOURCE_TYPES.amp);
    expect(amp).toHaveLength(1);
    expect(amp[0].jsonData).toMatchObject({ sigV4Region: ampAccount.region, sigV4AssumeRoleArn: `arn:aws:iam::${ampAccount.id}:role/${DATA_SOURCE_ROLE_NAMES.amp}` });
    for (const type of [DATA_SOURCE_TYPES.cloudwatch, DATA_SOURCE_TYPES.xray]) {
      const perAccount = sources.filter((source) => source.type === type);
      expect(perAccount.map((source) => source.jsonData.assumeRoleArn).sort()).toEqual(
        ['core', 'data', 'payments', 'search', 'web'].map((account) => `arn:aws:iam::${fleet.accounts[account].id}:role/${DATA_SOURCE_ROLE_NAMES.cloudwatch}`).sort(),
      );
      for (const source of perAccount) {
        const account = Object.entries(fleet.accounts).find(([, candidate]) => source.jsonData.assumeRoleArn.includes(`::${candidate.id}:`))?.[0];
        expect(source.jsonData.defaultRegion).toBe(fleet.accounts[account ?? ''].region);
        // The name lists the account's clusters, which is how a dashboard's $cluster picks it.
        for (const [name, cluster] of Object.entries(fleet.clusters)) {
          expect(source.name.includes(`[${name}]`)).toBe(cluster.account === account);
        }
      }
    }
  });

  it('lists every cluster of the path in the dashboards\' $cluster', () => {
    const onPath = (sink: string) => Object.keys(fleet.clusters).filter((name) => fleet.clusters[name].metrics.sink === sink);
    // X-Ray and CloudWatch: a fixed list, each value selecting its account's data source by name.
    expect(variable(dashboard('ho11y-traces'), 'cluster').query).toBe(Object.keys(fleet.clusters).join(','));
    expect(variable(dashboard('ho11y-cloudwatch'), 'cluster').query).toBe(onPath('cloudwatch').join(','));
    expect(variable(dashboard('ho11y-cloudwatch'), 'datasource').regex).toBe('/\\[$cluster\\]/');
    // AMP: every AMP cluster writes to the one workspace, so the label values of its one data source are every AMP cluster.
    const ampDashboards = grafanaObjects('GrafanaDashboard').map((object) => JSON.parse(object.spec.json) as Json).filter((json) => variable(json, 'datasource').query === DATA_SOURCE_TYPES.amp);
    expect(ampDashboards.length).toBeGreaterThan(0);
    for (const json of ampDashboards) {
      expect(variable(json, 'datasource').regex ?? '').toBe('');
      expect(String(variable(json, 'cluster').query?.query ?? variable(json, 'cluster').query)).toMatch(/^label_values\(.*, cluster\)$/);
    }
  });
});
