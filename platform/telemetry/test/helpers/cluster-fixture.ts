import { KUBE_STATE_METRICS } from '../../../add-ons/kube-state-metrics';
import { NODE_EXPORTER } from '../../../add-ons/node-exporter';
import { COLLECTOR_TELEMETRY_PORT, collectorPodLabels, CollectorIdentity, COLLECTORS } from '../../collector-identities';
import { SCRAPE_ANNOTATIONS } from '../../scrape-jobs';
import { ClusterObjects, ContainerPort, NodeObject, PodObject, ServiceObject } from './kubernetes-sd';
import { RenderedObject } from './rendered-cluster';

/**
 * A running cluster as the collector's service discovery would see it: two nodes, the API
 * servers, the add-ons' pods and Services as their Helm charts create them, the collector pods the
 * operator creates from the rendered resources, and the team workloads' pods.
 *
 * The add-on objects carry the labels the upstream charts' templates produce (`_helpers.tpl`:
 * `app.kubernetes.io/name` is the chart name, `app.kubernetes.io/instance` the release name, and
 * the metrics port names `http` and `metrics`), written out literally so a scrape job that relied
 * on anything else would miss them.
 */

const NODES: readonly { name: string; ip: string }[] = [
  { name: 'ip-10-0-1-10.us-west-2.compute.internal', ip: '10.0.1.10' },
  { name: 'ip-10-0-2-20.us-west-2.compute.internal', ip: '10.0.2.20' },
];

/** Pod IPs handed out in order of first use, so a pod keeps its IP across fixtures. */
const podIps = new Map<string, string>();
function podIp(namespace: string, name: string): string {
  const key = `${namespace}/${name}`;
  if (!podIps.has(key)) {
    const index = podIps.size + 2;
    podIps.set(key, `10.0.${100 + Math.floor(index / 250)}.${index % 250}`);
  }
  return podIps.get(key) as string;
}

function pod(name: string, namespace: string, node: number, options: {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  containers: { name: string; ports?: ContainerPort[] }[];
  hostNetwork?: boolean;
  owner?: { kind: string; name: string };
}): PodObject {
  return {
    metadata: {
      name,
      namespace,
      labels: options.labels,
      annotations: options.annotations,
      ...(options.owner ? { ownerReferences: [{ ...options.owner, controller: true }] } : {}),
    },
    spec: { nodeName: NODES[node].name, hostNetwork: options.hostNetwork, containers: options.containers },
    status: { podIP: options.hostNetwork ? NODES[node].ip : podIp(namespace, name), hostIP: NODES[node].ip, phase: 'Running' },
  };
}

function chartLabels(chart: string, release: string): Record<string, string> {
  return {
    'helm.sh/chart': `${chart}-1.0.0`,
    'app.kubernetes.io/managed-by': 'Helm',
    'app.kubernetes.io/component': 'metrics',
    'app.kubernetes.io/part-of': chart,
    'app.kubernetes.io/name': chart,
    'app.kubernetes.io/instance': release,
  };
}

export function nodes(): NodeObject[] {
  return NODES.map((node) => ({
    metadata: { name: node.name, labels: { 'kubernetes.io/os': 'linux' } },
    status: { addresses: [{ type: 'InternalIP', address: node.ip }, { type: 'Hostname', address: node.name }], kubeletPort: 10250 },
  }));
}

/** The `kubernetes` Service: no selector, the control plane keeps its endpoints (two API servers). */
export function apiServer(): ServiceObject {
  return {
    metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: { ports: [{ name: 'https', port: 443, targetPort: 443 }] },
    manualEndpoints: ['10.0.200.10', '10.0.200.20'],
  };
}

export function kubeStateMetrics(options: { annotatePod?: boolean } = {}): { pods: PodObject[]; services: ServiceObject[] } {
  const labels = chartLabels('kube-state-metrics', KUBE_STATE_METRICS.name);
  const selector = { 'app.kubernetes.io/name': 'kube-state-metrics', 'app.kubernetes.io/instance': KUBE_STATE_METRICS.name };
  return {
    services: [
      {
        metadata: { name: 'kube-state-metrics', namespace: KUBE_STATE_METRICS.namespace, labels },
        spec: { selector, ports: [{ name: 'http', port: 8080, targetPort: 'http' }] },
      },
    ],
    pods: [
      pod('kube-state-metrics-6d4f8b7c9-abcde', KUBE_STATE_METRICS.namespace, 0, {
        labels,
        annotations: options.annotatePod ? { [SCRAPE_ANNOTATIONS.scrape]: 'true', [SCRAPE_ANNOTATIONS.port]: '8080' } : undefined,
        containers: [{ name: 'kube-state-metrics', ports: [{ name: 'http', containerPort: 8080 }] }],
        owner: { kind: 'ReplicaSet', name: 'kube-state-metrics-6d4f8b7c9' },
      }),
    ],
  };
}

