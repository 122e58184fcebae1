import { POD_SECURITY_EXCEPTIONS } from '../pod-security-exceptions';
import { containersWithFindings, evaluatePodSecurity, PodSecurityFinding } from './pod-security-standards';
import { deployments, DeploymentView, exampleFleet, renderClusterView, TEAM } from './rendered-apps';

const fleet = exampleFleet();
const clusters = Object.keys(fleet.clusters);
const apps = fleet.teams[TEAM].apps;

/** The findings an exception entry allows, derived from the entry alone. */
function allowedFindings(chart: string, container: string): string[] {
  const exception = POD_SECURITY_EXCEPTIONS.find((entry) => entry.chart === chart && entry.container === container)?.exception;
  if (!exception) return [];
  return [
    ...(exception.runAsRoot ? ['restricted: runAsNonRoot is not true'] : []),
    ...(exception.addCapabilities ?? []).filter((capability) => capability !== 'NET_BIND_SERVICE').map((capability) => `restricted: adds capability ${capability}`),
    ...(exception.writableRootFilesystem ? ['hardening: root filesystem is writable'] : []),
  ].sort();
}

const describeFinding = (finding: PodSecurityFinding) => `${finding.level}: ${finding.control}`;

describe.each(clusters)('pod security on %s', (cluster) => {
  const view = renderClusterView(fleet, cluster);
  const rendered = Object.entries(apps)
    .filter(([, app]) => app.clusters.includes(cluster))
    .flatMap(([name, app]) => deployments(view.app(name)).map((deployment) => ({ chart: app.chart ?? name, deployment })));

  test('every pod meets baseline, the level the namespace enforces', () => {
    expect(rendered.length).toBeGreaterThan(0);
    const baseline = rendered.flatMap(({ deployment }) => evaluatePodSecurity(deployment.spec.template).filter((finding) => finding.level === 'baseline'));
    expect(baseline).toEqual([]);
  });

  test('exactly the containers in the exception list deviate from restricted (or write to their image), and only as far as listed', () => {
    const deviating = rendered.flatMap(({ chart, deployment }) =>
      containersWithFindings(evaluatePodSecurity(deployment.spec.template)).map((container) => `${chart}/${container}`),
    );
    const renderedCharts = new Set(rendered.map(({ chart }) => chart));
    const listed = POD_SECURITY_EXCEPTIONS.filter((entry) => renderedCharts.has(entry.chart)).map((entry) => `${entry.chart}/${entry.container}`);
    expect(deviating.sort()).toEqual(listed.sort());

    for (const { chart, deployment } of rendered) {
      for (const container of deployment.spec.template.spec.containers) {
        const findings = evaluatePodSecurity(deployment.spec.template).filter((finding) => finding.container === container.name).map(describeFinding).sort();
        expect({ container: `${chart}/${container.name}`, findings }).toEqual({ container: `${chart}/${container.name}`, findings: allowedFindings(chart, container.name) });
      }
    }
  });

  test('the namespace enforces baseline and audits and warns on restricted, so every exception stays visible', () => {
    const namespace = view.tenancy().find(({ object }) => object.kind === 'Namespace' && object.metadata.name === fleet.teams[TEAM].namespace);
    expect((namespace?.object.metadata as { labels?: Record<string, string> }).labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'baseline',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
    });
  });
});

describe('the evaluator catches what it is meant to', () => {
  const view = renderClusterView(fleet, clusters[0]);
  const frontend = deployments(view.app('ho11y')).find((deployment) => deployment.metadata.name === 'frontend');
  if (!frontend) throw new Error('ho11y frontend not rendered');
  const planted = (change: (deployment: DeploymentView) => void) => {
    const copy = structuredClone(frontend);
    change(copy);
    return evaluatePodSecurity(copy.spec.template).map(describeFinding);
  };

  test('the untouched frontend has no finding', () => {
    expect(evaluatePodSecurity(frontend.spec.template)).toEqual([]);
  });

  test.each([
    ['host network', (d: DeploymentView) => (d.spec.template.spec.hostNetwork = true), 'baseline: hostNetwork is true'],
    ['privileged', (d: DeploymentView) => (d.spec.template.spec.containers[0].securityContext = { ...d.spec.template.spec.containers[0].securityContext, privileged: true }), 'baseline: privileged'],
    [
      'SYS_ADMIN',
      (d: DeploymentView) => (d.spec.template.spec.containers[0].securityContext = { ...d.spec.template.spec.containers[0].securityContext, capabilities: { drop: ['ALL'], add: ['SYS_ADMIN'] } }),
      'baseline: adds capability SYS_ADMIN',
    ],
    ['hostPath', (d: DeploymentView) => (d.spec.template.spec.volumes = [{ name: 'host', hostPath: { path: '/' } }]), 'baseline: volume host is a hostPath'],
    [
      'root',
      (d: DeploymentView) => {
        d.spec.template.spec.securityContext = { ...d.spec.template.spec.securityContext, runAsNonRoot: false };
        d.spec.template.spec.containers[0].securityContext = { ...d.spec.template.spec.containers[0].securityContext, runAsNonRoot: undefined };
      },
      'restricted: runAsNonRoot is not true',
    ],
    ['privilege escalation', (d: DeploymentView) => (d.spec.template.spec.containers[0].securityContext = { ...d.spec.template.spec.containers[0].securityContext, allowPrivilegeEscalation: true }), 'restricted: allowPrivilegeEscalation is not false'],
  ])('a planted %s is found', (_name, change, expected) => {
    expect(planted(change)).toContain(expected);
  });
});
