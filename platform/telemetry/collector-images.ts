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
 * here configure: the prometheus and otlp receivers, the memory_limiter, batch, resource and
 * attributes processors, the prometheusremotewrite, awsemf and awsxray exporters, and the
 * health_check and sigv4auth extensions (the distribution's component table).
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