export function nodeExporter(options: { annotatePods?: boolean } = {}): { pods: PodObject[]; services: ServiceObject[] } {
  const labels = chartLabels('prometheus-node-exporter', NODE_EXPORTER.name);
  const selector = { 'app.kubernetes.io/name': 'prometheus-node-exporter', 'app.kubernetes.io/instance': NODE_EXPORTER.name };
  return {
    services: [
      {
        metadata: { name: 'node-exporter', namespace: NODE_EXPORTER.namespace, labels, annotations: { 'prometheus.io/scrape': 'true' } },
        spec: { selector, ports: [{ name: 'metrics', port: 9100, targetPort: 9100 }] },
      },
    ],
    pods: NODES.map((_node, index) =>
      pod(`node-exporter-${index}x2k9`, NODE_EXPORTER.namespace, index, {
        labels,
        annotations: {
          'cluster-autoscaler.kubernetes.io/safe-to-evict': 'true',
          ...(options.annotatePods ? { [SCRAPE_ANNOTATIONS.scrape]: 'true', [SCRAPE_ANNOTATIONS.port]: '9100' } : {}),
        },
        hostNetwork: true,
        containers: [{ name: 'node-exporter', ports: [{ name: 'metrics', containerPort: 9100 }] }],
        owner: { kind: 'DaemonSet', name: 'node-exporter' },
      }),
    ),
  };
}

/** cert-manager's controller asks to be scraped by annotation (its chart's default). */
export function certManagerController(): PodObject {
  return pod('cert-manager-7b9f6c5d8-qwert', 'cert-manager', 1, {
    labels: { 'app.kubernetes.io/name': 'cert-manager', 'app.kubernetes.io/component': 'controller', app: 'cert-manager' },
    annotations: { [SCRAPE_ANNOTATIONS.scrape]: 'true', [SCRAPE_ANNOTATIONS.port]: '9402', [SCRAPE_ANNOTATIONS.path]: '/metrics' },
    containers: [{ name: 'cert-manager-controller', ports: [{ name: 'http-metrics', containerPort: 9402 }, { name: 'http-healthz', containerPort: 9403 }] }],
    owner: { kind: 'ReplicaSet', name: 'cert-manager-7b9f6c5d8' },
  });
}

/** The operator's manager pod and Service (chart default: metrics on a port named `metrics`). */
export function openTelemetryOperator(): { pods: PodObject[]; services: ServiceObject[] } {
  const labels = { 'app.kubernetes.io/name': 'opentelemetry-operator', 'app.kubernetes.io/component': 'controller-manager' };
  return {
    services: [{ metadata: { name: 'opentelemetry-operator', namespace: 'opentelemetry-operator-system', labels }, spec: { selector: labels, ports: [{ name: 'metrics', port: 8443, targetPort: 'metrics' }] } }],
    pods: [
      pod('opentelemetry-operator-6f9c7b8d4-mnbvc', 'opentelemetry-operator-system', 0, {
        labels,
        containers: [{ name: 'manager', ports: [{ name: 'metrics', containerPort: 8443 }, { name: 'webhook-server', containerPort: 9443 }] }],
        owner: { kind: 'ReplicaSet', name: 'opentelemetry-operator-6f9c7b8d4' },
      }),
    ],
  };
}

