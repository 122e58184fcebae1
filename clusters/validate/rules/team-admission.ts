import { Chart, Testing } from 'cdk8s';
import type { IValidatingAdmissionPolicy } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy';
import type { IValidatingAdmissionPolicyBinding } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding';
import { isDeepStrictEqual } from 'node:util';
import { TeamAdmissionPolicies } from '../../../platform/tenancy/team-admission-policies';
import { clusterContext } from '../../render/cluster-context';
import { teamLoadBalancerGrants } from '../../render/components/tenancy';
import { admissionRefusals } from '../admission-cel';
import { findingAt } from '../finding';
import { ObjectProblem } from '../object-problem';
import { at, podsOf } from '../pod-templates';
import { PolicyContext, PolicyRule } from '../policy-rule';
import { RenderedObject } from '../rendered-objects';

/**
 * Property 37 of policies.md: the admission policies of team namespaces are rendered as the
 * platform defines them, and nothing rendered into a team namespace is an object they refuse.
 * The second rule evaluates the CEL of the rendered policies themselves, so CI and the cluster
 * refuse the same objects.
 */

const ADMISSION_API = 'admissionregistration.k8s.io/v1';

function ofKind(objects: readonly RenderedObject[], cluster: string, kind: string): RenderedObject[] {
  return objects.filter((rendered) => rendered.cluster === cluster && rendered.object.apiVersion === ADMISSION_API && rendered.object.kind === kind);
}

function clustersOf(context: PolicyContext): string[] {
  return Object.keys(context.fleet.clusters).filter((cluster) => context.objects.some((rendered) => rendered.cluster === cluster));
}

/** What the platform renders for the cluster's teams, without labels. */
function expectedObjects(context: PolicyContext, cluster: string): Map<string, unknown> {
  const cluster_ = clusterContext(context.fleet, cluster);
  const chart = new Chart(Testing.app(), 'expected');
  new TeamAdmissionPolicies(chart, 'policies', { namespaces: cluster_.teams.map((team) => team.namespace), loadBalancers: teamLoadBalancerGrants(cluster_) });
  return new Map(chart.toJson().map((object: { kind: string; metadata: { name: string } }) => [`${object.kind} ${object.metadata.name}`, object]));
}

function withoutLabels(object: unknown): unknown {
  const { metadata, ...rest } = object as { metadata: { labels?: unknown } };
  const { labels: _labels, ...otherMetadata } = metadata;
  return { ...rest, metadata: otherMetadata };
}

export const teamAdmissionPoliciesRendered: PolicyRule = {
  id: 'team-admission-policies-rendered',
  description: 'Every cluster with teams renders the platform\'s ValidatingAdmissionPolicies and Deny bindings for exactly its team namespaces, unchanged.',
  check(context: PolicyContext): ObjectProblem[] {
    const problems: ObjectProblem[] = [];
    for (const cluster of clustersOf(context)) {
      const expected = expectedObjects(context, cluster);
      const rendered = [...ofKind(context.objects, cluster, 'ValidatingAdmissionPolicy'), ...ofKind(context.objects, cluster, 'ValidatingAdmissionPolicyBinding')];
      for (const [key, object] of expected) {
        const found = rendered.find((candidate) => `${String(candidate.object.kind)} ${String(candidate.object.metadata?.name)}` === key);
        if (!found) {
          problems.push({ file: `${cluster}/platform/tenancy`, object: key, field: '/', message: 'is not rendered; team namespaces would admit what it refuses', rule: this.id });
        } else if (!isDeepStrictEqual(withoutLabels(found.object), withoutLabels(object))) {
          problems.push(findingAt(found, this.id, '/spec', 'differs from what the platform renders for this cluster\'s teams; regenerate dist/ with npm run synth'));
        }
      }
    }
    return problems;
  },
};

/** The object CEL sees for a rendered object under `resource`, with the namespace it lands in. */
function admittedObjects(rendered: RenderedObject, resource: string): unknown[] {
  const { object } = rendered;
  if (resource === 'services') return object.apiVersion === 'v1' && object.kind === 'Service' ? [object] : [];
  if (resource !== 'pods') return [];
  return podsOf(rendered).flatMap((pod) => {
    const template = pod.specPointer.slice(0, -'/spec'.length);
    const metadata = template === '' ? object.metadata : at(object, `${template}/metadata`);
    return [{ apiVersion: 'v1', kind: 'Pod', metadata: { ...(metadata as object), namespace: object.metadata?.namespace }, spec: at(object, pod.specPointer) }];
  });
}

export const teamAdmission: PolicyRule = {
  id: 'team-admission',
  description: 'Nothing rendered into a team namespace is refused by the admission policies bound there (their CEL evaluated over dist/).',
  check(context: PolicyContext): ObjectProblem[] {
    const problems: ObjectProblem[] = [];
    for (const cluster of clustersOf(context)) {
      const policies = ofKind(context.objects, cluster, 'ValidatingAdmissionPolicy');
      for (const bindingObject of ofKind(context.objects, cluster, 'ValidatingAdmissionPolicyBinding')) {
        const binding = bindingObject.object as unknown as IValidatingAdmissionPolicyBinding;
        if (!binding.spec?.validationActions?.includes('Deny')) continue;
        const policyObject = policies.find((candidate) => candidate.object.metadata?.name === binding.spec?.policyName);
        if (!policyObject) continue;
        const policy = policyObject.object as unknown as IValidatingAdmissionPolicy;
        const namespaces = (binding.spec.matchResources?.namespaceSelector?.matchExpressions ?? [])
          .filter((expression) => expression.key === 'kubernetes.io/metadata.name' && expression.operator === 'In')
          .flatMap((expression) => expression.values ?? []);
        const resources = (policy.spec?.matchConstraints?.resourceRules ?? []).flatMap((rule) => rule.resources ?? []);
        for (const rendered of context.objects.filter((candidate) => candidate.cluster === cluster)) {
          const namespace = rendered.object.metadata?.namespace;
          if (typeof namespace !== 'string' || !namespaces.includes(namespace)) continue;
          for (const admitted of resources.flatMap((resource) => admittedObjects(rendered, resource))) {
            for (const refusal of admissionRefusals(policy, admitted, { namespace, operation: 'CREATE' })) {
              problems.push(findingAt(rendered, this.id, '/', `refused by ValidatingAdmissionPolicy ${policy.metadata?.name}: ${refusal.message}`));
            }
          }
        }
      }
    }
    return problems;
  },
};

export const TEAM_ADMISSION_RULES: readonly PolicyRule[] = [teamAdmissionPoliciesRendered, teamAdmission];
