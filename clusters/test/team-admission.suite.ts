import type { IValidatingAdmissionPolicy } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy';
import { parse } from '@bufbuild/cel';
import { WORKLOADS } from '../../workloads/registry';
import { Fleet } from '../fleet/fleet-schema';
import { renderFleet } from '../render/render-fleet';
import { admissionRefusals } from '../validate/admission-cel';
import { validateCoreObject } from '../validate/core-schemas';
import { ManifestObject } from '../validate/object-problem';
import { RenderedObject } from '../validate/rendered-objects';
import { TEAM_ADMISSION_RULES } from '../validate/rules/team-admission';
import { fleetWith } from './support/fleet-fixtures';
import { CLEAN_OBJECTS, ECHO_FLEET, Editable, findingsOf, placed, planted } from './support/planted-render';
import { objectsOf } from './support/rendered-tree';

const namespace = Object.values(ECHO_FLEET.teams)[0].namespace;

function policyNamed(objects: readonly RenderedObject[], name: string, cluster = 'prod1'): IValidatingAdmissionPolicy {
  const found = objects.find((rendered) => rendered.cluster === cluster && rendered.object.kind === 'ValidatingAdmissionPolicy' && rendered.object.metadata?.name === name);
  if (!found) throw new Error(`no ValidatingAdmissionPolicy ${name} on ${cluster}`);
  return found.object as unknown as IValidatingAdmissionPolicy;
}

/** Indexes of the validations of `policy` refusing `object` in the team namespace. */
function refusedBy(policy: IValidatingAdmissionPolicy, object: unknown): number[] {
  return admissionRefusals(policy, object, { namespace, operation: 'CREATE' }).map((refusal) => refusal.index);
}

const SERVICES = policyNamed(CLEAN_OBJECTS, 'team-services');
const PODS = policyNamed(CLEAN_OBJECTS, 'team-pods');

function service(spec: Record<string, unknown>, metadata: Record<string, unknown> = {}): ManifestObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name: 'planted', namespace, ...metadata }, spec: { selector: { app: 'x' }, ports: [{ port: 80, targetPort: 8080 }], ...spec } };
}

const SAFE_CONTAINER = {
  name: 'app',
  image: 'registry.example.com/app:1.2.3',
  securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } },
};

function pod(change: (container: Editable, spec: Editable) => void = () => undefined): ManifestObject {
  const container: Editable = JSON.parse(JSON.stringify(SAFE_CONTAINER));
  const spec: Editable = { containers: [container] };
  change(container, spec);
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'planted', namespace }, spec };
}

describe('the admission policies are well-formed', () => {
  test('every policy and binding validates against the Kubernetes schema (admissionregistration.k8s.io/v1)', () => {
    const admission = CLEAN_OBJECTS.filter(({ object }) => object.apiVersion === 'admissionregistration.k8s.io/v1');
    expect(admission.map(({ cluster, object }) => `${cluster} ${String(object.kind)} ${String(object.metadata?.name)}`).sort()).toEqual(
      ['prod1', 'prod2'].flatMap((cluster) => ['team-pods', 'team-services'].flatMap((name) => [`${cluster} ValidatingAdmissionPolicy ${name}`, `${cluster} ValidatingAdmissionPolicyBinding ${name}`])).sort(),
    );
    expect(admission.flatMap(({ file, object }) => validateCoreObject(object, file))).toEqual([]);
  });

  test('the schema check is live: a binding that only warns with a misspelt action is refused', () => {
    const [binding] = CLEAN_OBJECTS.filter(({ object }) => object.kind === 'ValidatingAdmissionPolicyBinding');
    const broken = { ...binding.object, spec: { ...(binding.object.spec as object), validationActions: 'Deny' } };
    expect(validateCoreObject(broken).length).toBeGreaterThan(0);
  });

  test('every expression parses as CEL', () => {
    for (const policy of [SERVICES, PODS]) {
      for (const expression of [...(policy.spec?.variables ?? []), ...(policy.spec?.validations ?? [])].map((entry) => entry.expression)) {
        expect(() => parse(expression)).not.toThrow();
      }
    }
  });
});

