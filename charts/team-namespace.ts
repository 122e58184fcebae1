import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';

/** Pod Security Standard levels (https://kubernetes.io/docs/concepts/security/pod-security-standards/). */
export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

export interface PodSecurityProps {
  /** Level pods are refused below. */
  readonly enforce: PodSecurityLevel;
  /** Level violations are logged against. Default: restricted. */
  readonly audit?: PodSecurityLevel;
  /** Level violations are reported to the client against. Default: restricted. */
  readonly warn?: PodSecurityLevel;
}

export interface TeamQuotaProps {
  readonly requestsCpu: string;
  readonly requestsMemory: string;
  readonly limitsCpu: string;
  readonly limitsMemory: string;
  readonly pods: number;
  /**
   * LoadBalancer Services the team may have: one per app the fleet file exposes on this
   * cluster. Default: 0. NodePort Services are never allowed.
   */
  readonly loadBalancers?: number;
}

export interface TeamNamespaceProps {
  /** Namespace name. */
  readonly namespace: string;
  /** Team that owns it (recorded as a label). */
  readonly team: string;
  /** Kubernetes group whose members may change workloads in the namespace. */
  readonly developersGroup: string;
  /** ClusterRole granted to the group in this namespace only. */
  readonly developerClusterRole: string;
  readonly podSecurity: PodSecurityProps;
  readonly quota: TeamQuotaProps;
  /** Per-container defaults for containers that set none. Default: 100m/128Mi requested, 500m/512Mi limit. */
  readonly containerDefaults?: { readonly requestCpu: string; readonly requestMemory: string; readonly limitCpu: string; readonly limitMemory: string };
}

/**
 * Everything that isolates one team in one namespace, owned by the platform rather than the
 * team: the namespace with Pod Security labels, a quota, container defaults, a default-deny
 * NetworkPolicy (plus DNS, which every pod needs), and a RoleBinding for the team's group.
 */
export class TeamNamespace extends Construct {
  public readonly namespace: string;

  public constructor(scope: Construct, id: string, props: TeamNamespaceProps) {
    super(scope, id);
    this.namespace = props.namespace;
    const namespace = props.namespace;
    const labels = { 'app.kubernetes.io/managed-by': 'platform', team: props.team };

    new k8s.KubeNamespace(this, 'Namespace', {
      metadata: {
        name: namespace,
        labels: {
          ...labels,
          'pod-security.kubernetes.io/enforce': props.podSecurity.enforce,
          'pod-security.kubernetes.io/enforce-version': 'latest',
          'pod-security.kubernetes.io/audit': props.podSecurity.audit ?? 'restricted',
          'pod-security.kubernetes.io/audit-version': 'latest',
          'pod-security.kubernetes.io/warn': props.podSecurity.warn ?? 'restricted',
          'pod-security.kubernetes.io/warn-version': 'latest',
        },
      },
    });

    new k8s.KubeResourceQuota(this, 'Quota', {
      metadata: { name: 'team-quota', namespace, labels },
      spec: {
        hard: {
          'requests.cpu': k8s.Quantity.fromString(props.quota.requestsCpu),
          'requests.memory': k8s.Quantity.fromString(props.quota.requestsMemory),
          'limits.cpu': k8s.Quantity.fromString(props.quota.limitsCpu),
          'limits.memory': k8s.Quantity.fromString(props.quota.limitsMemory),
          pods: k8s.Quantity.fromNumber(props.quota.pods),
          // Exposure is a platform decision made in the fleet file, not something a team adds.
          'services.loadbalancers': k8s.Quantity.fromNumber(props.quota.loadBalancers ?? 0),
          'services.nodeports': k8s.Quantity.fromNumber(0),
        },
      },
    });

    const defaults = props.containerDefaults ?? { requestCpu: '100m', requestMemory: '128Mi', limitCpu: '500m', limitMemory: '512Mi' };
    new k8s.KubeLimitRange(this, 'Limits', {
      metadata: { name: 'container-defaults', namespace, labels },
      spec: {
        limits: [
          {
            type: 'Container',
            defaultRequest: { cpu: k8s.Quantity.fromString(defaults.requestCpu), memory: k8s.Quantity.fromString(defaults.requestMemory) },
            default: { cpu: k8s.Quantity.fromString(defaults.limitCpu), memory: k8s.Quantity.fromString(defaults.limitMemory) },
          },
        ],
      },
    });

    new k8s.KubeNetworkPolicy(this, 'DefaultDeny', {
      metadata: { name: 'default-deny-all', namespace, labels },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });

    new k8s.KubeNetworkPolicy(this, 'AllowDns', {
      metadata: { name: 'allow-dns-egress', namespace, labels },
      spec: {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [
          {
            to: [
              {
                namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
                podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
              },
            ],
            ports: [
              { protocol: 'UDP', port: k8s.IntOrString.fromNumber(53) },
              { protocol: 'TCP', port: k8s.IntOrString.fromNumber(53) },
            ],
          },
        ],
      },
    });

    new k8s.KubeRoleBinding(this, 'Developers', {
      metadata: { name: props.developersGroup, namespace, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: props.developerClusterRole },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: props.developersGroup }],
    });
  }
}
