import { KubernetesSdConfig, metaLabel } from '../../../../charts/prometheus-scrape-config';
import { Labels } from './relabel';

/**
 * The targets Prometheus' Kubernetes service discovery
 * (https://prometheus.io/docs/prometheus/latest/configuration/configuration/#kubernetes_sd_config)
 * derives from a set of objects, for the `node`, `pod` and `endpointslice` roles, with the meta
 * labels it documents. Objects are plain Kubernetes JSON, as rendered or as a test builds them.
 */

export interface ContainerPort {
  readonly name?: string;
  readonly containerPort: number;
  readonly protocol?: string;
}

export interface PodObject {
  readonly metadata: {
    readonly name: string;
    readonly namespace: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
    readonly ownerReferences?: readonly { readonly kind: string; readonly name: string; readonly controller?: boolean }[];
  };
  readonly spec: {
    readonly nodeName: string;
    readonly hostNetwork?: boolean;
    readonly containers: readonly { readonly name: string; readonly ports?: readonly ContainerPort[] }[];
    readonly initContainers?: readonly { readonly name: string; readonly ports?: readonly ContainerPort[] }[];
  };
  readonly status: { readonly podIP: string; readonly hostIP: string; readonly phase: string };
}

export interface ServiceObject {
  readonly metadata: {
    readonly name: string;
    readonly namespace: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
  };
  readonly spec: {
    /** Absent for Services whose endpoints are managed by hand or by the control plane (`kubernetes`). */
    readonly selector?: Readonly<Record<string, string>>;
    readonly ports: readonly { readonly name?: string; readonly port: number; readonly targetPort?: number | string; readonly protocol?: string }[];
  };
  /** For selector-less Services: the endpoint addresses (the API servers for `kubernetes`). */
  readonly manualEndpoints?: readonly string[];
}

export interface NodeObject {
  readonly metadata: { readonly name: string; readonly labels?: Readonly<Record<string, string>> };
  readonly status: { readonly addresses: readonly { readonly type: string; readonly address: string }[]; readonly kubeletPort: number };
}

export interface ClusterObjects {
  readonly nodes: readonly NodeObject[];
  readonly pods: readonly PodObject[];
  readonly services: readonly ServiceObject[];
}

function metadataLabels(kind: string, labels: Readonly<Record<string, string>> | undefined, annotations: Readonly<Record<string, string>> | undefined): Labels {
  const result: Labels = {};
  for (const [name, value] of Object.entries(labels ?? {})) {
    result[metaLabel(`${kind}_label`, name)] = value;
    result[metaLabel(`${kind}_labelpresent`, name)] = 'true';
  }
  for (const [name, value] of Object.entries(annotations ?? {})) {
    result[metaLabel(`${kind}_annotation`, name)] = value;
    result[metaLabel(`${kind}_annotationpresent`, name)] = 'true';
  }
  return result;
}

function podLabels(pod: PodObject): Labels {
  const controller = pod.metadata.ownerReferences?.find((owner) => owner.controller);
  return {
    __meta_kubernetes_namespace: pod.metadata.namespace,
    __meta_kubernetes_pod_name: pod.metadata.name,
    __meta_kubernetes_pod_ip: pod.status.podIP,
    __meta_kubernetes_pod_host_ip: pod.status.hostIP,
    __meta_kubernetes_pod_node_name: pod.spec.nodeName,
    __meta_kubernetes_pod_phase: pod.status.phase,
    __meta_kubernetes_pod_ready: pod.status.phase === 'Running' ? 'true' : 'false',
    ...(controller ? { __meta_kubernetes_pod_controller_kind: controller.kind, __meta_kubernetes_pod_controller_name: controller.name } : {}),
    ...metadataLabels('pod', pod.metadata.labels, pod.metadata.annotations),
  };
}

function containerPortLabels(container: string, port: ContainerPort, init: boolean): Labels {
  return {
    __meta_kubernetes_pod_container_name: container,
    __meta_kubernetes_pod_container_init: String(init),
    __meta_kubernetes_pod_container_port_number: String(port.containerPort),
    __meta_kubernetes_pod_container_port_protocol: port.protocol ?? 'TCP',
    ...(port.name ? { __meta_kubernetes_pod_container_port_name: port.name } : {}),
  };
}

function allContainers(pod: PodObject): { name: string; ports: readonly ContainerPort[]; init: boolean }[] {
  return [
    ...(pod.spec.initContainers ?? []).map((container) => ({ name: container.name, ports: container.ports ?? [], init: true })),
    ...pod.spec.containers.map((container) => ({ name: container.name, ports: container.ports ?? [], init: false })),
  ];
}

/** `role: pod`: one target per declared container port, or one port-less target per container without ports. */
export function discoverPods(pods: readonly PodObject[]): Labels[] {
  return pods
    .filter((pod) => pod.status.podIP)
    .flatMap((pod) =>
      allContainers(pod).flatMap((container) =>
        container.ports.length === 0
          ? [{ ...podLabels(pod), __address__: pod.status.podIP, __meta_kubernetes_pod_container_name: container.name, __meta_kubernetes_pod_container_init: String(container.init) }]
          : container.ports.map((port) => ({ ...podLabels(pod), ...containerPortLabels(container.name, port, container.init), __address__: `${pod.status.podIP}:${port.containerPort}` })),
      ),
    );
}

