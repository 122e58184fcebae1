import { parse } from 'yaml';
import { fleetWith } from '../../../clusters/test/support/fleet-fixtures';
import { renderClusterForTest } from '../../../clusters/test/support/rendered-tree';
import { METRIC_CATALOGUE, MetricType } from '../../grafana/metric-catalogue';
import { ADOT_COMPONENTS, DEPRECATED_COMPONENT_NAMES } from '../collector-images';
import { remoteWriteWalSizeMiB, REMOTE_WRITE_OUTAGE } from '../collector-sizing';
import { METRICS_COLLECTOR, TRACES_COLLECTOR } from '../collector-identities';
import { EMF_RECEIVER_ATTRIBUTE } from '../metrics-collector';
import { SCRAPE_JOBS } from '../scrape-jobs';
import { RelabelConfig } from '../../../charts/prometheus-scrape-config';
import { relabel } from './helpers/relabel';
import { CADVISOR_MODEL } from '../../grafana/exporter-models/kubelet';

/**
 * What the collectors deliver, checked over the rendered OpenTelemetryCollector resources of a
 * fleet with one AMP and one CloudWatch cluster, against the behaviour of the components read
 * from their source at the pinned versions.
 */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const fleet = fleetWith();

function collectorOf(sink: 'amp' | 'cloudwatch', name: string): Json {
  const [cluster] = Object.entries(fleet.clusters).find(([, spec]) => spec.metrics.sink === sink) ?? [];
  if (!cluster) throw new Error(`the test fleet has no ${sink} cluster`);
  const file = renderClusterForTest(fleet, cluster).find((candidate) => candidate.path.endsWith(`/collectors/opentelemetrycollector-${name}.yaml`));
  if (!file) throw new Error(`no ${name} collector rendered for ${cluster}`);
  return parse(file.content) as Json;
}

/**
 * awsemf's rules (getDataPoints in exporter/awsemfexporter/datapoint.go): which metric types it
 * publishes as per-period values, given the processors in front of it. Cumulative sums it turns
 * into deltas itself; summaries only when the resource attribute `receiver` is `prometheus` (or
 * Container Insights'); histograms only when `receiver` is Container Insights', or when they
 * already arrive as deltas; gauges are values, not totals.
 */
function emfPublishesPerPeriod(config: Json, pipeline: string, type: MetricType): boolean {
  const resource: Record<string, string> = {};
  const deltaTypes = new Set<string>();
  for (const id of config.service.pipelines[pipeline].processors as string[]) {
    const processor = config.processors[id];
    const componentType = id.split('/')[0];
    if (componentType === 'resource') {
      for (const action of processor.attributes) if (['upsert', 'insert'].includes(action.action) && action.value !== undefined) resource[action.key] = action.value;
    }
    if (componentType === 'cumulativetodelta') {
      for (const metricType of processor.include?.metric_types ?? ['sum', 'histogram']) deltaTypes.add(metricType);
    }
  }
  const receiver = resource[EMF_RECEIVER_ATTRIBUTE.key];
  switch (type) {
    case 'counter':
    case 'gauge':
      return true;
    case 'summary':
      return receiver === EMF_RECEIVER_ATTRIBUTE.prometheus || receiver === EMF_RECEIVER_ATTRIBUTE.containerInsights;
    case 'histogram':
      return deltaTypes.has('histogram') || receiver === EMF_RECEIVER_ATTRIBUTE.containerInsights;
  }
}

describe('CloudWatch (awsemf)', () => {
  const config = collectorOf('cloudwatch', METRICS_COLLECTOR.name).spec.config as Json;

  it.each(METRIC_CATALOGUE[SCRAPE_JOBS.annotatedPods].filter((family) => ['histogram', 'summary'].includes(family.type)).map((family) => [family.name, family.type] as const))(
    "publishes ho11y's %s (%s) as per-period values, not totals since the pod started",
    (_name, type) => {
      expect(emfPublishesPerPeriod(config, 'metrics', type)).toBe(true);
    },
  );

  it('retries CloudWatch calls beyond the SDK default of 2', () => {
    expect(config.exporters.awsemf.max_retries).toBeGreaterThan(2);
  });
});

