import { memoryLimiterFor } from '../../charts/collector-memory-limiter';
import { AwsEmfExporterConfig, BatchProcessorConfig, CollectorConfig, EmfMetricDeclaration } from '../../charts/opentelemetry-collector-config';
import { OpenTelemetryCollectorSpecEnv } from '../../charts/imports/opentelemetry-collector-opentelemetry.io';
import { TELEMETRY_FACTS } from '../cluster-facts';
import {
  CLOUDWATCH_DIMENSION_LABELS,
  CLOUDWATCH_METRIC_DECLARATIONS,
  CLOUDWATCH_METRICS_NAMESPACE,
  CloudWatchMetricDeclaration,
  cloudWatchLogGroup,
} from './cloudwatch-metrics';
import { AWS_SDK_MAX_RETRIES, clusterIdentity, CollectorSite, fromEnvironment, HEALTH_CHECK, SELF_TELEMETRY } from './collector-common';
import { metricsScrapeConfig } from './scrape-configs';

export type MetricsSink = 'amp' | 'cloudwatch';

export interface MetricsCollectorConfigProps {
  readonly site: CollectorSite;
  readonly sink: MetricsSink;
  /** Memory limit of the collector container; `memory_limiter` is derived from it. */
  readonly memoryMiB: number;
}

/** Scrapes arrive every 30 s; a batch waits up to 5 s and never holds more than 10k data points. */
export const METRICS_BATCH: BatchProcessorConfig = { timeout: '5s', send_batch_size: 8192, send_batch_max_size: 10000 };

/**
 * Where awsemf reads the receiver from, and the value for which it turns Prometheus summaries into
 * deltas (`receiver` resource attribute; awsemf's datapoint.go at contrib v0.156/v0.158).
 */
export const EMF_RECEIVER_ATTRIBUTE = { key: 'receiver', prometheus: 'prometheus', containerInsights: 'awscontainerinsightreceiver' } as const;

/**
 * What awsemf publishes per metric type, read from its source (getDataPoints in datapoint.go):
 * cumulative monotonic sums become deltas by themselves; summaries only when the resource
 * attribute `receiver` is `prometheus` (or Container Insights'); histograms only when it is
 * Container Insights', otherwise their count and sum are published as received; gauges as they are.
 */
export const EMF_DELTA_RULES = {
  sum: 'always',
  summary: 'receiver prometheus',
  histogram: 'receiver awscontainerinsightreceiver, or delta temporality on arrival',
  gauge: 'as received',
} as const;

/**
 * The remote-write exporter's write-ahead log, on an emptyDir volume of the collector pod:
 * every request is written there before it is sent and removed only once AMP accepted it. After a
 * failed upload the exporter re-reads the log from its oldest unsent entry, so an AMP outage only
 * grows the log, and a restarted collector container sends what the log still holds.
 *
 * Sized for a one-hour outage (`REMOTE_WRITE_OUTAGE`): see `remoteWriteWalSizeMiB`.
 */
export const REMOTE_WRITE_WAL = {
  volumeName: 'remote-write-wal',
  mountPath: '/var/lib/otelcol/remote-write-wal',
  /** Requests read from the log per upload (the exporter's default, 300). */
  bufferSize: 300,
  /** Upload (and truncate what was sent) at least this often. */
  truncateFrequency: '30s',
} as const;

/**
 * Retry of one upload: back-off from 5 s to 1 min, given up after 15 min; the log keeps the data
 * and the next attempt starts over from it, so the outage the collector survives is bounded by
 * the log's size, not by this.
 */
export const REMOTE_WRITE_RETRY = { enabled: true, initial_interval: '5s', max_interval: '60s', max_elapsed_time: '15m' } as const;

/** Environment variable carrying the AMP remote-write URL, read from the `cluster-facts` ConfigMap. */
export const AMP_REMOTE_WRITE_URL_ENV = TELEMETRY_FACTS.keys.ampRemoteWriteUrl;
/** Environment variable carrying the pod name, which names the collector's EMF log stream. */
export const POD_NAME_ENV = 'COLLECTOR_POD_NAME';

/**
 * The metrics collector's configuration for one sink:
 *
 *   AMP:        prometheus -> memory_limiter -> batch -> attributes/cluster -> prometheus_remote_write
 *   CloudWatch: prometheus -> memory_limiter -> batch -> attributes/cluster -> attributes/cloudwatch
 *               -> resource/receiver -> cumulativetodelta -> awsemf
 *
 * The cluster identity goes on the data points (series labels) rather than the resource: the
 * remote-write exporter only turns resource attributes into labels wholesale
 * (`resource_to_telemetry_conversion`), which would also copy `service.name` and
 * `service.instance.id` next to the `job` and `instance` labels they already become.
 *
 * On the CloudWatch path, awsemf publishes what it receives per period only for some types
 * (`EMF_DELTA_RULES`): the two extra processors make Prometheus summaries and histograms, which
 * are cumulative since the target started, reach CloudWatch as per-period values.
 */
