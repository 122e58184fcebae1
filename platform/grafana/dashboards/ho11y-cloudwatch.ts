import { CLOUDWATCH_METRICS_NAMESPACE } from '../../telemetry/cloudwatch-metrics';
import { DATA_SOURCE_TYPES } from '../data-source-types';
import { DashboardDefinition } from './dashboard-definition';
import { dashboardFrame } from './dashboard-frame';
import { cloudWatchMathQuery, cloudWatchQuery, row, timeseriesPanel } from './panels';
import { CLUSTER_VARIABLE, datasourceVariable, queryVariable } from './variables';

const datasourceType = DATA_SOURCE_TYPES.cloudwatch;
const cluster = `$${CLUSTER_VARIABLE}`;

/** Grafana's CloudWatch variable query listing the values of one dimension of a metric. */
function dimensionValues(metricName: string, dimensionKey: string, dimensionFilters: Record<string, string>): Record<string, unknown> {
  return {
    refId: 'CloudWatchVariableQueryEditor-VariableQuery',
    queryType: 'dimensionValues',
    region: 'default',
    namespace: CLOUDWATCH_METRICS_NAMESPACE,
    metricName,
    dimensionKey,
    dimensionFilters,
  };
}

const service = { ClusterName: cluster, Namespace: '$namespace', Service: '*' };
const pod = { ClusterName: cluster, Namespace: '$namespace', pod: '*' };

/**
 * ho11y on the CloudWatch path (EMF). Queries only the metric names and dimension sets the
 * collector declares, so every panel matches a metric CloudWatch actually holds. Histograms and
 * summaries arrive as one statistic set under their base name: calls are its SampleCount, time
 * and bytes its Sum.
 */
export const HO11Y_CLOUDWATCH_DASHBOARD: DashboardDefinition = {
  uid: 'ho11y-cloudwatch',
  title: 'ho11y / CloudWatch',
  dataPath: 'cloudwatch',
  build: () =>
    dashboardFrame({
      uid: HO11Y_CLOUDWATCH_DASHBOARD.uid,
      title: HO11Y_CLOUDWATCH_DASHBOARD.title,
      description: `ho11y metrics published as EMF to the ${CLOUDWATCH_METRICS_NAMESPACE} CloudWatch namespace.`,
      variables: [
        datasourceVariable(datasourceType, 'CloudWatch'),
        queryVariable({ name: CLUSTER_VARIABLE, label: 'Cluster', datasourceType, query: dimensionValues('ho11y_total', 'ClusterName', {}) }),
        queryVariable({ name: 'namespace', label: 'Namespace', datasourceType, query: dimensionValues('ho11y_total', 'Namespace', { ClusterName: cluster }) }),
      ],
    })
      .withRow(row('Requests'))
      .withPanel(
        timeseriesPanel({
          title: 'Requests by service',
          description: 'Requests counted per period, by Kubernetes Service.',
          datasourceType,
          targets: [cloudWatchQuery({ namespace: CLOUDWATCH_METRICS_NAMESPACE, metricName: 'ho11y_total', dimensions: service, label: "${PROP('Dim.Service')}" })],
        }),
      )
      .withPanel(
        timeseriesPanel({
          title: 'Requests by status code',
          description: 'Requests counted per period, by service and HTTP status code.',
          datasourceType,
          stacked: true,
          targets: [
            cloudWatchQuery({
              namespace: CLOUDWATCH_METRICS_NAMESPACE,
              metricName: 'ho11y_total',
              dimensions: { ...service, http_status_code: '*' },
              label: "${PROP('Dim.Service')} ${PROP('Dim.http_status_code')}",
            }),
          ],
        }),
      )
      .withRow(row('Downstream calls'))
      .withPanel(
        timeseriesPanel({
          title: 'Downstream calls',
          description: 'Downstream calls made per period, by service.',
          datasourceType,
          targets: [cloudWatchQuery({ namespace: CLOUDWATCH_METRICS_NAMESPACE, metricName: 'ho11y_downstream_duration_seconds', dimensions: service, statistic: 'SampleCount', label: "${PROP('Dim.Service')}" })],
        }),
      )
      .withPanel(
        timeseriesPanel({
          title: 'Time spent in downstream calls',
          description: 'Seconds spent waiting for downstreams per period, by service.',
          datasourceType,
          unit: 's',
          targets: [cloudWatchQuery({ namespace: CLOUDWATCH_METRICS_NAMESPACE, metricName: 'ho11y_downstream_duration_seconds', dimensions: service, statistic: 'Sum', label: "${PROP('Dim.Service')}" })],
        }),
      )
      .withPanel(
        timeseriesPanel({
          title: 'Downstream payload received',
          description: 'Bytes received from downstreams per period, by service.',
          datasourceType,
          unit: 'bytes',
          targets: [cloudWatchQuery({ namespace: CLOUDWATCH_METRICS_NAMESPACE, metricName: 'ho11y_downstream_payload_bytes', dimensions: service, statistic: 'Sum', label: "${PROP('Dim.Service')}" })],
        }),
      )
      .withRow(row('Pods'))
      .withPanel(
        timeseriesPanel({
          title: 'CPU by pod',
          description: 'CPU cores used by each pod of the namespace: the CPU seconds counted in a period, divided by the period.',
          datasourceType,
          unit: 'short',
          targets: [
            cloudWatchQuery({
              namespace: CLOUDWATCH_METRICS_NAMESPACE,
              metricName: 'container_cpu_usage_seconds_total',
              dimensions: pod,
              statistic: 'Sum',
              label: "${PROP('Dim.pod')}",
              id: 'cpuSeconds',
              hidden: true,
            }),
            cloudWatchMathQuery('cpuSeconds / PERIOD(cpuSeconds)', 'B'),
          ],
        }),
      )
      .withPanel(
        timeseriesPanel({
          title: 'Memory working set by pod',
          description: 'Memory working set of each pod of the namespace.',
          datasourceType,
          unit: 'bytes',
          targets: [
            cloudWatchQuery({
              namespace: CLOUDWATCH_METRICS_NAMESPACE,
              metricName: 'container_memory_working_set_bytes',
              dimensions: pod,
              statistic: 'Maximum',
              label: "${PROP('Dim.pod')}",
            }),
          ],
        }),
      )
      .build(),
};
