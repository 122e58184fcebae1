import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AmpClient, ListWorkspacesCommand } from '@aws-sdk/client-amp';
import { CloudWatchClient, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { STSClient } from '@aws-sdk/client-sts';
import { GetTraceSummariesCommand, XRayClient } from '@aws-sdk/client-xray';
import { parseAllDocuments } from 'yaml';
import { Fleet } from '../fleet/fleet-schema';
import { GRAFANA_FACTS } from '../../platform/cluster-facts';
import { fleetDashboards } from '../../platform/grafana/dashboards/fleet-dashboards';
import { fleetDataSources } from '../../platform/grafana/data-sources';
import { GRAFANA_TOKEN } from '../../platform/grafana/token-rotator/token-contract';
import { HttpTransport, nodeHttpTransport } from '../../platform/grafana/token-rotator/http-transport';
import { AwsCredentials, sendSignedJson } from '../../platform/grafana/token-rotator/signed-aws-request';
import { PLATFORM_NAMESPACES } from '../../platform/platform-namespaces';
import { CLOUDWATCH_METRIC_DECLARATIONS, CLOUDWATCH_METRICS_NAMESPACE } from '../../platform/telemetry/cloudwatch-metrics';
import { CLUSTER_IDENTITY_LABELS, SCRAPE_JOBS } from '../../platform/telemetry/scrape-jobs';
import { HO11Y_ENTRY_COMPONENT } from '../../workloads/ho11y/ho11y-topology';
import { ClusterEndpoint, describeCluster, eksToken, kubernetesGet, platformCredentials } from './eks-access';
import { clientConfig } from './fleet-accounts';

/** One line of the checklist; a failed one says where to look. */
export interface VerifyItem {
  readonly check: string;
  readonly ok: boolean;
  readonly detail: string;
  /** Runbook section for this kind of failure. */
  readonly runbook: string;
}

export interface VerifyDeps {
  readonly transport?: HttpTransport;
  /** Credentials of an account's profile (AMP queries). Default: the SDK's chain for that profile. */
  readonly credentialsOf?: (account: { key: string; region: string }) => Promise<AwsCredentials>;
  /** Credentials of a cluster's platform principal (Kubernetes API). Default: AssumeRole with the account's profile. */
  readonly platformCredentialsOf?: (clusterName: string) => Promise<AwsCredentials>;
  readonly describe?: (clusterName: string) => Promise<ClusterEndpoint>;
  readonly now?: () => Date;
}

/** Sections of clusters/deploy/VERIFY.md, one per kind of check. */
const RUNBOOK = {
  argocd: 'argocd-applications',
  amp: 'amp-samples',
  cloudwatch: 'cloudwatch-metrics',
  xray: 'x-ray-traces',
  dataSources: 'grafana-data-sources',
  dashboards: 'grafana-dashboards',
} as const;

function runbookLink(fleet: Fleet, section: string): string {
  return `${fleet.repository.url.replace(/\.git$/, '')}/blob/${fleet.repository.revision}/clusters/deploy/VERIFY.md#${section}`;
}

function message(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}

/** Application names the bootstrap chart of a cluster renders (and the bootstrap Application itself). */
export function expectedApplications(distRoot: string, clusterName: string): string[] {
  const folder = join(distRoot, clusterName, 'bootstrap', 'templates');
  const names = existsSync(folder)
    ? readdirSync(folder)
        .filter((file) => file.endsWith('.yaml'))
        .flatMap((file) => parseAllDocuments(readFileSync(join(folder, file), 'utf8')).map((document) => document.toJS() as { kind?: string; metadata?: { name?: string } }))
        .filter((object) => object?.kind === 'Application' && object.metadata?.name)
        .map((object) => String(object.metadata?.name))
    : [];
  return ['bootstrap', ...names].sort();
}

function clustersRunningHo11y(fleet: Fleet): Set<string> {
  return new Set(Object.values(fleet.teams).flatMap((team) => Object.entries(team.apps).filter(([name, app]) => (app.chart ?? name) === 'ho11y').flatMap(([, app]) => app.clusters)));
}

/**
 * `make verify`: read-only proof that the deploy works end to end, as a checklist. Every check
 * runs (a failing one does not stop the others) and a failed one links its runbook section.
 */
export async function verify(fleet: Fleet, distRoot: string, deps: VerifyDeps = {}): Promise<VerifyItem[]> {
  const transport = deps.transport ?? nodeHttpTransport;
  const now = deps.now ?? (() => new Date());
  const credentialsOf = deps.credentialsOf ?? ((account) => new STSClient(clientConfig(account)).config.credentials());
  const platformCredentialsOf = deps.platformCredentialsOf ?? ((cluster) => platformCredentials(fleet, cluster));
  const describe = deps.describe ?? ((cluster) => describeCluster(fleet, cluster));
  const items: VerifyItem[] = [];
  const add = (check: string, ok: boolean, detail: string, section: string) => items.push({ check, ok, detail, runbook: runbookLink(fleet, section) });
  const ho11yClusters = clustersRunningHo11y(fleet);

  const kube = new Map<string, { cluster: ClusterEndpoint; token: string }>();
  for (const clusterName of Object.keys(fleet.clusters).sort()) {
    const check = `ArgoCD applications of ${clusterName} synced and healthy`;
    try {
      const cluster = await describe(clusterName);
      const token = await eksToken(await platformCredentialsOf(clusterName), clusterName, cluster.region, now());
      kube.set(clusterName, { cluster, token });
      const list = await kubernetesGet<{ items: { metadata: { name: string }; status?: { sync?: { status?: string }; health?: { status?: string } } }[] }>(
        transport,
        cluster,
        token,
        `/apis/argoproj.io/v1alpha1/namespaces/${PLATFORM_NAMESPACES.argocd}/applications`,
      );
      const found = new Map(list.items.map((app) => [app.metadata.name, app]));
      const bad = expectedApplications(distRoot, clusterName).flatMap((name) => {
        const app = found.get(name);
        if (!app) return [`${name} missing`];
        const sync = app.status?.sync?.status ?? 'Unknown';
        const health = app.status?.health?.status ?? 'Unknown';
        return sync === 'Synced' && health === 'Healthy' ? [] : [`${name} ${sync}/${health}`];
      });
      add(check, bad.length === 0, bad.length === 0 ? `${found.size} applications` : bad.join(', '), RUNBOOK.argocd);
    } catch (error) {
      add(check, false, message(error), RUNBOOK.argocd);
    }
  }

  const ampAccount = { key: fleet.amp.account, region: fleet.accounts[fleet.amp.account].region };
  for (const [clusterName] of Object.entries(fleet.clusters).filter(([, spec]) => spec.metrics.sink === 'amp')) {
    const check = `AMP receives samples from ${clusterName} (up of every scrape job, last 5 minutes)`;
    try {
      const { workspaces = [] } = await new AmpClient(clientConfig(ampAccount)).send(new ListWorkspacesCommand({ alias: fleet.amp.alias }));
      const workspaceId = workspaces.find((workspace) => workspace.alias === fleet.amp.alias)?.workspaceId;
      if (!workspaceId) throw new Error(`no AMP workspace with alias ${fleet.amp.alias} in ${ampAccount.key}`);
      const query = `max by (job) (max_over_time(up{${CLUSTER_IDENTITY_LABELS.cluster}="${clusterName}"}[5m]))`;
      const url = `https://aps-workspaces.${ampAccount.region}.amazonaws.com/workspaces/${workspaceId}/api/v1/query?query=${encodeURIComponent(query)}`;
      const response = await sendSignedJson(transport, await credentialsOf(ampAccount), { service: 'aps', region: ampAccount.region }, { method: 'GET', url }, now());
      const result = (JSON.parse(response.body) as { data: { result: { metric: { job?: string }; value: [number, string] }[] } }).data.result;
      const up = new Map(result.map((series) => [series.metric.job ?? '', series.value[1]]));
      const missing = Object.values(SCRAPE_JOBS).filter((job) => up.get(job) !== '1');
      add(check, missing.length === 0, missing.length === 0 ? `${up.size} jobs up` : `no up == 1 for: ${missing.join(', ')}`, RUNBOOK.amp);
    } catch (error) {
      add(check, false, message(error), RUNBOOK.amp);
    }
  }

  for (const [clusterName, spec] of Object.entries(fleet.clusters).filter(([, cluster]) => cluster.metrics.sink === 'cloudwatch')) {
    const check = `CloudWatch metrics of ${clusterName} under ${CLOUDWATCH_METRICS_NAMESPACE} with the declared dimensions`;
    try {
      const client = new CloudWatchClient(clientConfig({ key: spec.account, region: fleet.accounts[spec.account].region }));
      const missing: string[] = [];
      for (const declaration of CLOUDWATCH_METRIC_DECLARATIONS) {
        const metricName = declaration.metricNameSelectors[0].replace(/^\^|\$$/g, '');
        if (metricName.startsWith('ho11y_') && !ho11yClusters.has(clusterName)) continue;
        const { Metrics = [] } = await client.send(
          new ListMetricsCommand({ Namespace: CLOUDWATCH_METRICS_NAMESPACE, MetricName: metricName, Dimensions: [{ Name: 'ClusterName', Value: clusterName }], RecentlyActive: 'PT3H' }),
        );
        for (const dimensions of declaration.dimensions) {
          const wanted = [...dimensions].sort().join(',');
          if (!Metrics.some((metric) => (metric.Dimensions ?? []).map((dimension) => dimension.Name).sort().join(',') === wanted)) {
            missing.push(`${metricName} [${dimensions.join(', ')}]`);
          }
        }
      }
      add(check, missing.length === 0, missing.length === 0 ? 'every declared metric and dimension set present' : `missing: ${missing.join('; ')}`, RUNBOOK.cloudwatch);
    } catch (error) {
      add(check, false, message(error), RUNBOOK.cloudwatch);
    }
  }

  for (const [clusterName, spec] of Object.entries(fleet.clusters).filter(([name, cluster]) => cluster.traces.sink === 'xray' && ho11yClusters.has(name))) {
    const check = `X-Ray traces from ho11y on ${clusterName} in the last 15 minutes`;
    try {
      const end = now();
      const { TraceSummaries = [] } = await new XRayClient(clientConfig({ key: spec.account, region: fleet.accounts[spec.account].region })).send(
        new GetTraceSummariesCommand({ StartTime: new Date(end.getTime() - 15 * 60_000), EndTime: end, FilterExpression: `service("${HO11Y_ENTRY_COMPONENT}")` }),
      );
      add(check, TraceSummaries.length > 0, `${TraceSummaries.length} traces`, RUNBOOK.xray);
    } catch (error) {
      add(check, false, message(error), RUNBOOK.xray);
    }
  }

  const manager = kube.get(fleet.grafana.managerCluster);
  let grafana: { url: string; token: string } | undefined;
  let grafanaError = `cannot reach cluster ${fleet.grafana.managerCluster}`;
  if (manager) {
    try {
      const namespace = PLATFORM_NAMESPACES.grafanaOperator;
      const facts = await kubernetesGet<{ data?: Record<string, string> }>(transport, manager.cluster, manager.token, `/api/v1/namespaces/${namespace}/configmaps/${GRAFANA_FACTS.name}`);
      const secret = await kubernetesGet<{ data?: Record<string, string> }>(transport, manager.cluster, manager.token, `/api/v1/namespaces/${namespace}/secrets/${GRAFANA_TOKEN.secretName}`);
      const url = facts.data?.[GRAFANA_FACTS.keys.workspaceUrl];
      const token = secret.data?.[GRAFANA_TOKEN.secretKey];
      if (!url || !token) throw new Error(`${url ? '' : `${GRAFANA_FACTS.name} has no ${GRAFANA_FACTS.keys.workspaceUrl}; `}${token ? '' : `${GRAFANA_TOKEN.secretName} holds no token yet (see the rotator Job)`}`);
      grafana = { url, token: Buffer.from(token, 'base64').toString('utf8') };
    } catch (error) {
      grafanaError = message(error);
    }
  }
  const grafanaGet = async (path: string) => {
    if (!grafana) throw new Error(grafanaError);
    const request = { method: 'GET' as const, url: `${grafana.url}${path}`, headers: { Authorization: `Bearer ${grafana.token}`, Accept: 'application/json' } };
    return transport(request);
  };
  for (const source of fleetDataSources(fleet)) {
    const check = `Grafana data source ${source.uid} healthy`;
    try {
      const response = await grafanaGet(`/api/datasources/uid/${encodeURIComponent(source.uid)}/health`);
      const body = JSON.parse(response.body || '{}') as { status?: string; message?: string };
      add(check, response.status === 200 && body.status === 'OK', body.message ?? `HTTP ${response.status}`, RUNBOOK.dataSources);
    } catch (error) {
      add(check, false, message(error), RUNBOOK.dataSources);
    }
  }
  for (const dashboard of fleetDashboards(fleet)) {
    const check = `Grafana dashboard ${dashboard.definition.uid} present`;
    try {
      const response = await grafanaGet(`/api/dashboards/uid/${encodeURIComponent(dashboard.definition.uid)}`);
      add(check, response.status === 200, response.status === 200 ? 'found' : `HTTP ${response.status}`, RUNBOOK.dashboards);
    } catch (error) {
      add(check, false, message(error), RUNBOOK.dashboards);
    }
  }
  return items;
}

/** The checklist as printed. */
export function formatChecklist(items: readonly VerifyItem[]): string {
  const failed = items.filter((item) => !item.ok).length;
  const lines = items.flatMap((item) => [`${item.ok ? '[ok]  ' : '[FAIL]'} ${item.check}: ${item.detail}`, ...(item.ok ? [] : [`       where to look: ${item.runbook}`])]);
  lines.push(failed === 0 ? `All ${items.length} checks passed.` : `${failed} of ${items.length} checks failed.`);
  return lines.join('\n');
}
