import { memoryLimiterFor } from '../../charts/collector-memory-limiter';
import { BatchProcessorConfig, CollectorConfig } from '../../charts/opentelemetry-collector-config';
import { AWS_SDK_MAX_RETRIES, clusterIdentity, CollectorSite, ALL_INTERFACES, HEALTH_CHECK, SELF_TELEMETRY } from './collector-common';
import { OTLP_GRPC_PORT, OTLP_HTTP_PORT } from './collector-identities';

export interface TracesCollectorConfigProps {
  readonly site: CollectorSite;
  /** Memory limit of the collector container; `memory_limiter` is derived from it. */
  readonly memoryMiB: number;
}

/** X-Ray takes segments in small requests; flush every second so traces show up promptly. */
export const TRACES_BATCH: BatchProcessorConfig = { timeout: '1s', send_batch_size: 512, send_batch_max_size: 1024 };

/**
 * The traces collector's configuration:
 *
 *   otlp (gRPC 4317, HTTP 4318) -> memory_limiter -> batch -> resource/cluster -> awsxray
 *
 * The cluster identity is added to the spans' resource, which X-Ray keeps with each segment.
 */
export function tracesCollectorConfig(props: TracesCollectorConfigProps): CollectorConfig {
  return {
    receivers: {
      otlp: {
        protocols: {
          grpc: { endpoint: `${ALL_INTERFACES}:${OTLP_GRPC_PORT}` },
          http: { endpoint: `${ALL_INTERFACES}:${OTLP_HTTP_PORT}` },
        },
      },
    },
    processors: {
      memory_limiter: memoryLimiterFor(props.memoryMiB),
      batch: TRACES_BATCH,
      'resource/cluster': { attributes: clusterIdentity(props.site) },
    },
    exporters: { awsxray: { region: props.site.region, max_retries: AWS_SDK_MAX_RETRIES } },
    extensions: { health_check: HEALTH_CHECK },
    service: {
      extensions: ['health_check'],
      pipelines: { traces: { receivers: ['otlp'], processors: ['memory_limiter', 'batch', 'resource/cluster'], exporters: ['awsxray'] } },
      telemetry: SELF_TELEMETRY,
    },
  };
}
