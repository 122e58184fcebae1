import { promQuery, statPanel, timeseriesPanel } from './panels';

/**
 * Panels several Kubernetes dashboards show for their own scope (a namespace, a workload, a pod),
 * written once over the shared factories.
 */

/** Container restarts during the dashboard's time range; `ksmSelector` selects the pods. */
export function restartsInRangePanel(datasourceType: string, ksmSelector: string) {
  return statPanel({
    title: 'Restarts in range',
    description: 'Container restarts during the selected time range.',
    datasourceType,
    targets: [promQuery(`sum(increase(kube_pod_container_status_restarts_total${ksmSelector}[$__range]))`, 'restarts')],
  });
}

export interface CpuThrottlingProps {
  readonly datasourceType: string;
  /** cAdvisor selector of the real containers in scope. */
  readonly cadvisorSelector: string;
  /** One line per pod or per container. */
  readonly by: 'pod' | 'container';
  /** Narrows a per-container rate to the pods in scope (e.g. a workload's). Default: none. */
  readonly keep?: (expression: string) => string;
}

/** Share of CPU periods throttled by the CPU limit. */
export function cpuThrottlingPanel(props: CpuThrottlingProps) {
  const keep = props.keep ?? ((expression: string) => expression);
  const periods = (family: string) => `sum by (${props.by}) (${keep(`rate(${family}${props.cadvisorSelector}[$__rate_interval])`)})`;
  return timeseriesPanel({
    title: 'CPU throttling',
    description: `Share of CPU periods in which each ${props.by} was throttled by its limit.`,
    datasourceType: props.datasourceType,
    unit: 'percentunit',
    targets: [promQuery(`${periods('container_cpu_cfs_throttled_periods_total')} / ${periods('container_cpu_cfs_periods_total')}`, `{{${props.by}}}`)],
  });
}

export interface UsageAgainstResourcesProps {
  readonly title: string;
  readonly description: string;
  readonly datasourceType: string;
  /** Grafana unit id. Default: short (CPU cores). */
  readonly unit?: string;
  /** Use, one series per `legend`. */
  readonly usage: string;
  readonly legend: string;
  /** Requests and limits of the same scope, drawn as lines of their own. */
  readonly requests: string;
  readonly limits: string;
  /** Prefix of the requests and limits legends, e.g. `{{container}} `. Default: none. */
  readonly resourceLegendPrefix?: string;
}

/** Use of CPU or memory with the requests and limits it is held against. */
export function usageAgainstResourcesPanel(props: UsageAgainstResourcesProps) {
  const prefix = props.resourceLegendPrefix ?? '';
  return timeseriesPanel({
    title: props.title,
    description: props.description,
    datasourceType: props.datasourceType,
    unit: props.unit,
    targets: [promQuery(props.usage, props.legend), promQuery(props.requests, `${prefix}requests`, 'B'), promQuery(props.limits, `${prefix}limits`, 'C')],
  });
}