/** `role: node`: the kubelet of every node, addressed by its internal IP; `instance` is the node name. */
export function discoverNodes(nodes: readonly NodeObject[]): Labels[] {
  return nodes.map((node) => {
    const internal = node.status.addresses.find((address) => address.type === 'InternalIP')?.address ?? '';
    return {
      __address__: `${internal}:${node.status.kubeletPort}`,
      instance: node.metadata.name,
      __meta_kubernetes_node_name: node.metadata.name,
      __meta_kubernetes_node_address_InternalIP: internal,
      ...metadataLabels('node', node.metadata.labels, undefined),
    };
  });
}

function selects(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>> | undefined): boolean {
  return Object.entries(selector).every(([name, value]) => labels?.[name] === value);
}

/** Services of the pod's namespace whose selector matches it. */
export function servicesSelecting(pod: PodObject, services: readonly ServiceObject[]): ServiceObject[] {
  return services.filter((service) => service.metadata.namespace === pod.metadata.namespace && service.spec.selector && selects(service.spec.selector, pod.metadata.labels));
}

function resolveTargetPort(pod: PodObject, targetPort: number | string | undefined, port: number): ContainerPort | undefined {
  const wanted = targetPort ?? port;
  for (const container of pod.spec.containers) {
    for (const candidate of container.ports ?? []) {
      if (typeof wanted === 'string' ? candidate.name === wanted : candidate.containerPort === wanted) return candidate;
    }
  }
  return typeof wanted === 'number' ? { containerPort: wanted } : undefined;
}

/**
 * `role: endpointslice`: one target per endpoint address and Service port, with the Service's and
 * (for pod endpoints) the pod's meta labels; plus, as Prometheus does, a target for every container
 * port of an endpoint pod that no Service port covers (those have no endpointslice port labels).
 */
export function discoverEndpointSlices(services: readonly ServiceObject[], pods: readonly PodObject[]): Labels[] {
  const targets: Labels[] = [];
  for (const service of services) {
    const serviceLabels: Labels = {
      __meta_kubernetes_namespace: service.metadata.namespace,
      __meta_kubernetes_service_name: service.metadata.name,
      __meta_kubernetes_endpointslice_name: `${service.metadata.name}-abcde`,
      __meta_kubernetes_endpointslice_address_type: 'IPv4',
      ...metadataLabels('service', service.metadata.labels, service.metadata.annotations),
    };
    if (!service.spec.selector) {
      for (const address of service.manualEndpoints ?? []) {
        for (const port of service.spec.ports) {
          targets.push({
            ...serviceLabels,
            __address__: `${address}:${typeof port.targetPort === 'number' ? port.targetPort : port.port}`,
            __meta_kubernetes_endpointslice_endpoint_conditions_ready: 'true',
            __meta_kubernetes_endpointslice_port: String(port.targetPort ?? port.port),
            __meta_kubernetes_endpointslice_port_protocol: port.protocol ?? 'TCP',
            ...(port.name ? { __meta_kubernetes_endpointslice_port_name: port.name } : {}),
          });
        }
      }
      continue;
    }
    const selector = service.spec.selector;
    const members = pods.filter((pod) => pod.metadata.namespace === service.metadata.namespace && selects(selector, pod.metadata.labels) && pod.status.podIP);
    for (const pod of members) {
      const covered = new Set<number>();
      for (const port of service.spec.ports) {
        const resolved = resolveTargetPort(pod, port.targetPort, port.port);
        if (!resolved) continue;
        covered.add(resolved.containerPort);
        const container = pod.spec.containers.find((candidate) => (candidate.ports ?? []).includes(resolved));
        targets.push({
          ...serviceLabels,
          ...podLabels(pod),
          ...(container ? containerPortLabels(container.name, resolved, false) : {}),
          __address__: `${pod.status.podIP}:${resolved.containerPort}`,
          __meta_kubernetes_endpointslice_endpoint_conditions_ready: pod.status.phase === 'Running' ? 'true' : 'false',
          __meta_kubernetes_endpointslice_endpoint_node_name: pod.spec.nodeName,
          __meta_kubernetes_endpointslice_address_target_kind: 'Pod',
          __meta_kubernetes_endpointslice_address_target_name: pod.metadata.name,
          __meta_kubernetes_endpointslice_port: String(resolved.containerPort),
          __meta_kubernetes_endpointslice_port_protocol: port.protocol ?? 'TCP',
          ...(port.name ? { __meta_kubernetes_endpointslice_port_name: port.name } : {}),
        });
      }
      for (const container of pod.spec.containers) {
        for (const port of container.ports ?? []) {
          if (covered.has(port.containerPort)) continue;
          targets.push({ ...serviceLabels, ...podLabels(pod), ...containerPortLabels(container.name, port, false), __address__: `${pod.status.podIP}:${port.containerPort}` });
        }
      }
    }
  }
  return targets;
}

/** Targets one `kubernetes_sd_configs` entry yields over `objects`. */
export function discover(config: KubernetesSdConfig, objects: ClusterObjects): Labels[] {
  const names = config.namespaces?.names;
  const inScope = <T extends { metadata: { namespace: string } }>(items: readonly T[]) => (names ? items.filter((item) => names.includes(item.metadata.namespace)) : [...items]);
  switch (config.role) {
    case 'node':
      return discoverNodes(objects.nodes);
    case 'pod':
      return discoverPods(inScope(objects.pods));
    case 'endpointslice':
      return discoverEndpointSlices(inScope(objects.services), objects.pods);
  }
}
