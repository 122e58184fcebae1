import { Fleet } from '../../fleet/fleet-schema';
import { clusterContext, ClusterTeam } from '../../render/cluster-context';
import { ObjectProblem } from '../object-problem';
import { findingAt } from '../finding';
import { podsOf } from '../pod-templates';
import { PolicyContext, PolicyRule } from '../policy-rule';
import { RenderedObject } from '../rendered-objects';

/**
 * Properties 7, 11 and 12 of policies.md: what keeps a team inside its namespace on every
 * cluster it has apps on. The platform renders all of it; these rules make sure nothing in the
 * render undoes it.
 */

const POD_SECURITY_LEVELS = ['privileged', 'baseline', 'restricted'];

interface ClusterTeams {
  readonly cluster: string;
  readonly teams: readonly ClusterTeam[];
  /** The objects rendered for this cluster. */
  readonly objects: readonly RenderedObject[];
}

/** Fleet clusters that appear in the render, with the teams that have apps on each and their objects. */
function renderedClusters(fleet: Fleet, objects: readonly RenderedObject[]): ClusterTeams[] {
  const byCluster = new Map<string, RenderedObject[]>();
  for (const rendered of objects) {
    const list = byCluster.get(rendered.cluster) ?? [];
    list.push(rendered);
    byCluster.set(rendered.cluster, list);
  }
  return Object.keys(fleet.clusters)
    .filter((cluster) => byCluster.has(cluster))
    .map((cluster) => ({ cluster, teams: clusterContext(fleet, cluster).teams, objects: byCluster.get(cluster) ?? [] }));
}

function inNamespace(objects: readonly RenderedObject[], kind: string, namespace: string): RenderedObject[] {
  return objects.filter((candidate) => candidate.object.kind === kind && candidate.object.metadata?.namespace === namespace);
}

export const teamNamespacePodSecurityLabels: PolicyRule = {
  id: 'team-namespace-pod-security-labels',
  description: 'Every team namespace is rendered with Pod Security Admission enforce, audit and warn labels, enforcing at least baseline.',
  check({ fleet, objects }: PolicyContext): ObjectProblem[] {
    const problems: ObjectProblem[] = [];
    for (const { cluster, teams, objects: clusterObjects } of renderedClusters(fleet, objects)) {
      for (const team of teams) {
        const namespace = clusterObjects.find((candidate) => candidate.object.kind === 'Namespace' && candidate.object.metadata?.name === team.namespace);
        if (!namespace) {
          problems.push({ file: `${cluster}/platform/tenancy`, object: `Namespace ${team.namespace}`, field: '/', message: `team ${team.name} has apps on ${cluster} but its namespace is not rendered`, rule: this.id });
          continue;
        }
        const labels = (namespace.object.metadata as { labels?: Record<string, string> }).labels ?? {};
        for (const mode of ['enforce', 'audit', 'warn']) {
          const label = `pod-security.kubernetes.io/${mode}`;
          if (!POD_SECURITY_LEVELS.includes(labels[label] ?? '')) {
            problems.push(findingAt(namespace, this.id, `/metadata/labels/${label.replace(/\//g, '~1')}`, `is "${labels[label] ?? ''}"; set one of ${POD_SECURITY_LEVELS.join(', ')}`));
          }
        }
        if (labels['pod-security.kubernetes.io/enforce'] === 'privileged') {
          problems.push(findingAt(namespace, this.id, '/metadata/labels/pod-security.kubernetes.io~1enforce', 'is privileged; a team namespace enforces at least baseline'));
        }
      }
    }
    return problems;
  },
};

interface NetworkPolicySpec {
  readonly podSelector?: { readonly matchLabels?: Record<string, string>; readonly matchExpressions?: readonly unknown[] };
  readonly policyTypes?: readonly string[];
  readonly ingress?: readonly { readonly from?: readonly unknown[] }[];
  readonly egress?: readonly { readonly to?: readonly unknown[] }[];
}

function selectsAllPods(spec: NetworkPolicySpec): boolean {
  return Object.keys(spec.podSelector?.matchLabels ?? {}).length === 0 && (spec.podSelector?.matchExpressions ?? []).length === 0;
}

