import {
  copyLabel,
  dropWhere,
  keepWhere,
  metaLabel,
  oneOf,
  PrometheusConfig,
  regexLiteral,
  RelabelConfig,
  ScrapeConfig,
  SERVICE_ACCOUNT_CA_FILE,
  SERVICE_ACCOUNT_TOKEN_FILE,
  setLabel,
} from '../../charts/prometheus-scrape-config';
import { KUBE_STATE_METRICS_SERVICE } from '../add-ons/kube-state-metrics';
import { NODE_EXPORTER_SERVICE } from '../add-ons/node-exporter';
import { COLLECTOR_TELEMETRY_PORT, METRICS_COLLECTOR, collectorPodLabels } from './collector-identities';
import { SCRAPE_ANNOTATIONS, SCRAPE_JOBS, SERVICE_LABEL_SOURCES } from './scrape-jobs';

/**
 * The metrics collector's Prometheus scrape configuration, the same on every cluster and sink.
 * One job per kind of target, each target kept by exactly one job:
 *
 * - `kubelet`: every node's kubelet, twice (`/metrics` and `/metrics/cadvisor`) under one job label,
 *   told apart by the `metrics_path` label as kube-prometheus does;
 * - `kube-state-metrics` and `node-exporter`: the endpoints of those add-ons' Services, recognised
 *   by the Services' labels and port name, not "every endpoint in the cluster";
 * - `apiserver`: the `kubernetes` Service in `default`;
 * - `kubernetes-pods`: pods annotated `prometheus.io/scrape: "true"`, on the annotated port and path,
 *   except in namespaces whose pods a dedicated job scrapes;
 * - `otel-collector`: the collectors' own telemetry port.
 */
export function metricsScrapeConfig(): PrometheusConfig {
  return {
    global: { scrape_interval: SCRAPE_INTERVAL, scrape_timeout: SCRAPE_TIMEOUT },
    scrape_configs: [
      kubeletJob(KUBELET_PATHS.metrics),
      kubeletJob(KUBELET_PATHS.cadvisor),
      serviceEndpointsJob(SCRAPE_JOBS.kubeStateMetrics, KUBE_STATE_METRICS_SERVICE, { honorLabels: true }),
      serviceEndpointsJob(SCRAPE_JOBS.nodeExporter, NODE_EXPORTER_SERVICE, { instanceFromNode: true }),
      apiserverJob(),
      annotatedPodsJob(),
      collectorsJob(),
    ],
  };
}

/** How often every target is scraped; dashboards use `$__rate_interval`, which adapts to it. */
export const SCRAPE_INTERVAL = '30s';
export const SCRAPE_TIMEOUT = '10s';

export const KUBELET_PATHS = { metrics: '/metrics', cadvisor: '/metrics/cadvisor' } as const;

/**
 * Namespaces whose pods only a dedicated job scrapes: the annotation-driven job skips them even if
 * a pod there carries the annotation (the collectors, kube-state-metrics, node-exporter).
 */
export const DEDICATED_JOB_NAMESPACES: readonly string[] = [
  METRICS_COLLECTOR.namespace,
  KUBE_STATE_METRICS_SERVICE.namespace,
  NODE_EXPORTER_SERVICE.namespace,
];

const AUTHENTICATED = {
  authorization: { type: 'Bearer', credentials_file: SERVICE_ACCOUNT_TOKEN_FILE },
} as const;

/**
 * Kubelets are scraped on the node's address (not through the API server proxy, which would put
 * every scrape on the control plane). Their serving certificates are only signed by the cluster CA
 * when the node bootstraps them through the certificates API, which node images do not guarantee,
 * so the certificate is not verified; the bearer token still is, by the kubelet.
 */
function kubeletJob(path: string): ScrapeConfig {
  const jobName = path === KUBELET_PATHS.metrics ? SCRAPE_JOBS.kubelet : `${SCRAPE_JOBS.kubelet}-cadvisor`;
  return {
    job_name: jobName,
    scheme: 'https',
    metrics_path: path,
    // cAdvisor series carry their own namespace/pod/container labels.
    honor_labels: true,
    ...AUTHENTICATED,
    tls_config: { ca_file: SERVICE_ACCOUNT_CA_FILE, insecure_skip_verify: true },
    kubernetes_sd_configs: [{ role: 'node' }],
    relabel_configs: [
      copyLabel('__meta_kubernetes_node_name', 'node'),
      copyLabel('__metrics_path__', 'metrics_path'),
      // Both paths are one job for dashboards and rules, as in kube-prometheus.
      setLabel('job', SCRAPE_JOBS.kubelet),
    ],
    ...(path === KUBELET_PATHS.cadvisor ? { metric_relabel_configs: dropPodSandboxes() } : {}),
  };
}

/**
 * cAdvisor reports, per pod, each container, the pod's own cgroup (`container=""`, no image) and
 * the pod sandbox (the pause container: `container="POD"` under dockershim, `container=""` with
 * the pause image under containerd). The sandbox overlaps the pod's cgroup, so a sum or a
 * per-pod value that includes it counts the pod twice: its series are dropped at the scrape,
 * except the network counters, which under containerd only the sandbox reports (it owns the pod's
 * network namespace). The temporary label marks those for the drop rule and is removed after it.
 */
