import { Fleet } from '../../clusters/fleet/fleet-schema';
import { KubernetesObject } from '../../clusters/render/leaf-files';
import { RenderedFile } from '../../clusters/render/rendered-file';
import { yamlDocument } from '../../clusters/test/support/parsed-yaml';
import { renderClusterForTest } from '../../clusters/test/support/rendered-tree';
import { TestFleetBuilder } from '../../clusters/test/support/test-fleet';
import { WORKLOADS } from '../registry';

/** Helpers shared by the workload tests: render through the real pipeline, then read the YAML back. */

export const TEAM = 'team-geordie';

/** The test fleet, in the shape of the example (built in code, see clusters/test/support/test-fleet.ts). */
export function exampleFleet(): Fleet {
  return new TestFleetBuilder().build({ knownAppCharts: Object.keys(WORKLOADS) });
}

/** A copy of the example fleet with `change` applied (the example itself is never modified). */
export function changedFleet(change: (fleet: Fleet) => void): Fleet {
  const fleet = structuredClone(exampleFleet());
  change(fleet);
  return fleet;
}

/** One rendered object with the file it came from. */
export interface RenderedObject {
  readonly file: string;
  readonly object: KubernetesObject & Record<string, unknown>;
}

export interface RenderedClusterView {
  readonly files: readonly RenderedFile[];
  /** Objects of every file whose path starts with `<cluster>/<folder>/`, kustomizations excluded. */
  objectsIn(folder: string): RenderedObject[];
  /** Objects of one team app's leaf. */
  app(app: string): RenderedObject[];
  /** Objects of every team app on the cluster. */
  apps(): RenderedObject[];
  /** Objects of the tenancy leaf. */
  tenancy(): RenderedObject[];
}

export function renderClusterView(fleet: Fleet, cluster: string): RenderedClusterView {
  const files = renderClusterForTest(fleet, cluster);
  const objectsIn = (folder: string): RenderedObject[] =>
    files
      .filter((file) => file.path.startsWith(`${cluster}/${folder}/`) && !file.path.endsWith('/kustomization.yaml'))
      .map((file) => ({ file: file.path, object: yamlDocument(file.content) as RenderedObject['object'] }));
  return {
    files,
    objectsIn,
    app: (app) => objectsIn(`workloads/${TEAM}/${app}`),
    apps: () => objectsIn(`workloads/${TEAM}`),
    tenancy: () => objectsIn('platform/tenancy'),
  };
}

/** Minimal typed views of the kinds the apps render. */
export interface ContainerView {
  name: string;
  image: string;
  env?: { name: string; value?: string }[];
  ports?: { name?: string; containerPort: number }[];
  resources?: { requests?: Record<string, string | number>; limits?: Record<string, string | number> };
  readinessProbe?: unknown;
  livenessProbe?: unknown;
  securityContext?: Record<string, unknown> & { capabilities?: { add?: string[]; drop?: string[] }; seccompProfile?: { type: string } };
  volumeMounts?: { name: string; mountPath: string }[];
}

export interface PodTemplateView {
  metadata: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: Record<string, unknown> & {
    containers: ContainerView[];
    initContainers?: ContainerView[];
    volumes?: (Record<string, unknown> & { name: string })[];
    securityContext?: Record<string, unknown> & { seccompProfile?: { type: string } };
  };
}

export interface DeploymentView {
  metadata: { name: string; namespace?: string; annotations?: Record<string, string> };
  spec: { selector: { matchLabels: Record<string, string> }; template: PodTemplateView };
}

export interface ServiceView {
  metadata: { name: string; namespace?: string; annotations?: Record<string, string> };
  spec: {
    type?: string;
    selector?: Record<string, string>;
    ports: { name?: string; port: number; targetPort?: number | string }[];
    allocateLoadBalancerNodePorts?: boolean;
  };
}

export function deployments(objects: readonly RenderedObject[]): DeploymentView[] {
  return objects.filter(({ object }) => object.kind === 'Deployment').map(({ object }) => object as unknown as DeploymentView);
}

export function services(objects: readonly RenderedObject[]): ServiceView[] {
  return objects.filter(({ object }) => object.kind === 'Service').map(({ object }) => object as unknown as ServiceView);
}

/** True when every label of `selector` is on `labels` (an empty selector matches everything). */
export function matches(selector: Readonly<Record<string, string>> | undefined, labels: Readonly<Record<string, string>> | undefined): boolean {
  return Object.entries(selector ?? {}).every(([key, value]) => labels?.[key] === value);
}

/** Deployments whose pods a Service's selector picks. */
export function selectedDeployments(service: ServiceView, candidates: readonly DeploymentView[]): DeploymentView[] {
  if (!service.spec.selector || Object.keys(service.spec.selector).length === 0) return [];
  return candidates.filter((deployment) => matches(service.spec.selector, deployment.spec.template.metadata.labels));
}

/** The container port a Service port reaches on a pod, resolving named target ports. */
export function targetContainerPort(servicePort: ServiceView['spec']['ports'][number], deployment: DeploymentView): number | undefined {
  const target = servicePort.targetPort ?? servicePort.port;
  const ports = deployment.spec.template.spec.containers.flatMap((container) => container.ports ?? []);
  const found = typeof target === 'string' ? ports.find((port) => port.name === target) : ports.find((port) => port.containerPort === target);
  return found?.containerPort;
}
