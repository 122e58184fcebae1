import { ApiObject, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { assertPinnedImage } from './pinned-image';
import { assertWithinBaseline, PodSecurityException } from './pod-security-exception';
import { ServiceExposure, serviceExposureSpec } from './service-exposure';

/** CPU and memory a container asks for and may use at most. All four are required. */
export interface ContainerResources {
  readonly cpuRequestMillis: number;
  readonly cpuLimitMillis: number;
  readonly memoryRequestMebibytes: number;
  readonly memoryLimitMebibytes: number;
}

/** A directory the container writes to, backed by an emptyDir so the root filesystem can stay read-only. */
export interface WritableDirectory {
  /** Absolute path in the container. */
  readonly path: string;
  /** Most it may hold. Default: 64 MiB. */
  readonly sizeLimitMebibytes?: number;
}

/** Files mounted read-only from a ConfigMap. */
export interface ConfigMapMount {
  /** Absolute directory in the container. */
  readonly path: string;
  readonly configMap: kplus.IConfigMap;
}

/** The one container of a hardened workload. */
export interface HardenedContainerProps {
  /** Container name (also the key of image overrides). */
  readonly name: string;
  /** Image reference, pinned by a release tag or a digest; floating tags are refused unless `floatingTagReason` says why. */
  readonly image: string;
  /** Why this image may float (upstream publishes no pinned build). Default: none, the image must be pinned. */
  readonly floatingTagReason?: string;
  /** The port the container serves on, named so Services can target it by name. Default: none. */
  readonly port?: { readonly name: string; readonly number: number };
  /** Environment variables, in the order given. Default: none. */
  readonly env?: Readonly<Record<string, string>>;
  /** Entrypoint override. Default: the image's. */
  readonly command?: readonly string[];
  /** Arguments. Default: the image's. */
  readonly args?: readonly string[];
  readonly resources: ContainerResources;
  /** When the container may receive traffic. */
  readonly readiness: kplus.Probe;
  /** When the container must be restarted; should not depend on other services. */
  readonly liveness: kplus.Probe;
  /**
   * Numeric uid to run as. Required unless the exception says `runAsRoot`: a non-numeric image
   * USER (or none) cannot be verified by `runAsNonRoot`, so the uid is stated here.
   */
  readonly runAsUser?: number;
  /** Default: the same as `runAsUser`. */
  readonly runAsGroup?: number;
  /** Directories the process writes to (given as emptyDirs owned by its group). Default: none. */
  readonly writableDirectories?: readonly WritableDirectory[];
  /** Read-only files from ConfigMaps. Default: none. */
  readonly configMapMounts?: readonly ConfigMapMount[];
  /** Where the image cannot run under the restricted Pod Security level, and why. Default: none (fully restricted). */
  readonly podSecurityException?: PodSecurityException;
}

/** A Service in front of the workload, on the container's named port. */
export interface HardenedServiceProps {
  /** Port clients connect to. */
  readonly port: number;
  /** Default: none (ClusterIP). */
  readonly exposure?: ServiceExposure;
}

export interface HardenedWorkloadProps {
  /** Name of the Deployment (and of the Service, if any). */
  readonly name: string;
  /** Labels that select the pods: the Deployment's selector and the Service's. Explicit and stable. */
  readonly selectorLabels: Readonly<Record<string, string>>;
  /** More labels on the Deployment, its pods and the Service. Default: none. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Annotations on the Deployment and the Service (e.g. ArgoCD sync options). Default: none. */
  readonly annotations?: Readonly<Record<string, string>>;
  /** Annotations on the pods (e.g. scrape annotations). Default: none. */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /** Default: 1. */
  readonly replicas?: number;
  /** Stop the old pod before starting the new one, for single-writer state. Default: false (rolling update). */
  readonly recreateOnUpdate?: boolean;
  readonly container: HardenedContainerProps;
  /** Default: no Service. */
  readonly service?: HardenedServiceProps;
}

const DEFAULT_WRITABLE_SIZE_MEBIBYTES = 64;

/**
 * One Deployment (and optionally its Service) hardened by default: the restricted Pod Security
 * level (non-root uid, no privilege escalation, drop ALL, RuntimeDefault seccomp), a read-only
 * root filesystem with emptyDirs where the process writes, requests and limits, readiness and
 * liveness probes, a pinned image, no service account token, and explicit selector labels.
 * Anything the image cannot live with is relaxed only through a reasoned `PodSecurityException`.
 */
export class HardenedWorkload extends Construct {
  public readonly deployment: kplus.Deployment;
  public readonly service?: k8s.KubeService;
  /** Labels on the pods; NetworkPolicies select them. */
  public readonly podLabels: Readonly<Record<string, string>>;

  public constructor(scope: Construct, id: string, props: HardenedWorkloadProps) {
    super(scope, id);
    const container = props.container;
    const owner = `${props.name}/${container.name}`;
    if (!container.floatingTagReason) assertPinnedImage(owner, container.image);
    const exception = container.podSecurityException;
    if (exception) assertWithinBaseline(owner, exception);
    const runAsRoot = exception?.runAsRoot ?? false;
    if (runAsRoot && container.runAsUser !== undefined) {
      throw new Error(`${owner}: runAsUser is set but the pod security exception says the image runs as root; keep one.`);
    }
    if (!runAsRoot && (container.runAsUser === undefined || container.runAsUser === 0)) {
      throw new Error(`${owner}: set runAsUser to the image's non-root uid, or add a pod security exception with runAsRoot and a reason.`);
    }
    if (Object.keys(props.selectorLabels).length === 0) {
      throw new Error(`${props.name}: selectorLabels must not be empty; a Deployment selecting nothing adopts every pod.`);
    }
    checkResources(owner, container.resources);

    const group = runAsRoot ? undefined : (container.runAsGroup ?? container.runAsUser);
    const writable = container.writableDirectories ?? [];
    this.podLabels = { ...props.labels, ...props.selectorLabels };

    this.deployment = new kplus.Deployment(this, 'Deployment', {
      metadata: { name: props.name, labels: { ...this.podLabels }, annotations: { ...props.annotations } },
      select: false,
      replicas: props.replicas ?? 1,
      ...(props.recreateOnUpdate ? { strategy: kplus.DeploymentStrategy.recreate() } : {}),
      podMetadata: { labels: { ...this.podLabels }, annotations: { ...props.podAnnotations } },
      automountServiceAccountToken: false,
      securityContext: {
        ensureNonRoot: !runAsRoot,
        user: container.runAsUser,
        group,
        // emptyDirs are group-writable by fsGroup, which is how a non-root uid gets write access.
        ...(group !== undefined && writable.length > 0 ? { fsGroup: group, fsGroupChangePolicy: kplus.FsGroupChangePolicy.ON_ROOT_MISMATCH } : {}),
      },
      containers: [
        {
          name: container.name,
          image: container.image,
          // A pinned image never changes under its reference, so a cached copy is the same build.
          imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
          ...(container.port ? { ports: [{ name: container.port.name, number: container.port.number }] } : {}),
          envVariables: Object.fromEntries(Object.entries(container.env ?? {}).map(([name, value]) => [name, kplus.EnvValue.fromValue(value)])),
          ...(container.command ? { command: [...container.command] } : {}),
          ...(container.args ? { args: [...container.args] } : {}),
          resources: {
            cpu: { request: kplus.Cpu.millis(container.resources.cpuRequestMillis), limit: kplus.Cpu.millis(container.resources.cpuLimitMillis) },
            memory: { request: Size.mebibytes(container.resources.memoryRequestMebibytes), limit: Size.mebibytes(container.resources.memoryLimitMebibytes) },
          },
          readiness: container.readiness,
          liveness: container.liveness,
          securityContext: {
            ensureNonRoot: !runAsRoot,
            user: container.runAsUser,
            group,
            privileged: false,
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: !(exception?.writableRootFilesystem ?? false),
            capabilities: {
              drop: [kplus.Capability.ALL],
              ...(exception?.addCapabilities && exception.addCapabilities.length > 0 ? { add: [...exception.addCapabilities] } : {}),
            },
            seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
          },
        },
      ],
    });

    const main = this.deployment.containers[0];
    for (const directory of writable) {
      const name = volumeName(directory.path);
      const volume = kplus.Volume.fromEmptyDir(this, `Writable-${name}`, name, {
        sizeLimit: Size.mebibytes(directory.sizeLimitMebibytes ?? DEFAULT_WRITABLE_SIZE_MEBIBYTES),
      });
      main.mount(directory.path, volume);
    }
    for (const mount of container.configMapMounts ?? []) {
      const name = volumeName(mount.path);
      main.mount(mount.path, kplus.Volume.fromConfigMap(this, `Files-${name}`, mount.configMap, { name }), { readOnly: true });
    }

    // cdk8s-plus labels every pod with its construct address even when it does not select on
    // it; the label would change (and restart pods) whenever the construct tree is reorganised.
    ApiObject.of(this.deployment).addJsonPatch(JsonPatch.remove(`/spec/template/metadata/labels/${kplus.Pod.ADDRESS_LABEL.replace('/', '~1')}`));
    this.deployment.select(kplus.LabelSelector.of({ labels: { ...props.selectorLabels } }));

    if (props.service) {
      if (!container.port) {
        throw new Error(`${owner}: a Service needs the container's port; set container.port.`);
      }
      const exposure = serviceExposureSpec(props.service.exposure ?? 'none');
      // A raw Service rather than cdk8s-plus's: it targets the container port by name and can
      // turn off node ports for IP-target load balancers, which cdk8s-plus cannot express.
      this.service = new k8s.KubeService(this, 'Service', {
        metadata: { name: props.name, labels: { ...this.podLabels }, annotations: { ...props.annotations, ...exposure.annotations } },
        spec: {
          type: exposure.type,
          selector: { ...props.selectorLabels },
          ports: [{ name: container.port.name, protocol: 'TCP', port: props.service.port, targetPort: k8s.IntOrString.fromString(container.port.name) }],
          ...(exposure.allocateLoadBalancerNodePorts === undefined ? {} : { allocateLoadBalancerNodePorts: exposure.allocateLoadBalancerNodePorts }),
        },
      });
    }
  }
}

function checkResources(owner: string, resources: ContainerResources): void {
  const { cpuRequestMillis, cpuLimitMillis, memoryRequestMebibytes, memoryLimitMebibytes } = resources;
  const values = [cpuRequestMillis, cpuLimitMillis, memoryRequestMebibytes, memoryLimitMebibytes];
  if (values.some((value) => !Number.isInteger(value) || value <= 0)) {
    throw new Error(`${owner}: CPU and memory requests and limits must be positive whole numbers of millicores and MiB.`);
  }
  if (cpuRequestMillis > cpuLimitMillis || memoryRequestMebibytes > memoryLimitMebibytes) {
    throw new Error(`${owner}: a request exceeds its limit; Kubernetes refuses such a pod.`);
  }
}

/** A DNS-label volume name from a mount path: `/var/run/postgresql` -> `var-run-postgresql`. */
function volumeName(path: string): string {
  const name = path.replace(/^\/+|\/+$/g, '').replace(/[^a-z0-9]+/gi, '-').toLowerCase();
  if (!name || name.length > 63) {
    throw new Error(`Cannot name a volume after mount path "${path}"; use a shorter absolute path.`);
  }
  return name;
}
