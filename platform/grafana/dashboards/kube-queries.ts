import { WORKLOAD_POD_SERIES } from '../../alerts/workload-rules';
import { SELECTORS, selector } from '../selectors';

/**
 * PromQL shared by the Kubernetes dashboards, written once as kubernetes-mixin's recording rules
 * would be.
 */

/**
 * Requests or limits of `resource` held by pods that still hold them: Pending or Running pods.
 * kube-state-metrics keeps reporting the requests of Succeeded and Failed pods until they are
 * deleted, which would overstate what the nodes have committed.
 */
export function activePodResources(kind: 'requests' | 'limits', resource: 'cpu' | 'memory', scope: readonly string[], by?: string, pods?: string): string {
  const ksm = (...matchers: string[]) => selector(SELECTORS.kubeStateMetrics, ...scope, ...matchers);
  const grouping = by ? ` by (${by})` : '';
  const active = `max by (cluster, namespace, pod) (kube_pod_status_phase${ksm('phase=~"Pending|Running"')} == 1)`;
  return (
    `sum${grouping} (kube_pod_container_resource_${kind}${ksm(`resource="${resource}"`)}` +
    ` * on (cluster, namespace, pod) group_left () ${pods ? `(${active} and on (cluster, namespace, pod) ${pods})` : active})`
  );
}

/**
 * `expression` (a per-pod series with `cluster`, `namespace` and `pod`) kept for the pods of one
 * workload, read from the recorded pod-to-workload mapping; `scope` selects the workload.
 */
export function ofWorkload(expression: string, scope: readonly string[]): string {
  return `${expression} * on (cluster, namespace, pod) group_left () ${workloadPods(scope)}`;
}

/** The pods of the workloads `scope` selects (value 1, labels `cluster`, `namespace`, `pod`, `workload`, `workload_type`). */
export function workloadPods(scope: readonly string[]): string {
  return `${WORKLOAD_POD_SERIES}${selector(...scope)}`;
}

/** Restarts per hour: a rate, so the number does not change with the zoom as an increase over `$__rate_interval` would. */
export function restartsPerHour(ksmSelector: string, by: string): string {
  return `sum by (${by}) (rate(kube_pod_container_status_restarts_total${ksmSelector}[$__rate_interval])) * 3600`;
}