/** The Services the operator creates for a collector: `<name>-collector` (receiver ports) and `<name>-collector-monitoring`. */
export function collectorServices(rendered: readonly RenderedObject[]): ServiceObject[] {
  return rendered
    .filter((candidate) => candidate.kind === 'OpenTelemetryCollector')
    .flatMap((object) => {
      const identity = COLLECTORS.find((collector) => collector.name === object.metadata.name) as CollectorIdentity;
      const spec = object.spec as unknown as CollectorSpec;
      const selector = { ...collectorPodLabels(identity), 'app.kubernetes.io/instance': `${identity.namespace}.${identity.name}` };
      const receiverPorts = Object.entries(spec.config.receivers).flatMap(([receiver, config]) =>
        Object.entries(config.protocols ?? {}).map(([protocol, settings]) => {
          const port = Number(settings.endpoint.split(':').pop());
          return { name: `${receiver}-${protocol}`, port, targetPort: port };
        }),
      );
      return [
        ...(receiverPorts.length > 0 ? [{ metadata: { name: `${identity.name}-collector`, namespace: identity.namespace }, spec: { selector, ports: receiverPorts } }] : []),
        { metadata: { name: `${identity.name}-collector-monitoring`, namespace: identity.namespace }, spec: { selector, ports: [{ name: 'monitoring', port: COLLECTOR_TELEMETRY_PORT, targetPort: COLLECTOR_TELEMETRY_PORT }] } },
      ];
    });
}

interface CollectorSpec {
  mode: string;
  replicas: number;
  config: { receivers: Record<string, { protocols?: Record<string, { endpoint: string }> }> };
  targetAllocator?: { enabled: boolean };
}

/**
 * The pods the operator creates for each rendered collector: its pod labels, a container port per
 * receiver endpoint and the telemetry port `metrics` (8888); with a target allocator, its pod too.
 * `annotate` plants Prometheus scrape annotations, which the collectors must not need.
 */
export function collectorPods(rendered: readonly RenderedObject[], options: { annotate?: boolean } = {}): PodObject[] {
  const pods: PodObject[] = [];
  for (const object of rendered.filter((candidate) => candidate.kind === 'OpenTelemetryCollector')) {
    const identity = COLLECTORS.find((collector) => collector.name === object.metadata.name) as CollectorIdentity;
    const spec = object.spec as unknown as CollectorSpec;
    const receiverPorts: ContainerPort[] = Object.entries(spec.config.receivers).flatMap(([receiver, config]) =>
      Object.entries(config.protocols ?? {}).map(([protocol, settings]) => ({ name: `${receiver}-${protocol}`, containerPort: Number(settings.endpoint.split(':').pop()) })),
    );
    for (let index = 0; index < spec.replicas; index++) {
      const name = spec.mode === 'statefulset' ? `${identity.name}-collector-${index}` : `${identity.name}-collector-5f7d9c8b6-${index}abc`;
      pods.push(
        pod(name, identity.namespace, index % NODES.length, {
          labels: { ...collectorPodLabels(identity), 'app.kubernetes.io/instance': `${identity.namespace}.${identity.name}`, 'app.kubernetes.io/managed-by': 'opentelemetry-operator' },
          annotations: options.annotate ? { [SCRAPE_ANNOTATIONS.scrape]: 'true', [SCRAPE_ANNOTATIONS.port]: String(COLLECTOR_TELEMETRY_PORT) } : undefined,
          containers: [{ name: 'otc-container', ports: [...receiverPorts, { name: 'metrics', containerPort: COLLECTOR_TELEMETRY_PORT }] }],
          owner: spec.mode === 'statefulset' ? { kind: 'StatefulSet', name: `${identity.name}-collector` } : { kind: 'ReplicaSet', name: `${identity.name}-collector-5f7d9c8b6` },
        }),
      );
    }
    if (spec.targetAllocator?.enabled) {
      pods.push(
        pod(`${identity.name}-targetallocator-7c8d9f-zz`, identity.namespace, 0, {
          labels: { 'app.kubernetes.io/component': 'opentelemetry-targetallocator', 'app.kubernetes.io/name': `${identity.name}-targetallocator` },
          containers: [{ name: 'ta-container', ports: [{ name: 'http', containerPort: 8080 }] }],
          owner: { kind: 'ReplicaSet', name: `${identity.name}-targetallocator-7c8d9f` },
        }),
      );
    }
  }
  return pods;
}

interface PodTemplateOwner {
  spec: { replicas?: number; template: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec: { containers: { name: string; ports?: ContainerPort[] }[]; initContainers?: { name: string; ports?: ContainerPort[] }[] } } };
}

