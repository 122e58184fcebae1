import { PrometheusConfig } from './prometheus-scrape-config';

/**
 * A typed model of the OpenTelemetry Collector configuration
 * (https://opentelemetry.io/docs/collector/configuration/), limited to the components this
 * repository runs, all of which ship in the AWS Distro for OpenTelemetry collector. Keys are the
 * collector's own (snake_case) so the object is serialised unchanged. A component id is its type,
 * optionally followed by `/<name>` (`attributes/cluster`); the mapped types below only accept ids
 * whose type has a config interface here, and give each id that interface.
 */

// Receivers -----------------------------------------------------------------------------------

export interface PrometheusReceiverConfig {
  readonly config: PrometheusConfig;
}

export interface OtlpReceiverConfig {
  readonly protocols: {
    readonly grpc?: { readonly endpoint: string };
    readonly http?: { readonly endpoint: string };
  };
}

export interface ReceiverTypes {
  readonly prometheus: PrometheusReceiverConfig;
  readonly otlp: OtlpReceiverConfig;
}

// Processors ----------------------------------------------------------------------------------

export interface MemoryLimiterProcessorConfig {
  readonly check_interval: string;
  /** Hard limit of the heap, in MiB; data is refused above the soft limit `limit_mib - spike_limit_mib`. */
  readonly limit_mib: number;
  readonly spike_limit_mib: number;
}

export interface BatchProcessorConfig {
  /** Default: 200ms. */
  readonly timeout?: string;
  /** Default: 8192. */
  readonly send_batch_size?: number;
  /** Default: unbounded. */
  readonly send_batch_max_size?: number;
}

/** One change to an attribute map (resource attributes, or data point attributes). */
export interface AttributeAction {
  readonly key: string;
  /** `insert` only adds a missing key, `upsert` also overwrites, `delete` removes. */
  readonly action: 'insert' | 'update' | 'upsert' | 'delete';
  readonly value?: string;
  /** Take the value from another attribute of the same map; nothing happens when it is absent. */
  readonly from_attribute?: string;
}

/** Changes resource attributes (for traces: what X-Ray shows under the segment's resource). */
export interface ResourceProcessorConfig {
  readonly attributes: readonly AttributeAction[];
}

/** Changes span, log record or data point attributes (for Prometheus metrics: the series labels). */
export interface AttributesProcessorConfig {
  readonly actions: readonly AttributeAction[];
}

/** Metric types the cumulativetodelta processor converts. */
export type CumulativeToDeltaMetricType = 'sum' | 'histogram';

export interface CumulativeToDeltaProcessorConfig {
  /** Only metrics of these types are converted (`include.metric_types` of the processor). */
  readonly include: { readonly metric_types: readonly CumulativeToDeltaMetricType[] };
}

export interface ProcessorTypes {
  readonly memory_limiter: MemoryLimiterProcessorConfig;
  readonly cumulativetodelta: CumulativeToDeltaProcessorConfig;
  readonly batch: BatchProcessorConfig;
  readonly resource: ResourceProcessorConfig;
  readonly attributes: AttributesProcessorConfig;
}

// Exporters -----------------------------------------------------------------------------------

export interface ComponentAuth {
  /** Id of an authenticator extension listed in `service.extensions`. */
  readonly authenticator: string;
}

/** exporterhelper's retry: exponential back-off between attempts, given up after `max_elapsed_time`. */
export interface RetryOnFailureConfig {
  readonly enabled: boolean;
  readonly initial_interval: string;
  readonly max_interval: string;
  readonly max_elapsed_time: string;
}

/** The remote-write exporter's write-ahead log: requests are written to `directory` before they are sent. */
export interface RemoteWriteWalConfig {
  readonly directory: string;
  /** Requests read from the log per upload. */
  readonly buffer_size?: number;
  /** How often the log is truncated of what was sent (and a partial upload forced). */
  readonly truncate_frequency?: string;
}

export interface PrometheusRemoteWriteExporterConfig {
  readonly endpoint: string;
  readonly auth?: ComponentAuth;
  readonly wal?: RemoteWriteWalConfig;
  readonly retry_on_failure?: RetryOnFailureConfig;
}

export interface EmfLabelMatcher {
  readonly label_names: readonly string[];
  readonly regex: string;
  /** Default: `;`. */
  readonly separator?: string;
}

export interface EmfMetricDeclaration {
  readonly dimensions: readonly (readonly string[])[];
  readonly metric_name_selectors: readonly string[];
  readonly label_matchers?: readonly EmfLabelMatcher[];
}

export interface AwsEmfExporterConfig {
  readonly region: string;
  readonly namespace: string;
  readonly log_group_name: string;
  readonly log_stream_name: string;
  readonly dimension_rollup_option: 'NoDimensionRollup' | 'SingleDimensionRollupOnly' | 'ZeroAndSingleDimensionRollup';
  readonly resource_to_telemetry_conversion: { readonly enabled: boolean };
  readonly metric_declarations: readonly EmfMetricDeclaration[];
  /** Retries of each CloudWatch Logs call by the AWS SDK (the exporter has no queue or exporterhelper retry). */
  readonly max_retries?: number;
}

export interface AwsXrayExporterConfig {
  readonly region: string;
  /** Retries of each X-Ray call by the AWS SDK (the exporter has no queue or exporterhelper retry). */
  readonly max_retries?: number;
}

