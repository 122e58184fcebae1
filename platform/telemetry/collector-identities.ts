import { PLATFORM_NAMESPACES } from '../platform-namespaces';

/**
 * The one definition of who the ADOT collectors are. The collector charts render these names,
 * the workloads point their OTLP exporters at `tracesOtlpGrpcEndpoint()`, and the AWS layer binds
 * IAM roles to exactly these service accounts. Change a name here and all three follow.
 */
export interface CollectorIdentity {
  /** `metadata.name` of the OpenTelemetryCollector; the operator names its Service `<name>-collector`. */
  readonly name: string;
  /** Service account the collector pods run as; the AWS layer binds the collector's IAM role to it. */
  readonly serviceAccount: string;
  /** Namespace of the collector, its service account and its Service. */
  readonly namespace: string;
}

export const METRICS_COLLECTOR: CollectorIdentity = {
  name: 'metrics',
  serviceAccount: 'adot-metrics-collector',
  namespace: PLATFORM_NAMESPACES.collectors,
};

export const TRACES_COLLECTOR: CollectorIdentity = {
  name: 'traces',
  serviceAccount: 'adot-traces-collector',
  namespace: PLATFORM_NAMESPACES.collectors,
};

export const COLLECTORS: readonly CollectorIdentity[] = [METRICS_COLLECTOR, TRACES_COLLECTOR];

/** OTLP gRPC port of the traces collector. */
export const OTLP_GRPC_PORT = 4317;
/** OTLP HTTP port of the traces collector. */
export const OTLP_HTTP_PORT = 4318;
/** Port every collector serves its own metrics on (`/metrics`); the metrics collector scrapes it. */
export const COLLECTOR_TELEMETRY_PORT = 8888;
/** Port of the health_check extension the pod probes call. */
export const COLLECTOR_HEALTH_PORT = 13133;

/**
 * Service account of the metrics collector's target allocator (sharded collection only). It reads
 * the discovery APIs and needs no AWS permission.
 */
export function targetAllocatorServiceAccount(collector: CollectorIdentity): string {
  return `${collector.serviceAccount}-targets`;
}

/** Name of the Service the OpenTelemetry operator creates for a collector. */
export function collectorServiceName(collector: CollectorIdentity): string {
  return `${collector.name}-collector`;
}

/** `host:port` (no scheme) that applications send OTLP gRPC traces to. */
export function tracesOtlpGrpcEndpoint(): string {
  return `${collectorServiceName(TRACES_COLLECTOR)}.${TRACES_COLLECTOR.namespace}.svc.cluster.local:${OTLP_GRPC_PORT}`;
}

/**
 * Labels the OpenTelemetry operator puts on a collector's pods; network flows to and from the
 * collectors select them.
 */
export function collectorPodLabels(collector: CollectorIdentity): Record<string, string> {
  return {
    'app.kubernetes.io/component': 'opentelemetry-collector',
    'app.kubernetes.io/name': collectorServiceName(collector),
  };
}
