import { k8s } from 'cdk8s-plus-28';

const READ = ['get', 'list', 'watch'];

/** What the Prometheus service discovery of the metrics job list reads (node, pod and endpointslice roles). */
export const DISCOVERY_RULES: readonly k8s.PolicyRule[] = [
  { apiGroups: [''], resources: ['nodes', 'pods', 'services'], verbs: READ },
  { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: READ },
];

/**
 * What scraping itself needs: the kubelet authorises `/metrics` and `/metrics/cadvisor` as `get`
 * on `nodes/metrics`, and the API server's `/metrics` is a non-resource URL.
 */
export const SCRAPE_RULES: readonly k8s.PolicyRule[] = [
  { apiGroups: [''], resources: ['nodes/metrics'], verbs: ['get'] },
  { nonResourceUrLs: ['/metrics'], verbs: ['get'] },
];

/**
 * Rules of the metrics collector's ClusterRole. With a target allocator the allocator runs the
 * discovery and the collector pods only scrape what they are handed.
 */
export function metricsCollectorRules(discoversTargets: boolean): k8s.PolicyRule[] {
  return [...(discoversTargets ? DISCOVERY_RULES : []), ...SCRAPE_RULES];
}

/** Rules of the target allocator's ClusterRole: discovery only. */
export const TARGET_ALLOCATOR_RULES: readonly k8s.PolicyRule[] = DISCOVERY_RULES;
