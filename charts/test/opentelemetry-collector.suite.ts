import { Chart, Testing } from 'cdk8s';
import { CrdSchemas } from '../../clusters/validate/crd-schemas';
import { goMemLimit, memoryLimiterFor } from '../collector-memory-limiter';
import { OpenTelemetryCollector, OpenTelemetryCollectorProps } from '../opentelemetry-collector';
import { CollectorConfig, collectorConfigProblems } from '../opentelemetry-collector-config';
import { metaLabel, oneOf } from '../prometheus-scrape-config';

const MEMORY = 512;

function validConfig(): CollectorConfig {
  return {
    receivers: { otlp: { protocols: { grpc: { endpoint: '0.0.0.0:4317' } } } },
    processors: { memory_limiter: memoryLimiterFor(MEMORY), batch: {}, 'resource/site': { attributes: [{ key: 'cluster', value: 'c1', action: 'upsert' }] } },
    exporters: { awsxray: { region: 'us-west-2' } },
    extensions: { health_check: { endpoint: '0.0.0.0:13133' } },
    service: {
      extensions: ['health_check'],
      pipelines: { traces: { receivers: ['otlp'], processors: ['memory_limiter', 'batch', 'resource/site'], exporters: ['awsxray'] } },
      telemetry: { metrics: { level: 'basic', readers: [{ pull: { exporter: { prometheus: { host: '0.0.0.0', port: 8888 } } } }] } },
    },
  };
}

function props(overrides: Partial<OpenTelemetryCollectorProps> = {}): OpenTelemetryCollectorProps {
  return {
    name: 'traces',
    namespace: 'observability',
    serviceAccount: 'collector',
    image: 'public.ecr.aws/aws-observability/aws-otel-collector:v0.50.0',
    mode: 'deployment',
    replicas: 1,
    config: validConfig(),
    resources: { cpuRequestMillis: 100, cpuLimitMillis: 400, memoryMiB: MEMORY },
    ...overrides,
  };
}

function render(collectorProps: OpenTelemetryCollectorProps): Record<string, unknown>[] {
  const chart = new Chart(Testing.app(), 'test');
  new OpenTelemetryCollector(chart, 'Collector', collectorProps);
  return chart.toJson() as Record<string, unknown>[];
}

function withPipeline(processors: string[]): CollectorConfig {
  const config = validConfig();
  return { ...config, service: { ...config.service, pipelines: { traces: { receivers: ['otlp'], processors, exporters: ['awsxray'] } } } };
}

describe('collectorConfigProblems', () => {
  test('accepts a sound configuration', () => {
    expect(collectorConfigProblems(validConfig())).toEqual([]);
  });

  test('refuses pipelines that do not start with memory_limiter then batch', () => {
    expect(collectorConfigProblems(withPipeline(['batch', 'memory_limiter', 'resource/site']))).toEqual([
      expect.stringContaining('must have memory_limiter as processor 1'),
      expect.stringContaining('must have batch as processor 2'),
    ]);
    expect(collectorConfigProblems(withPipeline(['memory_limiter', 'resource/site', 'batch']))).toEqual([expect.stringContaining('must have batch as processor 2')]);
  });

  test('refuses components used but not defined, and defined but not used', () => {
    expect(collectorConfigProblems(withPipeline(['memory_limiter', 'batch', 'resource/other']))).toEqual([
      expect.stringContaining('uses processor resource/other, which is not defined'),
      expect.stringContaining('processor resource/site is defined but no pipeline'),
    ]);
    const config = validConfig();
    expect(collectorConfigProblems({ ...config, extensions: { ...config.extensions, sigv4auth: { region: 'us-west-2', service: 'aps' } } })).toEqual([
      expect.stringContaining('extension sigv4auth is defined but no pipeline or service.extensions uses it'),
    ]);
  });

  test('refuses an exporter whose authenticator is not an enabled extension', () => {
    const config = validConfig();
    const problems = collectorConfigProblems({
      ...config,
      exporters: { ...config.exporters, prometheus_remote_write: { endpoint: 'https://example.com', auth: { authenticator: 'sigv4auth' } } },
      service: { ...config.service, pipelines: { ...config.service.pipelines, metrics: { receivers: ['otlp'], processors: ['memory_limiter', 'batch'], exporters: ['prometheus_remote_write'] } } },
    });
    expect(problems).toEqual([expect.stringContaining('authenticates with sigv4auth, which is not listed in service.extensions')]);
  });
});

describe('OpenTelemetryCollector', () => {
  test('renders a collector the v1beta1 CRD accepts, with GOMEMLIMIT from the memory limit', () => {
    const [resource] = render(props());
    expect(CrdSchemas.bundled().validate(resource)).toEqual([]);
    expect(resource).toMatchObject({ spec: { env: [{ name: 'GOMEMLIMIT', value: goMemLimit(MEMORY) }], resources: { limits: { memory: `${MEMORY}Mi` }, requests: { memory: `${MEMORY}Mi` } } } });
  });

  test('refuses an invalid pipeline, naming the problem', () => {
    expect(() => render(props({ config: withPipeline(['batch', 'memory_limiter', 'resource/site']) }))).toThrow(/must have memory_limiter as processor 1/);
  });

  test('refuses a memory_limiter not derived from the container memory limit', () => {
    const config = validConfig();
    expect(() => render(props({ config: { ...config, processors: { ...config.processors, memory_limiter: memoryLimiterFor(1024) } } }))).toThrow(/needs memoryLimiterFor\(512\)/);
  });

  test('refuses a collector without a health_check extension (no probes)', () => {
    const config = validConfig();
    expect(() => render(props({ config: { ...config, extensions: {}, service: { ...config.service, extensions: [] } } }))).toThrow(/no health_check extension/);
  });

  test.each(['public.ecr.aws/aws-observability/aws-otel-collector', 'public.ecr.aws/aws-observability/aws-otel-collector:latest'])('refuses the floating image %s', (image) => {
    expect(() => render(props({ image }))).toThrow(/is not pinned/);
  });

  test('refuses a target allocator outside statefulset mode', () => {
    const targetAllocator = { image: 'ghcr.io/open-telemetry/opentelemetry-operator/target-allocator:0.158.0', serviceAccount: 'ta', resources: { cpuRequestMillis: 50, cpuLimitMillis: 100, memoryMiB: 128 } };
    expect(() => render(props({ targetAllocator }))).toThrow(/needs mode statefulset/);
    expect(() => render(props({ targetAllocator, mode: 'statefulset', replicas: 2 }))).not.toThrow();
  });
});

describe('memoryLimiterFor', () => {
  test('limits the heap at 80% of the container and keeps a quarter of that for spikes', () => {
    expect(memoryLimiterFor(1000)).toEqual({ check_interval: '1s', limit_mib: 800, spike_limit_mib: 200 });
    expect(goMemLimit(1000)).toBe('800MiB');
    expect(() => memoryLimiterFor(64)).toThrow(/at least 128 MiB/);
  });
});

describe('Prometheus helpers', () => {
  test('meta labels sanitise Kubernetes names as Prometheus does', () => {
    expect(metaLabel('pod_annotation', 'prometheus.io/scrape')).toBe('__meta_kubernetes_pod_annotation_prometheus_io_scrape');
    expect(metaLabel('service_label', 'app.kubernetes.io/name')).toBe('__meta_kubernetes_service_label_app_kubernetes_io_name');
  });

  test('alternations escape regex characters', () => {
    expect(oneOf(['a.b', 'c'])).toBe('(a\\.b|c)');
    expect(new RegExp(`^${oneOf(['a.b'])}$`).test('axb')).toBe(false);
  });
});
