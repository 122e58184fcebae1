import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AmpClient, ListWorkspacesCommand } from '@aws-sdk/client-amp';
import { CloudWatchClient, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { GetTraceSummariesCommand, XRayClient } from '@aws-sdk/client-xray';
import { mockClient } from 'aws-sdk-client-mock';
import { fleetDashboards } from '../../../platform/grafana/dashboards/fleet-dashboards';
import { fleetDataSources } from '../../../platform/grafana/data-sources';
import { HttpRequest, HttpResponse } from '../../../platform/grafana/token-rotator/http-transport';
import { CLOUDWATCH_METRIC_DECLARATIONS } from '../../../platform/telemetry/cloudwatch-metrics';
import { SCRAPE_JOBS } from '../../../platform/telemetry/scrape-jobs';
import { eksToken } from '../eks-access';
import { formatChecklist, verify, VerifyItem } from '../verify';
import { deployFleet } from './fake-aws';

const fleet = deployFleet();
const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'session' };
const GRAFANA_URL = 'https://g-abc.grafana-workspace.eu-west-1.amazonaws.com';

const amp = mockClient(AmpClient);
const cloudWatch = mockClient(CloudWatchClient);
const xray = mockClient(XRayClient);
let distRoot: string;

beforeAll(() => {
  distRoot = mkdtempSync(join(tmpdir(), 'verify-dist-'));
  for (const cluster of Object.keys(fleet.clusters)) {
    mkdirSync(join(distRoot, cluster, 'bootstrap', 'templates'), { recursive: true });
    writeFileSync(join(distRoot, cluster, 'bootstrap', 'templates', 'application-platform-collectors.yaml'), 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: platform-collectors\n');
  }
});
afterAll(() => {
  rmSync(distRoot, { recursive: true, force: true });
  amp.restore();
  cloudWatch.restore();
  xray.restore();
});

interface World {
  applications: Record<string, { sync: string; health: string }>;
  upJobs: Record<string, string>;
  /** Dimension names of the listed CloudWatch metrics, per metric name. */
  cloudWatchDimensions: (metricName: string) => string[][];
  traces: number;
  dataSourceStatus: (uid: string) => string;
  dashboardPresent: (uid: string) => boolean;
  tokenInSecret: boolean;
}

function healthyWorld(): World {
  return {
    applications: { bootstrap: { sync: 'Synced', health: 'Healthy' }, 'platform-collectors': { sync: 'Synced', health: 'Healthy' } },
    upJobs: Object.fromEntries(Object.values(SCRAPE_JOBS).map((job) => [job, '1'])),
    cloudWatchDimensions: (metricName) => CLOUDWATCH_METRIC_DECLARATIONS.filter((declaration) => declaration.metricNameSelectors[0] === `^${metricName}$`).flatMap((declaration) => declaration.dimensions.map((set) => [...set])),
    traces: 3,
    dataSourceStatus: () => 'OK',
    dashboardPresent: () => true,
    tokenInSecret: true,
  };
}

async function run(world: World): Promise<{ items: VerifyItem[]; requests: HttpRequest[] }> {
  const requests: HttpRequest[] = [];
  amp.on(ListWorkspacesCommand).resolves({ workspaces: [{ alias: fleet.amp.alias, workspaceId: 'ws-1', arn: 'arn', status: { statusCode: 'ACTIVE' }, createdAt: new Date(0) }] });
  cloudWatch.on(ListMetricsCommand).callsFake(async (input) => ({
    Metrics: world.cloudWatchDimensions(String(input.MetricName)).map((names) => ({ MetricName: input.MetricName, Dimensions: names.map((name) => ({ Name: name, Value: 'x' })) })),
  }));
  xray.on(GetTraceSummariesCommand).resolves({ TraceSummaries: Array.from({ length: world.traces }, (_, index) => ({ Id: `trace-${index}` })) });
  const json = (body: unknown, status = 200): HttpResponse => ({ status, body: JSON.stringify(body) });
  const transport = async (request: HttpRequest): Promise<HttpResponse> => {
    requests.push(request);
    const url = new URL(request.url);
    if (url.pathname.endsWith('/applications')) {
      return json({ items: Object.entries(world.applications).map(([name, status]) => ({ metadata: { name }, status: { sync: { status: status.sync }, health: { status: status.health } } })) });
    }
    if (url.pathname.includes('/configmaps/grafana-facts')) return json({ data: { GRAFANA_URL } });
    if (url.pathname.includes('/secrets/grafana-api-token')) return json({ data: world.tokenInSecret ? { token: Buffer.from('glsa_token').toString('base64') } : {} });
    if (url.pathname.endsWith('/api/v1/query')) {
      return json({ status: 'success', data: { resultType: 'vector', result: Object.entries(world.upJobs).map(([job, value]) => ({ metric: { job }, value: [0, value] })) } });
    }
    const health = /^\/api\/datasources\/uid\/([^/]+)\/health$/.exec(url.pathname);
    if (health) return json({ status: world.dataSourceStatus(health[1]), message: `${health[1]} says ${world.dataSourceStatus(health[1])}` });
    const dashboard = /^\/api\/dashboards\/uid\/([^/]+)$/.exec(url.pathname);
    if (dashboard) return world.dashboardPresent(dashboard[1]) ? json({ dashboard: {} }) : json({ message: 'Dashboard not found' }, 404);
    throw new Error(`unexpected ${request.url}`);
  };
  const items = await verify(fleet, distRoot, {
    transport,
    credentialsOf: async () => CREDENTIALS,
    platformCredentialsOf: async () => CREDENTIALS,
    describe: async (name) => ({ name, arn: `arn:aws:eks:eu-west-1:1:cluster/${name}`, endpoint: `https://${name}.eks.example`, certificateAuthority: Buffer.from('PEM').toString('base64'), region: 'eu-west-1' }),
    now: () => new Date(Date.UTC(2026, 5, 1)),
  });
  return { items, requests };
}

const failed = (items: VerifyItem[]) => items.filter((item) => !item.ok);

describe('make verify', () => {
  afterEach(() => {
    amp.reset();
    cloudWatch.reset();
    xray.reset();
  });

  it('passes every check of a healthy deploy: apps, AMP, CloudWatch, X-Ray, data sources, dashboards', async () => {
    const { items, requests } = await run(healthyWorld());
    expect(failed(items)).toEqual([]);
    const checks = items.map((item) => item.check);
    expect(checks.filter((check) => check.startsWith('ArgoCD'))).toHaveLength(2);
    expect(checks.filter((check) => check.startsWith('AMP'))).toEqual(['AMP receives samples from prod1 (up of every scrape job, last 5 minutes)']);
    expect(checks.filter((check) => check.startsWith('CloudWatch'))).toHaveLength(1);
    expect(checks.filter((check) => check.startsWith('X-Ray'))).toHaveLength(2);
    expect(checks.filter((check) => check.includes('data source'))).toHaveLength(fleetDataSources(fleet).length);
    expect(checks.filter((check) => check.includes('dashboard'))).toHaveLength(fleetDashboards(fleet).length);
    const query = requests.find((request) => request.url.includes('/api/v1/query'));
    expect(query?.url).toMatch(/^https:\/\/aps-workspaces\.eu-west-1\.amazonaws\.com\/workspaces\/ws-1\/api\/v1\/query\?query=/);
    expect(query?.headers.authorization).toMatch(/Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/aps\/aws4_request/);
    expect(requests.filter((request) => request.url.startsWith(GRAFANA_URL)).every((request) => request.headers.Authorization === 'Bearer glsa_token')).toBe(true);
    expect(requests.every((request) => request.method === 'GET')).toBe(true);
    expect(formatChecklist(items)).toContain(`All ${items.length} checks passed.`);
  });

  it('names each failing item and where to look', async () => {
    const world = healthyWorld();
    world.applications['platform-collectors'] = { sync: 'OutOfSync', health: 'Degraded' };
    world.upJobs['kube-state-metrics'] = '0';
    world.cloudWatchDimensions = (metricName) => (metricName === 'ho11y_total' ? [['ClusterName', 'Namespace', 'Service']] : healthyWorld().cloudWatchDimensions(metricName));
    world.traces = 0;
    world.dataSourceStatus = (uid) => (uid === 'amp' ? 'ERROR' : 'OK');
    const firstDashboard = fleetDashboards(fleet)[0].definition.uid;
    world.dashboardPresent = (uid) => uid !== firstDashboard;
    const { items } = await run(world);
    const details = failed(items).map((item) => `${item.check}: ${item.detail}`);
    expect(details).toEqual(
      expect.arrayContaining([
        expect.stringContaining('platform-collectors OutOfSync/Degraded'),
        expect.stringContaining('no up == 1 for: kube-state-metrics'),
        expect.stringContaining('ho11y_total [ClusterName, Namespace, Service, http_status_code]'),
        expect.stringMatching(/X-Ray traces from ho11y on prod1 .*: 0 traces/),
        expect.stringContaining('amp healthy: amp says ERROR'),
        expect.stringContaining(`${firstDashboard} present: HTTP 404`),
      ]),
    );
    for (const item of failed(items)) {
      expect(item.runbook).toMatch(/^https:\/\/github\.com\/acme-platform\/observability\/blob\/main\/clusters\/deploy\/VERIFY\.md#[a-z-]+$/);
    }
    expect(formatChecklist(items)).toContain('where to look:');
  });

  it('reports a missing Grafana token once per Grafana item instead of stopping', async () => {
    const world = healthyWorld();
    world.tokenInSecret = false;
    const { items } = await run(world);
    const grafana = items.filter((item) => item.check.startsWith('Grafana'));
    expect(grafana.length).toBeGreaterThan(0);
    expect(grafana.every((item) => !item.ok && item.detail.includes('holds no token yet'))).toBe(true);
    expect(items.filter((item) => !item.check.startsWith('Grafana')).every((item) => item.ok)).toBe(true);
  });
});

describe('eksToken', () => {
  it('is a presigned STS GetCallerIdentity URL that names the cluster, valid for a minute', async () => {
    const token = await eksToken(CREDENTIALS, 'prod1', 'eu-west-1', new Date(Date.UTC(2026, 5, 1)));
    expect(token.startsWith('k8s-aws-v1.')).toBe(true);
    const url = new URL(Buffer.from(token.slice('k8s-aws-v1.'.length), 'base64url').toString('utf8'));
    expect(url.host).toBe('sts.eu-west-1.amazonaws.com');
    expect(url.searchParams.get('Action')).toBe('GetCallerIdentity');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('60');
    expect(url.searchParams.get('X-Amz-SignedHeaders')?.split(';')).toEqual(expect.arrayContaining(['host', 'x-k8s-aws-id']));
    expect(url.searchParams.get('X-Amz-Credential')).toBe('AKIDEXAMPLE/20260601/eu-west-1/sts/aws4_request');
  });
});
