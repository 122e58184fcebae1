/** A container image, pinned by tag. */
export interface PinnedImage {
  readonly repository: string;
  readonly tag: string;
}

export function imageReference(image: PinnedImage): string {
  return `${image.repository}:${image.tag}`;
}

/**
 * The AWS Distro for OpenTelemetry collector, v0.50.0: built on OpenTelemetry Collector and
 * Collector Contrib v0.158.0 (release notes of aws-observability/aws-otel-collector v0.50.0), the
 * same version line as the pinned operator (0.158.0), and it ships every component the collectors
 * here configure (`ADOT_COMPONENTS`).
 */
export const ADOT_COLLECTOR_IMAGE: PinnedImage = {
  repository: 'public.ecr.aws/aws-observability/aws-otel-collector',
  tag: 'v0.50.0',
};

/** The operator's target allocator, same version as the pinned operator (0.158.0). */
export const TARGET_ALLOCATOR_IMAGE: PinnedImage = {
  repository: 'ghcr.io/open-telemetry/opentelemetry-operator/target-allocator',
  tag: '0.158.0',
};

/**
 * Component types the collectors here may use, each registered by the pinned ADOT collector: its
 * component list (pkg/defaultcomponents) registers the contrib factories of these components. The
 * remote-write exporter's current type is `prometheus_remote_write`: contrib renamed it in v0.154
 * and keeps `prometheusremotewrite` as a deprecated alias, and ADOT's component test at the v0.156
 * update counts two more exporter types with no new factory (the aliases). `sigv4auth` keeps its
 * name: the same test's extension count did not change, so no alias (and no rename) exists there.
 */
export const ADOT_COMPONENTS = {
  receivers: ['prometheus', 'otlp'],
  processors: ['memory_limiter', 'batch', 'resource', 'attributes', 'cumulativetodelta'],
  exporters: ['prometheus_remote_write', 'awsemf', 'awsxray'],
  extensions: ['health_check', 'sigv4auth'],
} as const;

/** Deprecated component type -> its current name. */
export const DEPRECATED_COMPONENT_NAMES: Readonly<Record<string, string>> = {
  prometheusremotewrite: 'prometheus_remote_write',
};
