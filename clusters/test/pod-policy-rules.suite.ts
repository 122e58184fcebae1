import { ManifestObject } from '../validate/object-problem';
import { POLICY_RULES } from '../validate/policy-rules';
import { RenderedObject } from '../validate/rendered-objects';
import { TEAM_ADMISSION_RULES } from '../validate/rules/team-admission';
import * as planting from './support/planted-render';
import { CLEAN_OBJECTS, copyOf, ECHO_FLEET, Editable, placed, planted } from './support/planted-render';

/**
 * Rules about pods: Pod Security Standards, resources, probes, image pinning. Several of them are
 * also enforced in the cluster by the team namespaces' admission policies, whose gate rule
 * (`team-admission`) then fires too; that mirror has its own tests (team-admission.test.ts), so
 * these leave it out to show each pod rule on its own.
 */
const POD_RULES = POLICY_RULES.filter((rule) => !TEAM_ADMISSION_RULES.includes(rule));
const findingsOf = (objects: readonly RenderedObject[]) => planting.findingsOf(objects, ECHO_FLEET, POD_RULES);
const rulesFiring = (objects: readonly RenderedObject[]) => [...new Set(findingsOf(objects).map((finding) => finding.rule))].sort();

const container = (deployment: Editable): Editable => deployment.spec.template.spec.containers[0];
const pod = (deployment: Editable): Editable => deployment.spec.template.spec;

describe('the clean render', () => {
  test('meets every rule', () => {
    expect(findingsOf(CLEAN_OBJECTS)).toEqual([]);
  });
});

describe('each pod rule catches its planted violation, and only that rule fires', () => {
  test.each<[string, (deployment: Editable) => void, string, string]>([
    ['host network', (d) => (pod(d).hostNetwork = true), 'pod-security-baseline', '/spec/template/spec/hostNetwork'],
    ['host PID', (d) => (pod(d).hostPID = true), 'pod-security-baseline', '/spec/template/spec/hostPID'],
    ['a privileged container', (d) => (container(d).securityContext.privileged = true), 'pod-security-baseline', '/spec/template/spec/containers/0/securityContext/privileged'],
    ['a host port', (d) => (container(d).ports[0].hostPort = 8080), 'pod-security-baseline', '/spec/template/spec/containers/0/ports/0/hostPort'],
    ['an unsafe sysctl', (d) => (pod(d).securityContext.sysctls = [{ name: 'kernel.msgmax', value: '1' }]), 'pod-security-baseline', '/spec/template/spec/securityContext/sysctls/0'],
    ['root allowed', (d) => delete pod(d).securityContext.runAsNonRoot, 'pod-security-restricted', '/spec/template/spec/containers/0/securityContext/runAsNonRoot'],
    ['uid 0 for the container', (d) => (container(d).securityContext.runAsUser = 0), 'pod-security-restricted', '/spec/template/spec/containers/0/securityContext/runAsUser'],
    ['privilege escalation allowed', (d) => delete container(d).securityContext.allowPrivilegeEscalation, 'pod-security-restricted', '/spec/template/spec/containers/0/securityContext/allowPrivilegeEscalation'],
    ['capabilities not dropped', (d) => (container(d).securityContext.capabilities.drop = ['NET_RAW']), 'pod-security-restricted', '/spec/template/spec/containers/0/securityContext/capabilities/drop'],
    ['a baseline capability added', (d) => (container(d).securityContext.capabilities.add = ['CHOWN']), 'pod-security-restricted', '/spec/template/spec/containers/0/securityContext/capabilities/add'],
    ['no seccomp profile', (d) => delete pod(d).securityContext.seccompProfile, 'pod-security-restricted', '/spec/template/spec/containers/0/securityContext/seccompProfile/type'],
    ['an NFS volume', (d) => (pod(d).volumes = [{ name: 'share', nfs: { server: 'nfs.example.com', path: '/' } }]), 'pod-security-restricted', '/spec/template/spec/volumes/0'],
    ['a writable root filesystem', (d) => (container(d).securityContext.readOnlyRootFilesystem = false), 'container-read-only-root-filesystem', '/spec/template/spec/containers/0/securityContext/readOnlyRootFilesystem'],
    ['no memory limit', (d) => delete container(d).resources.limits.memory, 'container-resources', '/spec/template/spec/containers/0/resources'],
    ['no requests', (d) => delete container(d).resources.requests, 'container-resources', '/spec/template/spec/containers/0/resources'],
    ['no readiness probe', (d) => delete container(d).readinessProbe, 'container-probes', '/spec/template/spec/containers/0/readinessProbe'],
    ['no liveness probe', (d) => delete container(d).livenessProbe, 'container-probes', '/spec/template/spec/containers/0/livenessProbe'],
    ['the latest tag', (d) => (container(d).image = 'registry.example.com/echo:latest'), 'image-pinned', '/spec/template/spec/containers/0/image'],
    ['no tag', (d) => (container(d).image = 'registry.example.com/echo'), 'image-pinned', '/spec/template/spec/containers/0/image'],
    ['a floating tag', (d) => (container(d).image = 'public.ecr.aws/mhausenblas/ho11y:stable'), 'image-pinned', '/spec/template/spec/containers/0/image'],
    ['a registry port mistaken for a tag', (d) => (container(d).image = 'localhost:5000/echo'), 'image-pinned', '/spec/template/spec/containers/0/image'],
  ])('%s', (_title, change, rule, field) => {
    const findings = findingsOf(planted('Deployment', 'ho11y', change));
    expect(findings).toContainEqual({ rule, object: 'Deployment geordie/ho11y', field });
    expect(new Set(findings.map((finding) => finding.rule))).toEqual(new Set([rule]));
  });

  test('a hostPath volume breaks baseline (and restricted, which allows fewer volume types)', () => {
    const objects = planted('Deployment', 'ho11y', (d) => (pod(d).volumes = [{ name: 'docker', hostPath: { path: '/var/run/docker.sock' } }]));
    expect(rulesFiring(objects)).toEqual(['pod-security-baseline', 'pod-security-restricted']);
  });

  test('a capability beyond baseline breaks both levels', () => {
    const objects = planted('Deployment', 'ho11y', (d) => (container(d).securityContext.capabilities.add = ['SYS_ADMIN']));
    expect(findingsOf(objects)).toEqual(
      expect.arrayContaining([
        { rule: 'pod-security-baseline', object: 'Deployment geordie/ho11y', field: '/spec/template/spec/containers/0/securityContext/capabilities/add' },
        { rule: 'pod-security-restricted', object: 'Deployment geordie/ho11y', field: '/spec/template/spec/containers/0/securityContext/capabilities/add' },
      ]),
    );
  });

  test('seccomp switched off breaks both levels', () => {
    const objects = planted('Deployment', 'ho11y', (d) => (pod(d).securityContext.seccompProfile.type = 'Unconfined'));
    expect(findingsOf(objects)).toEqual([
      { rule: 'pod-security-baseline', object: 'Deployment geordie/ho11y', field: '/spec/template/spec/securityContext/seccompProfile/type' },
      { rule: 'pod-security-restricted', object: 'Deployment geordie/ho11y', field: '/spec/template/spec/containers/0/securityContext/seccompProfile/type' },
    ]);
  });

  test('init containers are checked too, but need no probes', () => {
    const objects = planted('Deployment', 'ho11y', (d) => {
      pod(d).initContainers = [{ ...JSON.parse(JSON.stringify(container(d))), name: 'wait', image: 'busybox' }];
      delete pod(d).initContainers[0].readinessProbe;
      delete pod(d).initContainers[0].livenessProbe;
    });
    expect(findingsOf(objects)).toEqual([{ rule: 'image-pinned', object: 'Deployment geordie/ho11y', field: '/spec/template/spec/initContainers/0/image' }]);
  });

  test('an image pinned by digest alone passes', () => {
    const objects = planted('Deployment', 'ho11y', (d) => (container(d).image = `registry.example.com/echo@sha256:${'a'.repeat(64)}`));
    expect(findingsOf(objects)).toEqual([]);
  });
});