export function dropPodSandboxes(): RelabelConfig[] {
  const networkFamily = '__tmp_network_family';
  return [
    { action: 'replace', source_labels: ['__name__'], regex: 'container_network_.+', target_label: networkFamily, replacement: 'true' },
    { action: 'drop', source_labels: [networkFamily, 'container', 'image'], separator: ';', regex: ';(POD;.*|;.+)' },
    { action: 'labeldrop', regex: networkFamily },
  ];
}

interface AddOnService {
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly portName: string;
}

/** The endpoints of one add-on's Service, recognised by its labels and metrics port name. */
function serviceEndpointsJob(
  job: string,
  service: AddOnService,
  options: { readonly honorLabels?: boolean; readonly instanceFromNode?: boolean },
): ScrapeConfig {
  const keepService: RelabelConfig[] = Object.entries(service.labels).map(([name, value]) =>
    keepWhere(metaLabel('service_label', name), regexLiteral(value)),
  );
  return {
    job_name: job,
    // kube-state-metrics' series describe other objects: their namespace/pod labels must win.
    ...(options.honorLabels ? { honor_labels: true } : {}),
    kubernetes_sd_configs: [{ role: 'endpointslice', namespaces: { names: [service.namespace] } }],
    relabel_configs: [
      ...keepService,
      keepWhere('__meta_kubernetes_endpointslice_port_name', regexLiteral(service.portName)),
      // node-exporter's instance is the node it reports on, as kube-prometheus' rules expect.
      ...(options.instanceFromNode ? [copyLabel('__meta_kubernetes_pod_node_name', 'instance')] : []),
    ],
  };
}

/**
 * The API servers behind the `kubernetes` Service. Their certificate names `kubernetes`, so it is
 * verified against the cluster CA although the endpoints are addressed by IP.
 */
function apiserverJob(): ScrapeConfig {
  return {
    job_name: SCRAPE_JOBS.apiserver,
    scheme: 'https',
    ...AUTHENTICATED,
    tls_config: { ca_file: SERVICE_ACCOUNT_CA_FILE, server_name: 'kubernetes' },
    kubernetes_sd_configs: [{ role: 'endpointslice', namespaces: { names: ['default'] } }],
    relabel_configs: [
      keepWhere('__meta_kubernetes_service_name', 'kubernetes'),
      keepWhere('__meta_kubernetes_endpointslice_port_name', 'https'),
    ],
  };
}

/**
 * Pods that ask to be scraped with `prometheus.io/scrape: "true"`, on `prometheus.io/port` and
 * `prometheus.io/path`. Discovery yields one target per declared container port; all are rewritten
 * to the annotated port and carry no port- or container-specific label, so they collapse into one
 * target per pod instead of scraping it once per port.
 */
function annotatedPodsJob(): ScrapeConfig {
  const annotation = (name: string) => metaLabel('pod_annotation', name);
  // Applied in reverse so that the first source listed wins.
  const serviceFromLabels = [...SERVICE_LABEL_SOURCES].reverse().map((label) => copyLabel(metaLabel('pod_label', label), 'service'));
  return {
    job_name: SCRAPE_JOBS.annotatedPods,
    kubernetes_sd_configs: [{ role: 'pod' }],
    relabel_configs: [
      keepWhere(annotation(SCRAPE_ANNOTATIONS.scrape), 'true'),
      dropWhere('__meta_kubernetes_namespace', oneOf(DEDICATED_JOB_NAMESPACES)),
      dropWhere('__meta_kubernetes_pod_phase', '(Pending|Succeeded|Failed|Unknown)'),
      dropWhere('__meta_kubernetes_pod_container_init', 'true'),
      copyLabel(annotation(SCRAPE_ANNOTATIONS.path), '__metrics_path__'),
      {
        action: 'replace',
        source_labels: ['__meta_kubernetes_pod_ip', annotation(SCRAPE_ANNOTATIONS.port)],
        regex: '(.+);(\\d+)',
        target_label: '__address__',
        replacement: '$$1:$$2',
      },
      copyLabel('__meta_kubernetes_namespace', 'namespace'),
      copyLabel('__meta_kubernetes_pod_name', 'pod'),
      ...serviceFromLabels,
    ],
  };
}

/** Every collector's own telemetry (the traces collector's too), by the operator's pod labels. */
function collectorsJob(): ScrapeConfig {
  const component = 'app.kubernetes.io/component';
  return {
    job_name: SCRAPE_JOBS.collector,
    kubernetes_sd_configs: [{ role: 'pod', namespaces: { names: [METRICS_COLLECTOR.namespace] } }],
    relabel_configs: [
      keepWhere(metaLabel('pod_label', component), regexLiteral(collectorPodLabels(METRICS_COLLECTOR)[component])),
      keepWhere('__meta_kubernetes_pod_container_port_number', String(COLLECTOR_TELEMETRY_PORT)),
      copyLabel('__meta_kubernetes_namespace', 'namespace'),
      copyLabel('__meta_kubernetes_pod_name', 'pod'),
      copyLabel(metaLabel('pod_label', 'app.kubernetes.io/name'), 'service'),
    ],
  };
}