export const teamNamespaceDefaultDeny: PolicyRule = {
  id: 'team-namespace-default-deny',
  description: 'Every team namespace has a NetworkPolicy denying all ingress and egress, and no policy there reopens traffic from or to any peer.',
  check({ fleet, objects }: PolicyContext): ObjectProblem[] {
    const problems: ObjectProblem[] = [];
    for (const { cluster, teams, objects: clusterObjects } of renderedClusters(fleet, objects)) {
      for (const team of teams) {
        const policies = inNamespace(clusterObjects, 'NetworkPolicy', team.namespace);
        const denyAll = policies.some(({ object }) => {
          const spec = (object.spec ?? {}) as NetworkPolicySpec;
          return selectsAllPods(spec) && ['Ingress', 'Egress'].every((type) => spec.policyTypes?.includes(type)) && (spec.ingress ?? []).length === 0 && (spec.egress ?? []).length === 0;
        });
        if (!denyAll) {
          problems.push({ file: `${cluster}/platform/tenancy`, object: `NetworkPolicy ${team.namespace}/*`, field: '/', message: `namespace ${team.namespace} of team ${team.name} has no default-deny NetworkPolicy (empty podSelector, Ingress and Egress, no rules)`, rule: this.id });
        }
        for (const policy of policies) {
          const spec = (policy.object.spec ?? {}) as NetworkPolicySpec;
          (spec.ingress ?? []).forEach((rule, index) => {
            if ((rule.from ?? []).length === 0) problems.push(findingAt(policy, this.id, `/spec/ingress/${index}/from`, 'allows ingress from any peer; name the pods, namespaces or CIDRs the flow needs'));
          });
          (spec.egress ?? []).forEach((rule, index) => {
            if ((rule.to ?? []).length === 0) problems.push(findingAt(policy, this.id, `/spec/egress/${index}/to`, 'allows egress to any peer; name the pods, namespaces or CIDRs the flow needs'));
          });
        }
      }
    }
    return problems;
  },
};

export const networkPoliciesSelectPods: PolicyRule = {
  id: 'network-policy-selects-pods',
  description: 'Every NetworkPolicy of a team namespace that selects pods by label selects pods rendered there, so a declared flow is never attached to nothing.',
  check({ fleet, objects }: PolicyContext): ObjectProblem[] {
    const problems: ObjectProblem[] = [];
    for (const { cluster, teams, objects: clusterObjects } of renderedClusters(fleet, objects)) {
      for (const team of teams) {
        const podLabels = clusterObjects
          .filter((candidate) => candidate.object.metadata?.namespace === team.namespace)
          .flatMap(podsOf)
          .map((pod) => pod.labels);
        for (const policy of inNamespace(clusterObjects, 'NetworkPolicy', team.namespace)) {
          const wanted = ((policy.object.spec ?? {}) as NetworkPolicySpec).podSelector?.matchLabels ?? {};
          if (Object.keys(wanted).length === 0) continue;
          if (!podLabels.some((labels) => Object.entries(wanted).every(([key, value]) => labels[key] === value))) {
            problems.push(findingAt(policy, this.id, '/spec/podSelector/matchLabels', `${JSON.stringify(wanted)} selects no pod rendered in ${team.namespace} on ${cluster}`));
          }
        }
      }
    }
    return problems;
  },
};

const LOAD_BALANCER_SCHEME = 'service.beta.kubernetes.io/aws-load-balancer-scheme';

export const teamServiceExposure: PolicyRule = {
  id: 'team-service-exposure',
  description: 'No LoadBalancer or NodePort Service and no Ingress in a team namespace unless the fleet file exposes that app (and then with the scheme it asks for); NodePort never.',
  check({ fleet, objects }: PolicyContext): ObjectProblem[] {
    const problems: ObjectProblem[] = [];
    const teamOfNamespace = new Map(Object.entries(fleet.teams).map(([name, team]) => [team.namespace, { name, team }]));
    for (const rendered of objects) {
      const namespace = rendered.object.metadata?.namespace;
      const owner = typeof namespace === 'string' ? teamOfNamespace.get(namespace) : undefined;
      if (!owner) continue;
      // dist/<cluster>/workloads/<team>/<app>/...: the app whose folder the object is in.
      const [, layer, team, appName] = rendered.file.split('/');
      const app = layer === 'workloads' && team === owner.name ? owner.team.apps[appName] : undefined;
      const exposure = app?.exposure ?? 'none';
      if (rendered.object.kind === 'Service') {
        const spec = (rendered.object.spec ?? {}) as { type?: string };
        const annotations = (rendered.object.metadata as { annotations?: Record<string, string> }).annotations ?? {};
        if (spec.type === 'NodePort') {
          problems.push(findingAt(rendered, this.id, '/spec/type', 'is NodePort, which opens a port on every node; use ClusterIP, or set the app\'s exposure in the fleet file'));
        } else if (spec.type === 'LoadBalancer' && exposure === 'none') {
          problems.push(findingAt(rendered, this.id, '/spec/type', `is LoadBalancer but the fleet file does not expose ${appName ? `app ${appName}` : 'anything here'} (exposure: none)`));
        } else if (spec.type === 'LoadBalancer' && annotations[LOAD_BALANCER_SCHEME] !== undefined && annotations[LOAD_BALANCER_SCHEME] !== exposure) {
          problems.push(findingAt(rendered, this.id, `/metadata/annotations/${LOAD_BALANCER_SCHEME.replace(/\//g, '~1')}`, `is "${annotations[LOAD_BALANCER_SCHEME]}" but the fleet file asks for ${exposure}`));
        }
      } else if (rendered.object.kind === 'Ingress' && exposure === 'none') {
        problems.push(findingAt(rendered, this.id, '/', `exposes ${appName ? `app ${appName}` : 'a service'} that the fleet file does not expose (exposure: none)`));
      }
    }
    return problems;
  },
};

export const TEAM_NAMESPACE_RULES: readonly PolicyRule[] = [teamNamespacePodSecurityLabels, teamNamespaceDefaultDeny, networkPoliciesSelectPods, teamServiceExposure];
