import { Construct } from 'constructs';
import { goMemLimit, memoryLimiterFor } from './collector-memory-limiter';
import {
  OpenTelemetryCollector as OpenTelemetryCollectorResource,
  OpenTelemetryCollectorSpecEnv,
  OpenTelemetryCollectorSpecManagementState,
  OpenTelemetryCollectorSpecMode,
  OpenTelemetryCollectorSpecResourcesLimits,
  OpenTelemetryCollectorSpecResourcesRequests,
  OpenTelemetryCollectorSpecTargetAllocatorAllocationStrategy,
  OpenTelemetryCollectorSpecTargetAllocatorFilterStrategy,
  OpenTelemetryCollectorSpecTargetAllocatorResourcesLimits,
  OpenTelemetryCollectorSpecTargetAllocatorResourcesRequests,
  OpenTelemetryCollectorSpecUpgradeStrategy,
  OpenTelemetryCollectorSpecVolumesEmptyDirSizeLimit,
} from './imports/opentelemetry-collector-opentelemetry.io';
import { CollectorConfig, collectorConfigProblems, componentType, MemoryLimiterProcessorConfig } from './opentelemetry-collector-config';

/** CPU in millicores and memory in MiB; memory is requested at its limit so the pod is never overcommitted. */
export interface ContainerResources {
  readonly cpuRequestMillis: number;
  readonly cpuLimitMillis: number;
  readonly memoryMiB: number;
}

export interface TargetAllocatorProps {
  /** Pinned target allocator image; its version should match the operator's. */
  readonly image: string;
  /** Service account with read access to the discovery APIs (nodes, pods, services, endpointslices). */
  readonly serviceAccount: string;
  readonly resources: ContainerResources;
  /** Default: 10001. */
  readonly runAsUser?: number;
}

export interface OpenTelemetryCollectorProps {
  /** `metadata.name`; the operator names the pods' Service `<name>-collector`. */
  readonly name: string;
  readonly namespace: string;
  /** An existing service account the pods run as (the operator does not create it). */
  readonly serviceAccount: string;
  /** Collector image, pinned by tag or digest. */
  readonly image: string;
  /** `deployment` for a fixed number of interchangeable pods, `statefulset` for target-allocator shards. */
  readonly mode: 'deployment' | 'statefulset';
  readonly replicas: number;
  /** Checked by `collectorConfigProblems`; every `memory_limiter` must follow `memoryLimiterFor(resources.memoryMiB)`. */
  readonly config: CollectorConfig;
  readonly resources: ContainerResources;
  /** Extra environment variables (`GOMEMLIMIT` is added from the memory limit). Default: none. */
  readonly env?: readonly OpenTelemetryCollectorSpecEnv[];
  /** UID the container runs as; the AWS distro image is FROM scratch and sets no USER. Default: 10001. */
  readonly runAsUser?: number;
  /**
   * Replace pods instead of rolling them (deployment mode). A collector that scrapes must not run
   * twice during a rollout, or every series is ingested twice. Default: false.
   */
  readonly recreateOnUpdate?: boolean;
  /** Split Prometheus targets between the pods with the operator's target allocator. Default: none. */
  readonly targetAllocator?: TargetAllocatorProps;
  /** Labels of the custom resource. Default: none. */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Writable scratch volumes (emptyDir, kept across container restarts, gone with the pod), e.g.
   * for a write-ahead log; the root filesystem stays read-only. Default: none.
   */
  readonly scratchVolumes?: readonly ScratchVolume[];
}

export interface ScratchVolume {
  readonly name: string;
  readonly mountPath: string;
  /** Most the volume may hold (the kubelet evicts the pod beyond it), e.g. `1536Mi`. */
  readonly sizeLimit: string;
}

/** Default UID for images that set none; any non-zero UID satisfies Pod Security `restricted`. */
export const DEFAULT_RUN_AS_USER = 10001;

const PINNED_IMAGE = /^[a-z0-9][\w./-]*(:[\w][\w.-]{0,127})?(@sha256:[a-f0-9]{64})?$/;

/**
 * An OpenTelemetryCollector (`opentelemetry.io/v1beta1`) with the policy every collector of this
 * repository follows: a validated, typed configuration; a health_check extension the operator turns
 * into liveness and readiness probes; requests and limits with `memory_limiter` and `GOMEMLIMIT`
 * derived from the memory limit; a non-root, read-only, capability-free container; no Prometheus
 * scrape annotations on the pods (the metrics collector scrapes collectors through a job of its
 * own, and annotations would make the annotation-driven job scrape them a second time).
 */