describe('team-services refuses each planted Service and admits the rendered ones', () => {
  test.each<[string, ManifestObject, number]>([
    ['externalIPs (CVE-2020-8554)', service({ externalIPs: ['203.0.113.10'] }), 0],
    ['ExternalName', service({ type: 'ExternalName', externalName: 'argocd-server.argocd.svc.cluster.local', selector: undefined }), 1],
    ['NodePort', service({ type: 'NodePort' }), 2],
    ['LoadBalancer the fleet did not grant', service({ type: 'LoadBalancer', allocateLoadBalancerNodePorts: false }, { labels: { 'app.kubernetes.io/part-of': 'ho11y' } }), 3],
  ])('%s', (_title, object, index) => {
    expect(refusedBy(SERVICES, object)).toEqual([index]);
  });

  test('a plain ClusterIP Service is admitted', () => {
    expect(refusedBy(SERVICES, service({}))).toEqual([]);
    expect(refusedBy(SERVICES, service({ type: 'ClusterIP', externalIPs: [] }))).toEqual([]);
  });

  test('a LoadBalancer is admitted exactly as the fleet grants it: that app, that scheme, no node ports', () => {
    const exposed = fleetWith((fleet) => {
      const team = Object.values(fleet.teams)[0];
      Object.values(team.apps)[0].exposure = 'internal';
      fleet.policyExceptions = [];
    });
    const appName = Object.keys(Object.values(exposed.teams)[0].apps)[0];
    const policy = policyNamed(objectsOf(renderFleet(exposed, { clusters: ['prod1'] })), 'team-services');
    const labels = { 'app.kubernetes.io/part-of': appName };
    const granted = { 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal' };
    expect(refusedBy(policy, service({ type: 'LoadBalancer', allocateLoadBalancerNodePorts: false }, { labels, annotations: granted }))).toEqual([]);
    expect(refusedBy(policy, service({ type: 'LoadBalancer', allocateLoadBalancerNodePorts: false }, { labels, annotations: { 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing' } }))).toEqual([3]);
    expect(refusedBy(policy, service({ type: 'LoadBalancer', allocateLoadBalancerNodePorts: false }, { labels: { 'app.kubernetes.io/part-of': 'other' }, annotations: granted }))).toEqual([3]);
    expect(refusedBy(policy, service({ type: 'LoadBalancer' }, { labels, annotations: granted }))).toEqual([4]);
  });
});

describe('team-pods refuses each planted pod and admits the rendered ones', () => {
  test.each<[string, ManifestObject, number]>([
    ['privilege escalation allowed', pod((container) => (container.securityContext.allowPrivilegeEscalation = true)), 0],
    ['capabilities not dropped', pod((container) => delete container.securityContext.capabilities), 1],
    ['an unconfined seccomp profile', pod((container) => (container.securityContext.seccompProfile = { type: 'Unconfined' })), 2],
    ['a floating latest tag', pod((container) => (container.image = 'docker.io/library/nginx:latest')), 3],
    ['no tag at all', pod((container) => (container.image = 'docker.io/library/nginx')), 3],
    ['a privilege-escalating init container', pod((_container, spec) => (spec.initContainers = [{ ...SAFE_CONTAINER, name: 'init', securityContext: { ...SAFE_CONTAINER.securityContext, allowPrivilegeEscalation: true } }])), 0],
  ])('%s', (_title, object, index) => {
    expect(refusedBy(PODS, object)).toEqual([index]);
  });

  test('pods pinned by digest, with a registry port, or with the seccomp profile set for the whole pod are admitted', () => {
    expect(refusedBy(PODS, pod())).toEqual([]);
    expect(refusedBy(PODS, pod((container) => (container.image = 'docker.io/grafana/k6:1.7.1@sha256:' + 'a'.repeat(64))))).toEqual([]);
    expect(refusedBy(PODS, pod((container) => (container.image = 'registry.example.com:5000/team/app:2.0')))).toEqual([]);
    expect(
      refusedBy(
        PODS,
        pod((container, spec) => {
          delete container.securityContext.seccompProfile;
          spec.securityContext = { seccompProfile: { type: 'RuntimeDefault' } };
        }),
      ),
    ).toEqual([]);
  });
});

describe('the gate evaluates the same CEL over dist/', () => {
  const realFleet: Fleet = fleetWith((fleet) => {
    for (const team of Object.values(fleet.teams)) for (const app of Object.values(team.apps)) app.exposure = 'internet-facing';
  });

  test('the real app charts, exposed, are admitted on every cluster (yelb-ui\'s reasoned exception included)', () => {
    const objects = objectsOf(renderFleet(realFleet, { workloads: WORKLOADS }));
    expect(objects.some(({ object }) => object.kind === 'Service' && (object.spec as { type?: string }).type === 'LoadBalancer')).toBe(true);
    expect(findingsOf(objects, realFleet, TEAM_ADMISSION_RULES)).toEqual([]);
  });

  test('a Service with externalIPs planted in a team folder fails the gate', () => {
    const objects = [...CLEAN_OBJECTS, placed('prod1', 'workloads/team-geordie/ho11y', service({ externalIPs: ['203.0.113.10'] }))];
    expect(findingsOf(objects, ECHO_FLEET, TEAM_ADMISSION_RULES)).toEqual([{ rule: 'team-admission', object: `Service ${namespace}/planted`, field: '/' }]);
  });

  test('a Deployment whose pods escalate privileges fails the gate', () => {
    const objects = planted('Deployment', Object.keys(ECHO_FLEET.teams[Object.keys(ECHO_FLEET.teams)[0]].apps)[0], (deployment) => {
      deployment.spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation = true;
    });
    expect(findingsOf(objects, ECHO_FLEET, TEAM_ADMISSION_RULES).map((finding) => finding.rule)).toEqual(['team-admission']);
  });

  test('a policy missing from dist/ or weakened there fails the gate', () => {
    const missing = CLEAN_OBJECTS.filter(({ cluster, object }) => !(cluster === 'prod2' && object.kind === 'ValidatingAdmissionPolicy' && object.metadata?.name === 'team-services'));
    expect(findingsOf(missing, ECHO_FLEET, TEAM_ADMISSION_RULES)).toContainEqual({ rule: 'team-admission-policies-rendered', object: 'ValidatingAdmissionPolicy team-services', field: '/' });
    const weakened = planted('ValidatingAdmissionPolicy', 'team-services', (policy) => (policy.spec.validations[0].expression = 'true'));
    expect(findingsOf(weakened, ECHO_FLEET, TEAM_ADMISSION_RULES)).toContainEqual({ rule: 'team-admission-policies-rendered', object: 'ValidatingAdmissionPolicy team-services', field: '/spec' });
    const warnOnly = planted('ValidatingAdmissionPolicyBinding', 'team-services', (binding) => (binding.spec.validationActions = ['Warn']));
    expect(findingsOf(warnOnly, ECHO_FLEET, TEAM_ADMISSION_RULES)).toContainEqual({ rule: 'team-admission-policies-rendered', object: 'ValidatingAdmissionPolicyBinding team-services', field: '/spec' });
  });
});
