import { App } from 'cdk8s';
import { isLoadBalanced } from '../../../charts/service-exposure';
import { awsLayerNamespaces } from '../../../platform/cluster-facts';
import { PLATFORM_PROJECT } from '../../../platform/gitops/bootstrap-chart';
import { PLATFORM_NAMESPACE_POD_SECURITY, PLATFORM_NAMESPACES } from '../../../platform/platform-namespaces';
import { SYNC_WAVES } from '../../../platform/sync-waves';
import { TenancyChart } from '../../../platform/tenancy/tenancy-chart';
import { PLATFORM_ADMINS_GROUP, teamGroupName } from '../../fleet/derived-names';
import { ClusterContext } from '../cluster-context';
import { Leaf } from '../leaf';
import { teamNetworkPolicies } from './team-workloads';

/**
 * The tenancy leaf: namespaces of the platform components in `usedNamespaces` (with their Pod
 * Security level) and of every team on the cluster, with their isolation and access. Namespaces
 * the AWS layer creates (ArgoCD's and those holding its facts) are left to it: one owner each.
 */
export function tenancy(app: App, context: ClusterContext, usedNamespaces: ReadonlySet<string>): Leaf {
  const ownedByAwsLayer = new Set(awsLayerNamespaces(context.fleet.grafana.managerCluster === context.clusterName).map((namespace) => namespace.name));
  const platformNamespaces = Object.entries(PLATFORM_NAMESPACE_POD_SECURITY)
    .filter(([name]) => usedNamespaces.has(name) && !ownedByAwsLayer.has(name))
    .map(([name, podSecurity]) => ({ name, podSecurity }));
  const chart = new TenancyChart(app, 'tenancy', {
    platformNamespaces,
    platformAdminsGroup: PLATFORM_ADMINS_GROUP,
    tenants: context.teams.map((team) => ({
      team: team.name,
      namespace: team.namespace,
      developersGroup: teamGroupName(team.name),
      // Each exposed app has exactly one load-balanced entry point (see workloads/workload-definition.ts).
      quota: { ...team.spec.quota, loadBalancers: team.apps.filter((app) => isLoadBalanced(app.spec.exposure)).length },
      networkPolicies: teamNetworkPolicies(context, team),
    })),
  });
  return {
    path: 'platform/tenancy',
    chart,
    sync: {
      project: PLATFORM_PROJECT,
      namespace: PLATFORM_NAMESPACES.argocd,
      wave: SYNC_WAVES.tenancy,
      // Deleting a namespace deletes everything in it: a team removed from the fleet file must
      // be cleaned up on purpose, not by an automated prune.
      prune: false,
    },
  };
}