export interface ExporterTypes {
  /** Contrib's current name for the remote-write exporter (`prometheusremotewrite` is its deprecated alias). */
  readonly prometheus_remote_write: PrometheusRemoteWriteExporterConfig;
  readonly awsemf: AwsEmfExporterConfig;
  readonly awsxray: AwsXrayExporterConfig;
}

// Extensions ----------------------------------------------------------------------------------

export interface HealthCheckExtensionConfig {
  /** `host:port` of the liveness/readiness endpoint; the operator derives the pod probes from it. */
  readonly endpoint: string;
}

export interface SigV4AuthExtensionConfig {
  readonly region: string;
  /** AWS service the requests are signed for, e.g. `aps` for Amazon Managed Prometheus. */
  readonly service: string;
}

export interface ExtensionTypes {
  readonly health_check: HealthCheckExtensionConfig;
  readonly sigv4auth: SigV4AuthExtensionConfig;
}

// Service -------------------------------------------------------------------------------------

export type SignalType = 'traces' | 'metrics' | 'logs';

export interface CollectorPipeline {
  readonly receivers: readonly string[];
  readonly processors: readonly string[];
  readonly exporters: readonly string[];
}

/** The collector's own metrics, served for scraping on `host:port` at /metrics. */
export interface CollectorSelfTelemetry {
  readonly metrics: {
    readonly level: 'none' | 'basic' | 'normal' | 'detailed';
    readonly readers: readonly { readonly pull: { readonly exporter: { readonly prometheus: { readonly host: string; readonly port: number } } } }[];
  };
  readonly logs?: { readonly level: 'debug' | 'info' | 'warn' | 'error' };
}

export interface CollectorService {
  readonly extensions: readonly string[];
  readonly pipelines: { readonly [id in SignalType | `${SignalType}/${string}`]?: CollectorPipeline };
  readonly telemetry: CollectorSelfTelemetry;
}

/** Component ids: the type alone or `type/name`, each mapped to its type's config. */
export type Components<Types> = { readonly [K in keyof Types & string as K | `${K}/${string}`]?: Types[K] };

export interface CollectorConfig {
  readonly receivers: Components<ReceiverTypes>;
  readonly processors: Components<ProcessorTypes>;
  readonly exporters: Components<ExporterTypes>;
  readonly extensions: Components<ExtensionTypes>;
  readonly service: CollectorService;
}

/** `attributes/cluster` -> `attributes`. */
export function componentType(id: string): string {
  return id.split('/')[0];
}

/**
 * Processors every pipeline starts with, in this order: `memory_limiter` refuses data before it is
 * buffered anywhere else (so it must come first), and `batch` then groups what was accepted.
 */
export const LEADING_PROCESSORS = ['memory_limiter', 'batch'] as const;

/**
 * Problems that would make the collector refuse to start, or that this repository rules out:
 * components referenced but not defined, defined but never used, pipelines without a receiver or
 * exporter, an authenticator that is not an enabled extension, and pipelines that do not start
 * with `memory_limiter` then `batch`. Empty when the configuration is sound.
 */
export function collectorConfigProblems(config: CollectorConfig): string[] {
  const problems: string[] = [];
  const defined = {
    receiver: Object.keys(config.receivers),
    processor: Object.keys(config.processors),
    exporter: Object.keys(config.exporters),
    extension: Object.keys(config.extensions),
  };
  const used = { receiver: new Set<string>(), processor: new Set<string>(), exporter: new Set<string>(), extension: new Set(config.service.extensions) };

  for (const [id, pipeline] of Object.entries(config.service.pipelines) as [string, CollectorPipeline | undefined][]) {
    if (!pipeline) continue;
    if (pipeline.receivers.length === 0) problems.push(`pipeline ${id} has no receiver`);
    if (pipeline.exporters.length === 0) problems.push(`pipeline ${id} has no exporter`);
    LEADING_PROCESSORS.forEach((type, index) => {
      const actual = pipeline.processors[index];
      if (actual === undefined || componentType(actual) !== type) {
        problems.push(`pipeline ${id} must have ${type} as processor ${index + 1} (found ${actual ?? 'none'}); order: ${LEADING_PROCESSORS.join(', ')}, then the rest`);
      }
    });
    const references: [keyof typeof used, readonly string[]][] = [
      ['receiver', pipeline.receivers],
      ['processor', pipeline.processors],
      ['exporter', pipeline.exporters],
    ];
    for (const [kind, ids] of references) {
      for (const component of ids) {
        if (!defined[kind].includes(component)) problems.push(`pipeline ${id} uses ${kind} ${component}, which is not defined under ${kind}s`);
        used[kind].add(component);
      }
      if (new Set(ids).size !== ids.length) problems.push(`pipeline ${id} lists a ${kind} twice`);
    }
  }
  for (const extension of config.service.extensions) {
    if (!defined.extension.includes(extension)) problems.push(`service.extensions lists ${extension}, which is not defined under extensions`);
  }
  for (const kind of Object.keys(defined) as (keyof typeof defined)[]) {
    for (const component of defined[kind]) {
      if (!used[kind].has(component)) problems.push(`${kind} ${component} is defined but no pipeline${kind === 'extension' ? ' or service.extensions' : ''} uses it`);
    }
  }
  for (const [id, exporter] of Object.entries(config.exporters) as [string, { auth?: ComponentAuth } | undefined][]) {
    const authenticator = exporter?.auth?.authenticator;
    if (authenticator && !config.service.extensions.includes(authenticator)) {
      problems.push(`exporter ${id} authenticates with ${authenticator}, which is not listed in service.extensions`);
    }
  }
  return problems;
}