/** Pods of the rendered Deployments and StatefulSets of the workloads leaves. */
export function workloadPods(rendered: readonly RenderedObject[]): PodObject[] {
  return rendered
    .filter((object) => object.file.includes('/workloads/') && (object.kind === 'Deployment' || object.kind === 'StatefulSet'))
    .flatMap((object) => {
      const owner = object as unknown as PodTemplateOwner & RenderedObject;
      const template = owner.spec.template;
      return Array.from({ length: owner.spec.replicas ?? 1 }, (_unused, index) => {
        const base = pod(
          object.kind === 'StatefulSet' ? `${object.metadata.name}-${index}` : `${object.metadata.name}-6c9f7d8b5-${index}k2z`,
          object.metadata.namespace ?? 'default',
          index % NODES.length,
          {
            labels: template.metadata?.labels,
            annotations: template.metadata?.annotations,
            containers: template.spec.containers.map((container) => ({ name: container.name, ports: container.ports })),
            owner: object.kind === 'StatefulSet' ? { kind: 'StatefulSet', name: object.metadata.name } : { kind: 'ReplicaSet', name: `${object.metadata.name}-6c9f7d8b5` },
          },
        );
        return { ...base, spec: { ...base.spec, initContainers: template.spec.initContainers?.map((container) => ({ name: container.name, ports: container.ports })) } };
      });
    });
}

interface ServicePorts {
  spec: { selector?: Record<string, string>; ports: { name?: string; port: number; targetPort?: number | string }[] };
}

/** Services of the workloads leaves, as rendered. */
export function workloadServices(rendered: readonly RenderedObject[]): ServiceObject[] {
  return rendered
    .filter((object) => object.file.includes('/workloads/') && object.kind === 'Service')
    .map((object) => ({ metadata: { name: object.metadata.name, namespace: object.metadata.namespace ?? 'default', labels: object.metadata.labels, annotations: object.metadata.annotations }, spec: (object as unknown as ServicePorts).spec }));
}

/** ho11y's three services as the original pattern deploys them, for when workloads/ has no ho11y chart yet. */
export const HO11Y_FIXTURE_NAMESPACE = 'geordie';
export const HO11Y_FIXTURE_PORT = 8765;

export function ho11yFixturePods(): PodObject[] {
  return ['frontend', 'downstream0', 'downstream1'].map((service, index) =>
    pod(`${service}-7d8c9b6f5-${index}lmn`, HO11Y_FIXTURE_NAMESPACE, index % NODES.length, {
      labels: { app: service, 'app.kubernetes.io/name': 'ho11y', 'app.kubernetes.io/component': service },
      annotations: { [SCRAPE_ANNOTATIONS.scrape]: 'true', [SCRAPE_ANNOTATIONS.port]: String(HO11Y_FIXTURE_PORT), [SCRAPE_ANNOTATIONS.path]: '/metrics' },
      // The frontend also declares a second port: it must still be scraped once, on the annotated one.
      containers: [{ name: 'ho11y', ports: [{ name: 'http', containerPort: HO11Y_FIXTURE_PORT }, ...(index === 0 ? [{ name: 'debug', containerPort: 6060 }] : [])] }],
      owner: { kind: 'ReplicaSet', name: `${service}-7d8c9b6f5` },
    }),
  );
}

export function ho11yFixtureServices(): ServiceObject[] {
  return ['frontend', 'downstream0', 'downstream1'].map((service) => ({
    metadata: { name: service, namespace: HO11Y_FIXTURE_NAMESPACE, labels: { app: service } },
    spec: { selector: { app: service }, ports: [{ name: 'http', port: 80, targetPort: HO11Y_FIXTURE_PORT }] },
  }));
}

export interface FixtureOptions {
  /** Plant scrape annotations on pods that dedicated jobs scrape. Default: false. */
  readonly plantAnnotations?: boolean;
}

/** The whole representative cluster for `rendered` (one cluster's objects). */
export function representativeCluster(
  rendered: readonly RenderedObject[],
  apps: { readonly pods: readonly PodObject[]; readonly services: readonly ServiceObject[] },
  options: FixtureOptions = {},
): ClusterObjects {
  const ksm = kubeStateMetrics({ annotatePod: options.plantAnnotations });
  const exporter = nodeExporter({ annotatePods: options.plantAnnotations });
  const operator = openTelemetryOperator();
  return {
    nodes: nodes(),
    services: [apiServer(), ...ksm.services, ...exporter.services, ...operator.services, ...collectorServices(rendered), ...apps.services],
    pods: [...ksm.pods, ...exporter.pods, ...operator.pods, certManagerController(), ...collectorPods(rendered, { annotate: options.plantAnnotations }), ...apps.pods],
  };
}