export class OpenTelemetryCollector extends Construct {
  public readonly name: string;

  public constructor(scope: Construct, id: string, props: OpenTelemetryCollectorProps) {
    super(scope, id);
    checkProps(props);
    this.name = props.name;
    const runAsUser = props.runAsUser ?? DEFAULT_RUN_AS_USER;

    new OpenTelemetryCollectorResource(this, 'Resource', {
      metadata: {
        name: props.name,
        namespace: props.namespace,
        labels: { ...props.labels },
        // The CRD arrives with the operator, in an earlier wave; a dry run before it exists would fail.
        annotations: { 'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true' },
      },
      spec: {
        mode: props.mode === 'deployment' ? OpenTelemetryCollectorSpecMode.DEPLOYMENT : OpenTelemetryCollectorSpecMode.STATEFULSET,
        replicas: props.replicas,
        // Set explicitly so the operator's defaulting webhook has nothing to add.
        managementState: OpenTelemetryCollectorSpecManagementState.MANAGED,
        // Git is the source of truth: the operator must not rewrite this resource when it is upgraded.
        upgradeStrategy: OpenTelemetryCollectorSpecUpgradeStrategy.NONE,
        image: props.image,
        imagePullPolicy: 'IfNotPresent',
        serviceAccount: props.serviceAccount,
        config: specConfig(props.config),
        env: [{ name: 'GOMEMLIMIT', value: goMemLimit(props.resources.memoryMiB) }, ...(props.env ?? [])],
        resources: {
          requests: {
            cpu: OpenTelemetryCollectorSpecResourcesRequests.fromString(`${props.resources.cpuRequestMillis}m`),
            memory: OpenTelemetryCollectorSpecResourcesRequests.fromString(`${props.resources.memoryMiB}Mi`),
          },
          limits: {
            cpu: OpenTelemetryCollectorSpecResourcesLimits.fromString(`${props.resources.cpuLimitMillis}m`),
            memory: OpenTelemetryCollectorSpecResourcesLimits.fromString(`${props.resources.memoryMiB}Mi`),
          },
        },
        podSecurityContext: {
          runAsNonRoot: true,
          runAsUser,
          runAsGroup: runAsUser,
          seccompProfile: { type: 'RuntimeDefault' },
        },
        securityContext: {
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
          readOnlyRootFilesystem: true,
          runAsNonRoot: true,
          runAsUser,
          runAsGroup: runAsUser,
          seccompProfile: { type: 'RuntimeDefault' },
        },
        // The operator builds the probes from the health_check extension; these are their timings.
        livenessProbe: { initialDelaySeconds: 15, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
        readinessProbe: { initialDelaySeconds: 5, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
        observability: { metrics: { enableMetrics: false, disablePrometheusAnnotations: true } },
        terminationGracePeriodSeconds: 30,
        ...(props.scratchVolumes && props.scratchVolumes.length > 0
          ? {
              volumes: props.scratchVolumes.map((volume) => ({ name: volume.name, emptyDir: { sizeLimit: OpenTelemetryCollectorSpecVolumesEmptyDirSizeLimit.fromString(volume.sizeLimit) } })),
              volumeMounts: props.scratchVolumes.map((volume) => ({ name: volume.name, mountPath: volume.mountPath })),
            }
          : {}),
        ...(props.mode === 'deployment' && props.recreateOnUpdate ? { deploymentUpdateStrategy: { type: 'Recreate' } } : {}),
        ...(props.targetAllocator ? { targetAllocator: targetAllocatorSpec(props.targetAllocator) } : {}),
      },
    });
  }
}

/** The binding's config type has mutable arrays; the object is the same. */
function specConfig(config: CollectorConfig) {
  const pipelines = Object.fromEntries(
    Object.entries(config.service.pipelines).map(([id, pipeline]) => [
      id,
      { receivers: [...(pipeline?.receivers ?? [])], processors: [...(pipeline?.processors ?? [])], exporters: [...(pipeline?.exporters ?? [])] },
    ]),
  );
  return { ...config, service: { ...config.service, extensions: [...config.service.extensions], pipelines } };
}

function targetAllocatorSpec(props: TargetAllocatorProps) {
  const runAsUser = props.runAsUser ?? DEFAULT_RUN_AS_USER;
  return {
    enabled: true,
    image: props.image,
    replicas: 1,
    // Consistent hashing moves only the targets of a pod that joins or leaves.
    allocationStrategy: OpenTelemetryCollectorSpecTargetAllocatorAllocationStrategy.CONSISTENT_HYPHEN_HASHING,
    // Targets the relabel rules would drop are never handed out.
    filterStrategy: OpenTelemetryCollectorSpecTargetAllocatorFilterStrategy.RELABEL_HYPHEN_CONFIG,
    serviceAccount: props.serviceAccount,
    prometheusCr: { enabled: false },
    resources: {
      requests: {
        cpu: OpenTelemetryCollectorSpecTargetAllocatorResourcesRequests.fromString(`${props.resources.cpuRequestMillis}m`),
        memory: OpenTelemetryCollectorSpecTargetAllocatorResourcesRequests.fromString(`${props.resources.memoryMiB}Mi`),
      },
      limits: {
        cpu: OpenTelemetryCollectorSpecTargetAllocatorResourcesLimits.fromString(`${props.resources.cpuLimitMillis}m`),
        memory: OpenTelemetryCollectorSpecTargetAllocatorResourcesLimits.fromString(`${props.resources.memoryMiB}Mi`),
      },
    },
    podSecurityContext: { runAsNonRoot: true, runAsUser, runAsGroup: runAsUser, seccompProfile: { type: 'RuntimeDefault' } },
    securityContext: {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      runAsUser,
      runAsGroup: runAsUser,
      seccompProfile: { type: 'RuntimeDefault' },
    },
  };
}

function checkProps(props: OpenTelemetryCollectorProps): void {
  const where = `OpenTelemetryCollector "${props.namespace}/${props.name}"`;
  for (const image of [props.image, ...(props.targetAllocator ? [props.targetAllocator.image] : [])]) {
    const tag = image.split('/').pop() ?? '';
    if (!PINNED_IMAGE.test(image) || !(/@sha256:/.test(image) || /:[\w][\w.-]*$/.test(tag)) || /:latest$/.test(image)) {
      throw new Error(`${where}: image "${image}" is not pinned; use an exact tag (not latest) or a digest.`);
    }
  }
  if (!Number.isInteger(props.replicas) || props.replicas < 1) {
    throw new Error(`${where}: replicas must be a positive integer (got ${props.replicas}).`);
  }
  if (props.targetAllocator && props.mode !== 'statefulset') {
    throw new Error(`${where}: the target allocator needs mode statefulset (stable pod names are how targets are assigned).`);
  }
  const { cpuRequestMillis, cpuLimitMillis } = props.resources;
  if (cpuRequestMillis <= 0 || cpuLimitMillis < cpuRequestMillis) {
    throw new Error(`${where}: CPU limit ${cpuLimitMillis}m must be at least the request ${cpuRequestMillis}m, which must be positive.`);
  }
  const problems = collectorConfigProblems(props.config);
  if (!Object.keys(props.config.extensions).some((extension) => componentType(extension) === 'health_check')
    || !props.config.service.extensions.some((extension) => componentType(extension) === 'health_check')) {
    problems.push('no health_check extension is enabled, so the operator cannot give the pods liveness and readiness probes');
  }
  const expected = memoryLimiterFor(props.resources.memoryMiB);
  for (const [processorId, processor] of Object.entries(props.config.processors)) {
    if (componentType(processorId) !== 'memory_limiter') continue;
    const limiter = processor as MemoryLimiterProcessorConfig;
    if (limiter.limit_mib !== expected.limit_mib || limiter.spike_limit_mib !== expected.spike_limit_mib) {
      problems.push(
        `processor ${processorId} limits at ${limiter.limit_mib}/${limiter.spike_limit_mib} MiB but a ${props.resources.memoryMiB} MiB container needs memoryLimiterFor(${props.resources.memoryMiB}) = ${expected.limit_mib}/${expected.spike_limit_mib} MiB`,
      );
    }
  }
  if (problems.length > 0) {
    throw new Error(`${where} has an invalid configuration:\n  ${problems.join('\n  ')}`);
  }
}
