import { WORKLOADS } from '../../../workloads/registry';
import { CLOUDWATCH_METRIC_DECLARATIONS } from '../cloudwatch-metrics';
import { METRICS_COLLECTOR } from '../collector-identities';
import { KUBELET_PATHS } from '../scrape-configs';
import { CLUSTER_IDENTITY_LABELS, SCRAPE_ANNOTATIONS, SCRAPE_JOBS } from '../scrape-jobs';
import { ho11yFixturePods, ho11yFixtureServices, representativeCluster, workloadPods, workloadServices } from './helpers/cluster-fixture';
import { ClusterObjects, PodObject, servicesSelecting } from './helpers/kubernetes-sd';
import { relabel, endpointOf, ScrapeTarget } from './helpers/relabel';
import { only, RenderedObject, renderedObjects, testFleet } from './helpers/rendered-cluster';
import { exportedLabels, HO11Y_METRICS, scrapeConfigsOf, scrapeTargets } from './helpers/scrape-plan';

/**
 * The rendered scrape jobs, run by a relabel evaluator over a representative cluster: every
 * target is kept by exactly one job, nothing is scraped twice, and the labels the sinks rely on
 * exist after relabeling. ho11y's pods come from the real workload chart when workloads/ has one,
 * otherwise from the pattern's manifests as a fixture.
 */

const HO11Y_REGISTERED = 'ho11y' in WORKLOADS;
const fleet = testFleet();

interface Scenario {
  readonly cluster: string;
  readonly sink: string;
  readonly collector: RenderedObject;
  readonly objects: ClusterObjects;
  readonly ho11yPods: readonly PodObject[];
  readonly targets: readonly ScrapeTarget[];
}

function scenario(cluster: string, options: { plantAnnotations?: boolean; sharded?: boolean } = {}): Scenario {
  const scenarioFleet = options.sharded
    ? testFleet((document) => {
        (document.clusters[cluster].metrics as { collection?: unknown }).collection = { mode: 'sharded', shards: 2 };
      })
    : fleet;
  const rendered = renderedObjects(scenarioFleet, cluster);
  const collector = only(rendered.filter((object) => object.kind === 'OpenTelemetryCollector' && object.metadata.name === METRICS_COLLECTOR.name), 'metrics collector');
  const appPods = HO11Y_REGISTERED ? workloadPods(rendered) : ho11yFixturePods();
  const appServices = HO11Y_REGISTERED ? workloadServices(rendered) : ho11yFixtureServices();
  const ho11yPods = HO11Y_REGISTERED ? appPods.filter((pod) => pod.metadata.labels?.['app.kubernetes.io/name'] === 'ho11y' || pod.metadata.name.includes('ho11y') || pod.metadata.namespace === 'geordie') : appPods;
  const objects = representativeCluster(rendered, { pods: appPods, services: appServices }, { plantAnnotations: options.plantAnnotations });
  return { cluster, sink: scenarioFleet.clusters[cluster].metrics.sink, collector, objects, ho11yPods, targets: scrapeTargets(scrapeConfigsOf(collector), objects) };
}

const SCENARIOS = Object.keys(fleet.clusters).map((cluster) => scenario(cluster));

function targetsAt(targets: readonly ScrapeTarget[], host: string): ScrapeTarget[] {
  return targets.filter((target) => target.address.split(':')[0] === host);
}

function annotatedPods(pods: readonly PodObject[]): PodObject[] {
  return pods.filter((pod) => pod.metadata.annotations?.[SCRAPE_ANNOTATIONS.scrape] === 'true');
}

describe('the relabel evaluator', () => {
  test('follows Prometheus: anchored regexes, default replacement, keep/drop, empty results delete', () => {
    expect(relabel({ a: 'xfoo' }, [{ action: 'keep', source_labels: ['a'], regex: 'foo' }])).toBeUndefined();
    expect(relabel({ a: 'foo' }, [{ action: 'drop', source_labels: ['a'], regex: 'fo' }])).toEqual({ a: 'foo' });
    expect(relabel({ a: '1', b: '2' }, [{ source_labels: ['a', 'b'], regex: '(.+);(.+)', target_label: 'c', replacement: '$2-$1' }])).toEqual({ a: '1', b: '2', c: '2-1' });
    expect(relabel({ a: '', c: 'x' }, [{ source_labels: ['a'], target_label: 'c' }])).toEqual({ a: '' });
    expect(relabel({ a: '' }, [{ source_labels: ['a'], regex: '(.+)', target_label: 'c' }])).toEqual({ a: '' });
  });
});

