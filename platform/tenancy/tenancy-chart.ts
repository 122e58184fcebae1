import { Chart, ChartProps } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { NetworkFlowPolicies, WorkloadNetworkPolicy } from '../../charts/network-flows';
import { PodSecurityLevel, TeamNamespace, TeamQuotaProps } from '../../charts/team-namespace';
import { podSecurityLabels } from '../platform-namespaces';

export interface TenantProps {
  readonly team: string;
  readonly namespace: string;
  /** Kubernetes group of the team's developers. */
  readonly developersGroup: string;
  readonly quota: TeamQuotaProps;
  /** Flows the team's apps on this cluster need. */
  readonly networkPolicies: readonly WorkloadNetworkPolicy[];
}

export interface PlatformNamespaceProps {
  readonly name: string;
  readonly podSecurity: PodSecurityLevel;
}

export interface TenancyChartProps extends ChartProps {
  /** Platform namespaces the cluster's components use. */
  readonly platformNamespaces: readonly PlatformNamespaceProps[];
  readonly tenants: readonly TenantProps[];
  /** Kubernetes group bound to cluster-admin. */
  readonly platformAdminsGroup: string;
}

/** ClusterRole granted to a team's group, in the team's namespace only. */
export const TEAM_DEVELOPER_ROLE = 'team-developer';

/**
 * Namespaces, isolation and access on one cluster: the platform's namespaces with their Pod
 * Security level, each team's namespace with quota, defaults, default-deny and the flows its
 * apps declare, and who may do what. Teams consume this; they cannot change it.
 */
export class TenancyChart extends Chart {
  public constructor(scope: Construct, id: string, props: TenancyChartProps) {
    super(scope, id, props);

    for (const namespace of props.platformNamespaces) {
      new k8s.KubeNamespace(this, `Namespace-${namespace.name}`, {
        metadata: {
          name: namespace.name,
          labels: { 'app.kubernetes.io/managed-by': 'platform', ...podSecurityLabels(namespace.podSecurity) },
        },
      });
    }

    // Like the built-in `edit`, minus what changes isolation: no NetworkPolicy, quota,
    // LimitRange or RBAC writes, no pods/exec. Port-forward stays for debugging without exposure.
    new k8s.KubeClusterRole(this, 'TeamDeveloper', {
      metadata: { name: TEAM_DEVELOPER_ROLE, labels: { 'app.kubernetes.io/managed-by': 'platform' } },
      rules: [
        {
          apiGroups: [''],
          resources: ['pods', 'services', 'configmaps', 'secrets', 'serviceaccounts', 'persistentvolumeclaims'],
          verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
        },
        { apiGroups: [''], resources: ['pods/log', 'pods/portforward'], verbs: ['get', 'list', 'create'] },
        { apiGroups: [''], resources: ['endpoints', 'events', 'resourcequotas', 'limitranges'], verbs: ['get', 'list', 'watch'] },
        {
          apiGroups: ['apps'],
          resources: ['deployments', 'statefulsets', 'deployments/scale', 'statefulsets/scale'],
          verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
        },
        { apiGroups: ['apps'], resources: ['replicasets'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
        { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
        { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
        { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: ['get', 'list', 'watch'] },
      ],
    });

    new k8s.KubeClusterRoleBinding(this, 'PlatformAdmins', {
      metadata: { name: props.platformAdminsGroup, labels: { 'app.kubernetes.io/managed-by': 'platform' } },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: props.platformAdminsGroup }],
    });

    for (const tenant of props.tenants) {
      new TeamNamespace(this, `Team-${tenant.team}`, {
        namespace: tenant.namespace,
        team: tenant.team,
        developersGroup: tenant.developersGroup,
        developerClusterRole: TEAM_DEVELOPER_ROLE,
        // yelb-ui runs nginx as root and redis/postgres set no USER: baseline is what the
        // namespace can enforce; restricted is audited and warned so every gap stays visible.
        podSecurity: { enforce: 'baseline', audit: 'restricted', warn: 'restricted' },
        quota: tenant.quota,
      });
      new NetworkFlowPolicies(this, `Flows-${tenant.team}`, {
        namespace: tenant.namespace,
        policies: tenant.networkPolicies,
        labels: { 'app.kubernetes.io/managed-by': 'platform', team: tenant.team },
      });
    }
  }
}