describe('every kind that makes pods is read', () => {
  const deployment = CLEAN_OBJECTS.find(({ cluster, object }) => cluster === 'prod1' && object.kind === 'Deployment' && object.metadata?.name === 'ho11y');
  const template = JSON.parse(JSON.stringify((deployment?.object as Editable).spec.template));
  const unpinned = JSON.parse(JSON.stringify(template));
  unpinned.spec.containers[0].image = 'registry.example.com/echo';

  test('a CronJob is read through its job template, and needs no probes', () => {
    const cronJob = (podTemplate: Editable): ManifestObject => ({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'load', namespace: 'geordie' }, spec: { schedule: '* * * * *', jobTemplate: { spec: { template: podTemplate } } } });
    const withoutProbes = JSON.parse(JSON.stringify(template));
    delete withoutProbes.spec.containers[0].readinessProbe;
    delete withoutProbes.spec.containers[0].livenessProbe;
    expect(findingsOf([...copyOf(), placed('prod1', 'workloads/team-geordie/ho11y', cronJob(withoutProbes))])).toEqual([]);
    expect(findingsOf([...copyOf(), placed('prod1', 'workloads/team-geordie/ho11y', cronJob(unpinned))])).toEqual([
      { rule: 'image-pinned', object: 'CronJob geordie/load', field: '/spec/jobTemplate/spec/template/spec/containers/0/image' },
    ]);
  });

  test.each(['StatefulSet', 'DaemonSet'])('a %s', (kind) => {
    const object: ManifestObject = { apiVersion: 'apps/v1', kind, metadata: { name: 'x', namespace: 'geordie' }, spec: { selector: { matchLabels: { app: 'ho11y' } }, template: unpinned } };
    // In a platform folder: teams may not sync DaemonSets (team-folder-kinds), which is not what this shows.
    expect(findingsOf([...copyOf(), placed('prod1', 'platform/tenancy', object)])).toEqual([{ rule: 'image-pinned', object: `${kind} geordie/x`, field: '/spec/template/spec/containers/0/image' }]);
  });

  test('an OpenTelemetryCollector is read as the pod the operator makes from it', () => {
    const collector: ManifestObject = {
      apiVersion: 'opentelemetry.io/v1beta1',
      kind: 'OpenTelemetryCollector',
      metadata: { name: 'metrics', namespace: 'observability' },
      spec: {
        image: 'public.ecr.aws/aws-observability/aws-otel-collector:latest',
        hostNetwork: true,
        podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
        securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
        config: { service: { extensions: ['health_check'], pipelines: {} } },
      },
    };
    const findings = findingsOf([placed('prod1', 'platform/collectors', collector)]).filter((finding) => finding.object === 'OpenTelemetryCollector observability/metrics');
    expect(findings).toEqual(
      expect.arrayContaining([
        { rule: 'pod-security-baseline', object: 'OpenTelemetryCollector observability/metrics', field: '/spec/hostNetwork' },
        { rule: 'container-resources', object: 'OpenTelemetryCollector observability/metrics', field: '/spec/resources' },
        { rule: 'image-pinned', object: 'OpenTelemetryCollector observability/metrics', field: '/spec/image' },
      ]),
    );
    // The health_check extension makes the operator add both probes.
    expect(findings.filter((finding) => finding.rule === 'container-probes')).toEqual([]);
  });
});