describe.each(SCENARIOS)('scrape targets of $cluster ($sink)', ({ cluster, collector, objects, ho11yPods, targets }) => {
  test('the job labels are kube-prometheus\' and every one of them is in use', () => {
    expect(new Set(targets.map((target) => target.job))).toEqual(new Set(Object.values(SCRAPE_JOBS)));
  });

  test('no endpoint is scraped twice, by one job or two', () => {
    const endpoints = targets.map(endpointOf);
    const repeated = endpoints.filter((endpoint, index) => endpoints.indexOf(endpoint) !== index);
    expect(repeated).toEqual([]);
  });

  test('ho11y: each pod is scraped once, by the annotation-driven job, on the annotated port and path', () => {
    expect(ho11yPods.length).toBeGreaterThan(0);
    for (const pod of annotatedPods(ho11yPods)) {
      const kept = targetsAt(targets, pod.status.podIP);
      expect(kept).toHaveLength(1);
      const [target] = kept;
      expect(target.job).toBe(SCRAPE_JOBS.annotatedPods);
      expect(target.address).toBe(`${pod.status.podIP}:${pod.metadata.annotations?.[SCRAPE_ANNOTATIONS.port]}`);
      expect(target.metricsPath).toBe(pod.metadata.annotations?.[SCRAPE_ANNOTATIONS.path] ?? '/metrics');
      expect(target.labels).toMatchObject({ namespace: pod.metadata.namespace, pod: pod.metadata.name });
      // The `service` label names the Service in front of the pod (the CloudWatch `Service` dimension).
      const [service] = servicesSelecting(pod, objects.services);
      expect(target.labels.service).toBe(service?.metadata.name ?? expect.any(String));
    }
    expect(annotatedPods(ho11yPods).length).toBeGreaterThan(0);
  });

  test('kube-state-metrics: its Service endpoint is kept by exactly one job', () => {
    const pod = only(objects.pods.filter((candidate) => candidate.metadata.namespace === 'kube-state-metrics'), 'kube-state-metrics pod');
    const kept = targetsAt(targets, pod.status.podIP);
    expect(kept.map((target) => [target.job, target.address])).toEqual([[SCRAPE_JOBS.kubeStateMetrics, `${pod.status.podIP}:8080`]]);
  });

  test('node-exporter: one target per node, kept by exactly one job, named after the node', () => {
    const exporters = targets.filter((target) => target.job === SCRAPE_JOBS.nodeExporter);
    expect(exporters.map((target) => target.labels.instance).sort()).toEqual(objects.nodes.map((node) => node.metadata.name).sort());
    for (const target of exporters) expect(target.address).toMatch(/:9100$/);
  });

  test('kubelet: each node twice under one job label, told apart by metrics_path', () => {
    for (const node of objects.nodes) {
      const kubelet = targets.filter((target) => target.job === SCRAPE_JOBS.kubelet && target.labels.node === node.metadata.name);
      expect(kubelet.map((target) => target.labels.metrics_path).sort()).toEqual([KUBELET_PATHS.metrics, KUBELET_PATHS.cadvisor].sort());
      for (const target of kubelet) {
        expect(target.scheme).toBe('https');
        expect(target.address).toMatch(/:10250$/);
      }
    }
  });

  test('apiserver: the kubernetes Service endpoints, over verified TLS', () => {
    const apiservers = targets.filter((target) => target.job === SCRAPE_JOBS.apiserver);
    expect(apiservers.map((target) => target.address).sort()).toEqual(['10.0.200.10:443', '10.0.200.20:443']);
    expect(apiservers.every((target) => target.scheme === 'https')).toBe(true);
  });

  test('collectors: every collector pod\'s :8888, once, by the otel-collector job; the target allocator is not scraped', () => {
    const collectorPods = objects.pods.filter((pod) => pod.metadata.labels?.['app.kubernetes.io/component'] === 'opentelemetry-collector');
    expect(collectorPods.length).toBeGreaterThanOrEqual(2);
    for (const pod of collectorPods) {
      expect(targetsAt(targets, pod.status.podIP).map((target) => [target.job, target.address])).toEqual([[SCRAPE_JOBS.collector, `${pod.status.podIP}:8888`]]);
    }
    expect(collector.metadata.name).toBe(METRICS_COLLECTOR.name);
  });

  test('other annotated pods (cert-manager\'s controller) are scraped by the annotation-driven job', () => {
    const controller = only(objects.pods.filter((pod) => pod.metadata.namespace === 'cert-manager'), 'cert-manager controller');
    expect(targetsAt(targets, controller.status.podIP).map((target) => [target.job, target.address])).toEqual([[SCRAPE_JOBS.annotatedPods, `${controller.status.podIP}:9402`]]);
    expect(cluster).toBeTruthy();
  });
});

describe.each(Object.keys(fleet.clusters))('planted scrape annotations on %s', (cluster) => {
  const { objects, targets } = scenario(cluster, { plantAnnotations: true });

  test('pods a dedicated job scrapes stay with that job when they also ask for annotation scraping', () => {
    const dedicated = objects.pods.filter((pod) => ['kube-state-metrics', 'prometheus-node-exporter', METRICS_COLLECTOR.namespace].includes(pod.metadata.namespace));
    expect(annotatedPods(dedicated).length).toBeGreaterThan(0);
    for (const pod of annotatedPods(dedicated)) {
      for (const target of targetsAt(targets, pod.status.podIP)) expect(target.job).not.toBe(SCRAPE_JOBS.annotatedPods);
    }
    const endpoints = targets.map(endpointOf);
    expect(new Set(endpoints).size).toBe(endpoints.length);
  });
});

