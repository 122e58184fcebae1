import { COLLECTORS } from '../../../platform/telemetry/collector-identities';
import { ObjectProblem } from '../object-problem';
import { findingAt } from '../finding';
import { PolicyContext, PolicyRule } from '../policy-rule';
import { RenderedObject } from '../rendered-objects';

/**
 * Property 13 of policies.md: the collectors read the cluster's state to label telemetry; a
 * compromised collector must not be able to change the cluster or read its secrets.
 */

const READ_VERBS = new Set(['get', 'list', 'watch']);

interface PolicyRuleFields {
  readonly apiGroups?: readonly string[];
  readonly resources?: readonly string[];
  readonly verbs?: readonly string[];
  readonly nonResourceURLs?: readonly string[];
}

interface Binding {
  readonly roleRef?: { readonly kind?: string; readonly name?: string };
  readonly subjects?: readonly { readonly kind?: string; readonly name?: string; readonly namespace?: string }[];
}

function bindsCollector(binding: Binding, bindingNamespace: unknown): boolean {
  return (binding.subjects ?? []).some(
    (subject) =>
      subject.kind === 'ServiceAccount' &&
      COLLECTORS.some((collector) => collector.serviceAccount === subject.name && collector.namespace === (subject.namespace ?? bindingNamespace)),
  );
}

function ruleProblems(rules: readonly PolicyRuleFields[]): { field: string; message: string }[] {
  return rules.flatMap((rule, index) => {
    const field = `/rules/${index}`;
    const problems: { field: string; message: string }[] = [];
    for (const key of ['apiGroups', 'resources', 'verbs', 'nonResourceURLs'] as const) {
      if ((rule[key] ?? []).some((value) => value.includes('*'))) problems.push({ field: `${field}/${key}`, message: `uses "*" in ${key}; list exactly what the collector reads` });
    }
    const writes = (rule.verbs ?? []).filter((verb) => verb !== '*' && !READ_VERBS.has(verb));
    if (writes.length > 0) problems.push({ field: `${field}/verbs`, message: `grants ${writes.join(', ')}; the collector may only get, list and watch` });
    if ((rule.resources ?? []).some((resource) => resource === 'secrets' || resource.startsWith('secrets/'))) problems.push({ field: `${field}/resources`, message: 'grants access to secrets' });
    return problems;
  });
}

export const collectorRbacReadOnly: PolicyRule = {
  id: 'collector-rbac-read-only',
  description: 'Roles bound to the collectors\' service accounts are read-only (get, list, watch), without secrets and without "*", and are rendered here.',
  check({ objects }: PolicyContext): ObjectProblem[] {
    const problems: ObjectProblem[] = [];
    const roles = new Map<string, RenderedObject>();
    for (const rendered of objects) {
      if (rendered.object.kind === 'ClusterRole' || rendered.object.kind === 'Role') {
        roles.set(`${rendered.cluster}/${rendered.object.kind}/${rendered.object.kind === 'Role' ? String(rendered.object.metadata?.namespace) : ''}/${String(rendered.object.metadata?.name)}`, rendered);
      }
    }
    for (const rendered of objects) {
      const { object } = rendered;
      if ((object.kind !== 'ClusterRoleBinding' && object.kind !== 'RoleBinding') || !bindsCollector(object as Binding, object.metadata?.namespace)) continue;
      const roleRef = (object as Binding).roleRef ?? {};
      const namespace = roleRef.kind === 'Role' ? String(object.metadata?.namespace) : '';
      const role = roles.get(`${rendered.cluster}/${String(roleRef.kind)}/${namespace}/${String(roleRef.name)}`);
      if (!role) {
        problems.push(findingAt(rendered, this.id, '/roleRef', `binds a collector to ${String(roleRef.kind)} "${String(roleRef.name)}", which this render does not define; bind a rendered read-only role`));
        continue;
      }
      for (const { field, message } of ruleProblems(((role.object as { rules?: PolicyRuleFields[] }).rules ?? []))) {
        problems.push(findingAt(role, this.id, field, `${message} (bound to a collector by ${String(object.kind)} ${String(object.metadata?.name)})`));
      }
      if ((role.object as { aggregationRule?: unknown }).aggregationRule !== undefined) {
        problems.push(findingAt(role, this.id, '/aggregationRule', 'aggregates other roles, so what the collector may do is decided elsewhere; list the rules instead'));
      }
    }
    return problems;
  },
};
