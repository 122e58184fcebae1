import type { Fleet } from '../../../clusters/fleet/fleet-schema';
import { dataSourceType } from '../data-source-types';
import { CLUSTER_LABEL, SELECTORS, selector } from '../selectors';
import { DashboardDefinition } from './dashboard-definition';
import { dashboardFrame } from './dashboard-frame';
import { promQuery, row, timeseriesPanel } from './panels';
import { CLUSTER_VARIABLE, datasourceVariable, labelValues, queryVariable } from './variables';

const inCluster = `${CLUSTER_LABEL}="$${CLUSTER_VARIABLE}"`;
const collector = selector(SELECTORS.collector, inCluster, 'instance=~"$instance"');
const rateBy = (by: string, metric: string) => `sum by (${by}) (rate(${metric}${collector}[$__rate_interval]))`;

/** One flow panel per signal: what receivers accepted and refused, what exporters sent, failed and dropped. */
function flowPanels(signal: 'metric_points' | 'spans', noun: string, datasourceType: string) {
  return [
    timeseriesPanel({
      title: `Received ${noun}`,
      description: `${noun} per second accepted and refused (memory_limiter back-pressure) by each receiver.`,
      datasourceType,
      targets: [
        promQuery(rateBy('receiver', `otelcol_receiver_accepted_${signal}_total`), '{{receiver}} accepted'),
        promQuery(rateBy('receiver', `otelcol_receiver_refused_${signal}_total`), '{{receiver}} refused', 'B'),
      ],
    }),
    timeseriesPanel({
      title: `Exported ${noun}`,
      description: `${noun} per second sent, failed (retried, then dropped) and dropped at a full queue, by exporter.`,
      datasourceType,
      targets: [
        promQuery(rateBy('exporter', `otelcol_exporter_sent_${signal}_total`), '{{exporter}} sent'),
        promQuery(rateBy('exporter', `otelcol_exporter_send_failed_${signal}_total`), '{{exporter}} failed', 'B'),
        promQuery(rateBy('exporter', `otelcol_exporter_enqueue_failed_${signal}_total`), '{{exporter}} dropped', 'C'),
      ],
    }),
  ];
}

/** Whether the ADOT collectors keep up: data in, data out, queues and memory. */
export const COLLECTOR_HEALTH_DASHBOARD: DashboardDefinition = {
  uid: 'otel-collector-health',
  title: 'OpenTelemetry / Collector health',
  dataPath: 'amp',
  build: (fleet: Fleet) => {
    // The AMP plugin from Grafana 12 on, core Prometheus with SigV4 before.
    const datasourceType = dataSourceType('amp', fleet.grafana.version);
    const builder = dashboardFrame({
      uid: COLLECTOR_HEALTH_DASHBOARD.uid,
      title: COLLECTOR_HEALTH_DASHBOARD.title,
      description: 'Accepted, refused, sent, failed and dropped metric points and spans of the ADOT collectors, their exporter queues and memory.',
      variables: [
        datasourceVariable(datasourceType, 'AMP'),
        queryVariable({ name: CLUSTER_VARIABLE, label: 'Cluster', datasourceType, query: labelValues(`otelcol_process_memory_rss${selector(SELECTORS.collector)}`, CLUSTER_LABEL) }),
        queryVariable({
          name: 'instance',
          label: 'Collector',
          datasourceType,
          multi: true,
          query: labelValues(`otelcol_process_memory_rss${selector(SELECTORS.collector, inCluster)}`, 'instance'),
        }),
      ],
    });
    builder.withRow(row('Metrics'));
    flowPanels('metric_points', 'Metric points', datasourceType).forEach((panel) => builder.withPanel(panel));
    builder.withRow(row('Traces'));
    flowPanels('spans', 'Spans', datasourceType).forEach((panel) => builder.withPanel(panel));
    return builder
      .withRow(row('Resources'))
      .withPanel(
        timeseriesPanel({
          title: 'Exporter queue',
          description: 'Batches waiting in each exporter queue, against its capacity; a full queue drops data.',
          datasourceType,
          targets: [
            promQuery(`max by (instance, exporter) (otelcol_exporter_queue_size${collector})`, '{{instance}} {{exporter}} size'),
            promQuery(`max by (exporter) (otelcol_exporter_queue_capacity${collector})`, '{{exporter}} capacity', 'B'),
          ],
        }),
      )
      .withPanel(
        timeseriesPanel({
          title: 'Memory',
          description: 'Resident memory and Go heap of each collector; memory_limiter refuses data near its limit.',
          datasourceType,
          unit: 'bytes',
          targets: [
            promQuery(`otelcol_process_memory_rss${collector}`, '{{instance}} rss'),
            promQuery(`otelcol_process_runtime_heap_alloc_bytes${collector}`, '{{instance}} heap', 'B'),
          ],
        }),
      )
      .withPanel(
        timeseriesPanel({
          title: 'CPU',
          description: 'CPU cores used by each collector.',
          datasourceType,
          targets: [promQuery(`rate(otelcol_process_cpu_seconds_total${collector}[$__rate_interval])`, '{{instance}}')],
        }),
      )
      .build();
  },
};