describe('sharded collection', () => {
  test('scrapes the same targets as a single collector', () => {
    const single = scenario('prod1');
    const sharded = scenario('prod1', { sharded: true });
    const key = (targets: readonly ScrapeTarget[]) =>
      targets
        .filter((target) => target.job !== SCRAPE_JOBS.collector)
        .map((target) => `${target.job} ${endpointOf(target)}`)
        .sort();
    expect(key(sharded.targets)).toEqual(key(single.targets));
  });
});

describe.each(SCENARIOS)('labels reaching the $sink sink from $cluster', ({ cluster, sink, collector, ho11yPods, targets }) => {
  const account = fleet.accounts[fleet.clusters[cluster].account];
  const ho11yTargets = () => annotatedPods(ho11yPods).map((pod) => only(targetsAt(targets, pod.status.podIP), `target of ${pod.metadata.name}`));

  test('every series carries cluster, region and account_id, and the namespace label is kept intact', () => {
    for (const target of ho11yTargets()) {
      for (const metric of HO11Y_METRICS) {
        const labels = exportedLabels(collector, target, false, metric.labels);
        expect(labels).toMatchObject({
          [CLUSTER_IDENTITY_LABELS.cluster]: cluster,
          [CLUSTER_IDENTITY_LABELS.region]: account.region,
          [CLUSTER_IDENTITY_LABELS.accountId]: account.id,
          namespace: target.labels.namespace,
        });
      }
    }
  });

  if (sink !== 'cloudwatch') return;

  const selected = (name: string) => CLOUDWATCH_METRIC_DECLARATIONS.filter((declaration) => declaration.metricNameSelectors.some((selector) => new RegExp(selector).test(name)));

  test('every metric name selector matches a metric the collector produces (histograms and summaries under their base name)', () => {
    const produced = [...HO11Y_METRICS.map((metric) => metric.name), 'container_cpu_usage_seconds_total', 'container_memory_working_set_bytes'];
    for (const declaration of CLOUDWATCH_METRIC_DECLARATIONS) {
      for (const selector of declaration.metricNameSelectors) {
        expect(produced.some((name) => new RegExp(selector).test(name))).toBe(true);
      }
    }
  });

  test('ho11y metrics carry every label of the declared dimension sets after relabeling', () => {
    // Labels the collector produces for CloudWatch; any other label of a set comes from the metric itself.
    const produced = ['ClusterName', 'Namespace', 'Service'];
    expect(ho11yTargets().length).toBeGreaterThan(0);
    let checkedSets = 0;
    for (const target of ho11yTargets()) {
      for (const metric of HO11Y_METRICS) {
        const labels = exportedLabels(collector, target, false, metric.labels);
        for (const declaration of selected(metric.name)) {
          for (const set of declaration.dimensions) {
            if (!set.filter((label) => !produced.includes(label)).every((label) => label in metric.labels)) continue;
            for (const label of set) expect([metric.name, label, labels[label]]).toEqual([metric.name, label, expect.any(String)]);
            checkedSets += 1;
          }
        }
      }
    }
    // Each ho11y selector picks a metric, and ho11y_total is published with its status code too.
    expect(selected('ho11y_total')[0].dimensions.some((set) => set.includes('http_status_code'))).toBe(true);
    expect(checkedSets).toBe(ho11yTargets().length * 4);
  });

  test('pod-level cAdvisor series carry ClusterName, Namespace and pod; per-container series are filtered out', () => {
    const cadvisor = targets.find((target) => target.labels.metrics_path === KUBELET_PATHS.cadvisor);
    expect(cadvisor).toBeDefined();
    const podLevel = exportedLabels(collector, cadvisor as ScrapeTarget, true, { namespace: 'geordie', pod: 'frontend-1', id: '/kubepods/pod1' });
    const perContainer = exportedLabels(collector, cadvisor as ScrapeTarget, true, { namespace: 'geordie', pod: 'frontend-1', container: 'ho11y' });
    const [declaration] = selected('container_cpu_usage_seconds_total');
    for (const set of declaration.dimensions) for (const label of set) expect(podLevel[label]).toBeTruthy();
    const matches = (labels: Record<string, string>) =>
      (declaration.labelMatchers ?? []).every((matcher) => new RegExp(matcher.regex).test(matcher.labelNames.map((name) => labels[name] ?? '').join(matcher.separator ?? ';')));
    expect(matches(podLevel)).toBe(true);
    expect(matches(perContainer)).toBe(false);
    expect(podLevel.namespace).toBe('geordie');
  });
});
