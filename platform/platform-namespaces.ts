import type { PodSecurityLevel } from '../charts/team-namespace';

/**
 * Namespaces the platform layer owns on every cluster. No team may claim one of them
 * (the fleet loader refuses it) and no team AppProject may deploy into one.
 *
 * Add an entry here (and its Pod Security level below) when a platform component gets a
 * namespace of its own.
 */
export const PLATFORM_NAMESPACES = {
  argocd: 'argocd',
  certManager: 'cert-manager',
  openTelemetryOperator: 'opentelemetry-operator-system',
  collectors: 'observability',
  kubeStateMetrics: 'kube-state-metrics',
  nodeExporter: 'prometheus-node-exporter',
  grafanaOperator: 'grafana-operator',
} as const;

export type PlatformNamespace = (typeof PLATFORM_NAMESPACES)[keyof typeof PLATFORM_NAMESPACES];

/**
 * Pod Security level enforced in each platform namespace. Only node-exporter, which reads the
 * host's /proc and /sys through host namespaces, needs `privileged`. ArgoCD's namespace is
 * created by the AWS layer before any of this syncs, so it is not rendered here.
 */
export const PLATFORM_NAMESPACE_POD_SECURITY: Readonly<Record<Exclude<PlatformNamespace, 'argocd'>, PodSecurityLevel>> = {
  'cert-manager': 'restricted',
  'opentelemetry-operator-system': 'restricted',
  observability: 'restricted',
  'kube-state-metrics': 'restricted',
  'prometheus-node-exporter': 'privileged',
  'grafana-operator': 'restricted',
};

/**
 * The labels that make Kubernetes enforce (and warn about) a Pod Security level in a namespace,
 * the same for every owner of a namespace (the tenancy leaf or the AWS layer).
 */
export function podSecurityLabels(level: PodSecurityLevel): Record<string, string> {
  return {
    'pod-security.kubernetes.io/enforce': level,
    'pod-security.kubernetes.io/enforce-version': 'latest',
    'pod-security.kubernetes.io/warn': level,
    'pod-security.kubernetes.io/warn-version': 'latest',
  };
}

/** Namespaces Kubernetes itself reserves or that every cluster already has. */
export const KUBERNETES_RESERVED_NAMESPACES: readonly string[] = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** True when a team must not use `namespace`: a Kubernetes or platform namespace, or any `kube-*`. */
export function isReservedNamespace(namespace: string): boolean {
  return (
    namespace.startsWith('kube-') ||
    KUBERNETES_RESERVED_NAMESPACES.includes(namespace) ||
    (Object.values(PLATFORM_NAMESPACES) as string[]).includes(namespace)
  );
}