export function metricsCollectorConfig(props: MetricsCollectorConfigProps): CollectorConfig {
  const common = {
    receivers: { prometheus: { config: metricsScrapeConfig() } },
    processors: {
      memory_limiter: memoryLimiterFor(props.memoryMiB),
      batch: METRICS_BATCH,
      'attributes/cluster': { actions: clusterIdentity(props.site) },
    },
  };
  if (props.sink === 'amp') {
    return {
      ...common,
      exporters: {
        prometheus_remote_write: {
          endpoint: fromEnvironment(AMP_REMOTE_WRITE_URL_ENV),
          auth: { authenticator: 'sigv4auth' },
          wal: { directory: REMOTE_WRITE_WAL.mountPath, buffer_size: REMOTE_WRITE_WAL.bufferSize, truncate_frequency: REMOTE_WRITE_WAL.truncateFrequency },
          retry_on_failure: REMOTE_WRITE_RETRY,
        },
      },
      extensions: { health_check: HEALTH_CHECK, sigv4auth: { region: props.site.region, service: 'aps' } },
      service: {
        extensions: ['health_check', 'sigv4auth'],
        pipelines: { metrics: { receivers: ['prometheus'], processors: ['memory_limiter', 'batch', 'attributes/cluster'], exporters: ['prometheus_remote_write'] } },
        telemetry: SELF_TELEMETRY,
      },
    };
  }
  const dimensions = CLOUDWATCH_DIMENSION_LABELS;
  return {
    ...common,
    processors: {
      ...common.processors,
      'attributes/cloudwatch': {
        actions: [
          { key: dimensions.clusterName, value: props.site.clusterName, action: 'upsert' },
          { key: dimensions.namespace.label, from_attribute: dimensions.namespace.from, action: 'upsert' },
          { key: dimensions.service.label, from_attribute: dimensions.service.from, action: 'upsert' },
        ],
      },
      // awsemf turns summaries' count and sum into deltas only for this resource attribute.
      'resource/receiver': { attributes: [{ key: EMF_RECEIVER_ATTRIBUTE.key, value: EMF_RECEIVER_ATTRIBUTE.prometheus, action: 'upsert' }] },
      // awsemf publishes histograms as received: make them per-period first.
      cumulativetodelta: { include: { metric_types: ['histogram'] } },
    },
    exporters: { awsemf: emfExporter(props.site) },
    extensions: { health_check: HEALTH_CHECK },
    service: {
      extensions: ['health_check'],
      pipelines: {
        metrics: { receivers: ['prometheus'], processors: ['memory_limiter', 'batch', 'attributes/cluster', 'attributes/cloudwatch', 'resource/receiver', 'cumulativetodelta'], exporters: ['awsemf'] },
      },
      telemetry: SELF_TELEMETRY,
    },
  };
}

/** Environment of the metrics collector pods: the AMP endpoint exists only after `cdk deploy`, as data. */
export function metricsCollectorEnv(sink: MetricsSink): OpenTelemetryCollectorSpecEnv[] {
  if (sink === 'amp') {
    return [{ name: AMP_REMOTE_WRITE_URL_ENV, valueFrom: { configMapKeyRef: { name: TELEMETRY_FACTS.name, key: AMP_REMOTE_WRITE_URL_ENV } } }];
  }
  return [{ name: POD_NAME_ENV, valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }];
}

/**
 * EMF to CloudWatch: one log stream per collector pod; no dimension roll-up (only the declared
 * sets are published); resource attributes (the scrape `job` and `instance`, as `service.name` and
 * `service.instance.id`) kept in the EMF records for Logs Insights.
 */
function emfExporter(site: CollectorSite): AwsEmfExporterConfig {
  return {
    region: site.region,
    namespace: CLOUDWATCH_METRICS_NAMESPACE,
    log_group_name: cloudWatchLogGroup(site.clusterName),
    log_stream_name: fromEnvironment(POD_NAME_ENV),
    dimension_rollup_option: 'NoDimensionRollup',
    resource_to_telemetry_conversion: { enabled: true },
    metric_declarations: CLOUDWATCH_METRIC_DECLARATIONS.map(emfDeclaration),
    max_retries: AWS_SDK_MAX_RETRIES,
  };
}

function emfDeclaration(declaration: CloudWatchMetricDeclaration): EmfMetricDeclaration {
  return {
    dimensions: declaration.dimensions.map((set) => [...set]),
    metric_name_selectors: [...declaration.metricNameSelectors],
    ...(declaration.labelMatchers
      ? {
          label_matchers: declaration.labelMatchers.map((matcher) => ({
            label_names: [...matcher.labelNames],
            regex: matcher.regex,
            ...(matcher.separator ? { separator: matcher.separator } : {}),
          })),
        }
      : {}),
  };
}