describe('cAdvisor series', () => {
  const config = collectorOf('cloudwatch', METRICS_COLLECTOR.name).spec.config as Json;
  const cadvisor = (config.receivers.prometheus.config.scrape_configs as Json[]).find((job) => job.metrics_path === '/metrics/cadvisor');

  /** Prometheus metric relabelling: does the job drop a series with these labels? Otherwise, which labels does it keep? */
  const relabelled = (labels: Record<string, string>) => relabel(labels, (cadvisor?.metric_relabel_configs ?? []) as RelabelConfig[]);
  const dropped = (labels: Record<string, string>) => relabelled({ __name__: 'container_memory_working_set_bytes', ...labels }) === undefined;

  it('drop the pod sandbox (pause) container, which would count each pod twice', () => {
    expect(dropped({ container: '', image: 'registry.k8s.io/pause:3.10', pod: 'ho11y-0' })).toBe(true);
    expect(dropped({ container: 'POD', image: 'k8s.gcr.io/pause:3.2', pod: 'ho11y-0' })).toBe(true);
  });

  it("keep each real container and the pod's own cgroup", () => {
    expect(dropped({ container: 'ho11y', image: 'public.ecr.aws/mhausenblas/ho11y:stable', pod: 'ho11y-0' })).toBe(false);
    expect(dropped({ container: '', image: '', pod: 'ho11y-0' })).toBe(false);
  });

  it('keep the sandbox series of exactly the families the cAdvisor model says come from the sandbox alone', () => {
    for (const family of CADVISOR_MODEL.families) {
      const sandboxOnly = family.labels.container !== 'any' && family.labels.container.every((value) => value === '');
      const sandbox = { __name__: family.name, container: '', image: 'registry.k8s.io/pause:3.10', pod: 'ho11y-0' };
      expect({ family: family.name, kept: relabelled(sandbox) !== undefined }).toEqual({ family: family.name, kept: sandboxOnly });
    }
  });

  it("keep the sandbox's network counters, the only ones cAdvisor reports under containerd, without the marker label", () => {
    const sandbox = { __name__: 'container_network_receive_bytes_total', container: '', image: 'registry.k8s.io/pause:3.10', pod: 'ho11y-0', interface: 'eth0' };
    expect(relabelled(sandbox)).toEqual(sandbox);
  });
});

describe('AMP remote write', () => {
  const resource = collectorOf('amp', METRICS_COLLECTOR.name);
  const exporter = resource.spec.config.exporters.prometheus_remote_write as Json;
  const [cluster] = Object.entries(fleet.clusters).find(([, spec]) => spec.metrics.sink === 'amp') ?? [];

  it('writes every request to a write-ahead log on a volume of the pod, so a restarted collector container resends it', () => {
    const mount = (resource.spec.volumeMounts as Json[]).find((candidate) => candidate.mountPath === exporter.wal.directory);
    expect(mount).toBeDefined();
    const volume = (resource.spec.volumes as Json[]).find((candidate) => candidate.name === mount?.name);
    expect(volume?.emptyDir).toBeDefined();
  });

  it('sizes the log for a one-hour AMP outage at the node group\'s largest size', () => {
    expect(REMOTE_WRITE_OUTAGE.hours).toBeGreaterThanOrEqual(1);
    const volume = (resource.spec.volumes as Json[]).find((candidate) => candidate.emptyDir);
    const maxNodes = fleet.clusters[cluster ?? ''].nodeGroup.maxSize;
    expect(volume?.emptyDir.sizeLimit).toBe(`${remoteWriteWalSizeMiB(maxNodes)}Mi`);
    // One hour of ~10k series per node every 30 s at 250 bytes a sample is ~286 MiB per node.
    expect(remoteWriteWalSizeMiB(maxNodes)).toBeGreaterThanOrEqual((maxNodes * 10_000 * 120 * 250) / 2 ** 20);
  });

  it('retries a failed upload for longer than the exporter default of 5 minutes', () => {
    expect(exporter.retry_on_failure).toMatchObject({ enabled: true });
    const minutes = Number(/^(\d+)m$/.exec(exporter.retry_on_failure.max_elapsed_time)?.[1]);
    expect(minutes).toBeGreaterThan(5);
  });
});

describe('X-Ray', () => {
  it('retries X-Ray calls beyond the SDK default of 2', () => {
    expect(collectorOf('amp', TRACES_COLLECTOR.name).spec.config.exporters.awsxray.max_retries).toBeGreaterThan(2);
  });
});

describe('component names', () => {
  const configs = [collectorOf('amp', METRICS_COLLECTOR.name), collectorOf('cloudwatch', METRICS_COLLECTOR.name), collectorOf('amp', TRACES_COLLECTOR.name)].map(
    (resource) => resource.spec.config as Json,
  );
  const used = configs.flatMap((config) =>
    (['receivers', 'processors', 'exporters', 'extensions'] as const).flatMap((kind) => Object.keys(config[kind] ?? {}).map((id) => [kind, id.split('/')[0]] as const)),
  );

  it('are all components the pinned ADOT collector registers', () => {
    for (const [kind, type] of used) expect(ADOT_COMPONENTS[kind]).toContain(type);
  });

  it('are the current names, not deprecated aliases', () => {
    for (const [, type] of used) expect(Object.keys(DEPRECATED_COMPONENT_NAMES)).not.toContain(type);
  });
});
