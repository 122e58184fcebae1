import { RenderedObject } from './rendered-objects';

/**
 * The pods a rendered object asks for, with JSON pointers back into the object, so the pod
 * rules (security, resources, probes, images) read every kind the same way and report the
 * exact field. Kinds the OpenTelemetry operator turns into pods are included: their container
 * fields sit at the top of `spec`.
 */

/** Container fields the rules read; everything optional, as in the Kubernetes API. */
export interface ContainerFields {
  readonly name?: string;
  readonly image?: string;
  readonly ports?: readonly { readonly hostPort?: number }[];
  readonly resources?: { readonly requests?: Record<string, unknown>; readonly limits?: Record<string, unknown> };
  readonly livenessProbe?: unknown;
  readonly readinessProbe?: unknown;
  readonly securityContext?: SecurityContextFields;
}

export interface SecurityContextFields {
  readonly privileged?: boolean;
  readonly allowPrivilegeEscalation?: boolean;
  readonly runAsNonRoot?: boolean;
  readonly runAsUser?: number;
  readonly readOnlyRootFilesystem?: boolean;
  readonly procMount?: string;
  readonly capabilities?: { readonly add?: readonly string[]; readonly drop?: readonly string[] };
  readonly seccompProfile?: { readonly type?: string };
  readonly sysctls?: readonly { readonly name?: string }[];
}

export interface ContainerView {
  /** JSON pointer of the container; its fields are below it under their API names. */
  readonly pointer: string;
  readonly fields: ContainerFields;
  /** Init containers run to completion: no probes. */
  readonly init: boolean;
}

export interface PodView {
  readonly source: RenderedObject;
  /** JSON pointer of the pod-level security context. */
  readonly securityContextPointer: string;
  /** JSON pointer of the object holding hostNetwork, volumes and the like. */
  readonly specPointer: string;
  readonly hostNetwork?: boolean;
  readonly hostPID?: boolean;
  readonly hostIPC?: boolean;
  readonly securityContext?: SecurityContextFields;
  readonly volumes: readonly Record<string, unknown>[];
  readonly containers: readonly ContainerView[];
  /** Labels of the pods, for selectors. */
  readonly labels: Readonly<Record<string, string>>;
  /** Pods that run to completion (Jobs): probes gate nothing there. */
  readonly runsToCompletion: boolean;
  /**
   * The operator adds liveness and readiness probes itself (an OpenTelemetryCollector whose
   * config enables the health_check extension).
   */
  readonly probesFromOperator: boolean;
}

type Json = Record<string, unknown>;

const POD_TEMPLATE_POINTERS: Readonly<Record<string, string>> = {
  'apps/Deployment': '/spec/template',
  'apps/StatefulSet': '/spec/template',
  'apps/DaemonSet': '/spec/template',
  'apps/ReplicaSet': '/spec/template',
  'batch/Job': '/spec/template',
  'batch/CronJob': '/spec/jobTemplate/spec/template',
  '/ReplicationController': '/spec/template',
};

/** `apps/Deployment` from `apps/v1` + `Deployment`; core kinds have an empty group. */
export function groupKind(object: { readonly apiVersion?: unknown; readonly kind?: unknown }): string {
  const apiVersion = String(object.apiVersion ?? '');
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  return `${group}/${String(object.kind)}`;
}

/** The value at a JSON pointer, or undefined. */
export function at(root: unknown, pointer: string): unknown {
  let node = root;
  for (const key of pointer.split('/').slice(1)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Json)[key];
  }
  return node;
}

function asArray(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter((item): item is Json => item !== null && typeof item === 'object') : [];
}

function containers(list: unknown, pointer: string, init: boolean): ContainerView[] {
  return asArray(list).map((fields, index) => ({ pointer: `${pointer}/${index}`, fields: fields as ContainerFields, init }));
}

/** Pod views of one rendered object (none for kinds that make no pods). */
export function podsOf(rendered: RenderedObject): PodView[] {
  const { object } = rendered;
  const kind = groupKind(object);
  if (kind === '/Pod') {
    return [podView(rendered, '', object as Json, false)];
  }
  const templatePointer = POD_TEMPLATE_POINTERS[kind];
  if (templatePointer) {
    const template = at(object, templatePointer);
    if (template === null || typeof template !== 'object') return [];
    return [podView(rendered, templatePointer, template as Json, kind.startsWith('batch/'))];
  }
  if (kind === 'opentelemetry.io/OpenTelemetryCollector') {
    return [collectorPod(rendered)];
  }
  return [];
}

function podView(source: RenderedObject, pointer: string, template: Json, runsToCompletion: boolean): PodView {
  const spec = (template.spec ?? {}) as Json;
  const metadata = (template.metadata ?? {}) as { labels?: Record<string, string> };
  return {
    source,
    specPointer: `${pointer}/spec`,
    securityContextPointer: `${pointer}/spec/securityContext`,
    hostNetwork: spec.hostNetwork as boolean | undefined,
    hostPID: spec.hostPID as boolean | undefined,
    hostIPC: spec.hostIPC as boolean | undefined,
    securityContext: spec.securityContext as SecurityContextFields | undefined,
    volumes: asArray(spec.volumes),
    containers: [...containers(spec.initContainers, `${pointer}/spec/initContainers`, true), ...containers(spec.containers, `${pointer}/spec/containers`, false)],
    labels: metadata.labels ?? {},
    runsToCompletion,
    probesFromOperator: false,
  };
}

/** The collector pod the OpenTelemetry operator builds: its main container's fields are in `spec`. */
function collectorPod(source: RenderedObject): PodView {
  const spec = ((source.object as Json).spec ?? {}) as Json;
  const extensions = at(spec, '/config/service/extensions');
  const healthCheck = Array.isArray(extensions) && extensions.some((name) => typeof name === 'string' && name.split('/')[0] === 'health_check');
  const main: ContainerView = { pointer: '/spec', fields: { ...(spec as ContainerFields), name: 'otc-container' }, init: false };
  return {
    source,
    specPointer: '/spec',
    securityContextPointer: '/spec/podSecurityContext',
    hostNetwork: spec.hostNetwork as boolean | undefined,
    hostPID: spec.hostPID as boolean | undefined,
    securityContext: spec.podSecurityContext as SecurityContextFields | undefined,
    volumes: asArray(spec.volumes),
    containers: [...containers(spec.initContainers, '/spec/initContainers', true), main, ...containers(spec.additionalContainers, '/spec/additionalContainers', false)],
    labels: {},
    runsToCompletion: false,
    probesFromOperator: healthCheck,
  };
}

/** Every pod of every rendered object. */
export function allPods(objects: readonly RenderedObject[]): PodView[] {
  return objects.flatMap(podsOf);
}
