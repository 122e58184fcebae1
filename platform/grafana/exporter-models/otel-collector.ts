import { SCRAPE_JOBS } from '../../telemetry/scrape-jobs';
import { counter, ExporterModel, gauge, MetricFamilyModel } from './exporter-model';

const signals = ['metric_points', 'spans', 'log_records'] as const;
const perSignal = (make: (signal: string) => MetricFamilyModel) => signals.map(make);

/**
 * The collector's own telemetry on :8888 as it reaches AMP, at collector v0.158.0 (ADOT v0.50.0)
 * with the explicitly configured Prometheus pull reader of `platform/telemetry/collector-common.ts`.
 *
 * - Instrument names come from the `metadata.yaml` files of service/, receiver/receiverhelper and
 *   exporter/exporterhelper (open-telemetry/opentelemetry-collector@v0.158.0), prefixed `otelcol_`.
 * - A configured reader gets `without_units`, `without_type_suffix` and `without_scope_info`
 *   defaulted to true (service/telemetry/otelconftelemetry/internal/migration/v0.3.0.go,
 *   `applyPrometheusDefaults`): :8888 exposes the instrument names bare, with no unit suffix
 *   and no `_total`.
 * - The Prometheus receiver reads the counters as monotonic sums without a unit, and
 *   prometheusremotewrite appends `_total` to those; no unit suffix comes back, so the process
 *   memory gauge is `otelcol_process_memory_rss`, never `..._bytes`.
 */
export const OTEL_COLLECTOR_MODEL: ExporterModel = {
  job: SCRAPE_JOBS.collector,
  targetLabels: ['instance', 'namespace', 'pod', 'service'],
  source: 'open-telemetry/opentelemetry-collector@v0.158.0 service/metadata.yaml, receiver/receiverhelper/metadata.yaml, exporter/exporterhelper/metadata.yaml',
  families: [
    ...perSignal((signal) => counter(`otelcol_receiver_accepted_${signal}_total`, { receiver: 'any', transport: 'any' })),
    ...perSignal((signal) => counter(`otelcol_receiver_refused_${signal}_total`, { receiver: 'any', transport: 'any' })),
    ...perSignal((signal) => counter(`otelcol_receiver_failed_${signal}_total`, { receiver: 'any', transport: 'any' })),
    ...perSignal((signal) => counter(`otelcol_exporter_sent_${signal}_total`, { exporter: 'any' })),
    ...perSignal((signal) => counter(`otelcol_exporter_send_failed_${signal}_total`, { exporter: 'any', error_type: 'any' })),
    ...perSignal((signal) => counter(`otelcol_exporter_enqueue_failed_${signal}_total`, { exporter: 'any' })),
    gauge('otelcol_exporter_queue_size', { exporter: 'any', data_type: ['metrics', 'traces', 'logs'] }),
    gauge('otelcol_exporter_queue_capacity', { exporter: 'any', data_type: ['metrics', 'traces', 'logs'] }),
    counter('otelcol_process_cpu_seconds_total'),
    gauge('otelcol_process_memory_rss'),
    gauge('otelcol_process_runtime_heap_alloc_bytes'),
    counter('otelcol_process_runtime_total_alloc_bytes_total'),
    gauge('otelcol_process_runtime_total_sys_memory_bytes'),
    counter('otelcol_process_uptime_total'),
  ],
};
