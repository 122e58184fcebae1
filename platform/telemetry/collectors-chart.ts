import { Chart, ChartProps } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { OpenTelemetryCollector } from '../../charts/opentelemetry-collector';
import type { MetricsCollection } from '../../clusters/fleet/fleet-schema';
import { ADOT_COLLECTOR_IMAGE, imageReference, TARGET_ALLOCATOR_IMAGE } from './collector-images';
import { CollectorSite } from './collector-common';
import { CollectorIdentity, METRICS_COLLECTOR, targetAllocatorServiceAccount, TRACES_COLLECTOR } from './collector-identities';
import { metricsCollectorRules, TARGET_ALLOCATOR_RULES } from './collector-rbac';
import { metricsCollectorResources, nodesPerShard, remoteWriteWalSizeMiB, TARGET_ALLOCATOR_RESOURCES, TRACES_COLLECTOR_RESOURCES } from './collector-sizing';
import { metricsCollectorConfig, metricsCollectorEnv, MetricsSink, REMOTE_WRITE_WAL } from './metrics-collector';
import { tracesCollectorConfig } from './traces-collector';

export interface CollectorsChartProps extends ChartProps {
  readonly site: CollectorSite;
  readonly metricsSink: MetricsSink;
  /** `single`: one collector scrapes everything; `sharded`: a StatefulSet behind the target allocator. */
  readonly collection: MetricsCollection;
  /** Most nodes the cluster can have (the node group's `maxSize`); sizes the metrics collector. */
  readonly maxNodes: number;
  /** Traces collector pods. */
  readonly tracesReplicas: number;
}

const LABELS = { 'app.kubernetes.io/part-of': 'telemetry', 'app.kubernetes.io/managed-by': 'platform' };

/**
 * The ADOT collectors of one cluster, with their service accounts (named in
 * collector-identities.ts, where the AWS layer binds the IAM roles) and read-only ClusterRoles:
 *
 * - `metrics`: scrapes the cluster (scrape-configs.ts) and writes to AMP or CloudWatch;
 * - `traces`: receives OTLP from the apps and writes to X-Ray. It calls no Kubernetes API, so it
 *   gets no ClusterRole and its service account mounts no API token.
 */
export class CollectorsChart extends Chart {
  public constructor(scope: Construct, id: string, props: CollectorsChartProps) {
    super(scope, id, props);
    const sharded = props.collection.mode === 'sharded';
    const shards = props.collection.mode === 'sharded' ? props.collection.shards : 1;

    const metricsResources = metricsCollectorResources(nodesPerShard(props.maxNodes, shards));
    serviceAccount(this, METRICS_COLLECTOR.serviceAccount, METRICS_COLLECTOR.namespace, true);
    readOnlyClusterRole(this, METRICS_COLLECTOR.serviceAccount, METRICS_COLLECTOR.namespace, metricsCollectorRules(!sharded));
    if (sharded) {
      const allocator = targetAllocatorServiceAccount(METRICS_COLLECTOR);
      serviceAccount(this, allocator, METRICS_COLLECTOR.namespace, true);
      readOnlyClusterRole(this, allocator, METRICS_COLLECTOR.namespace, TARGET_ALLOCATOR_RULES);
    }
    new OpenTelemetryCollector(this, 'Metrics', {
      ...identity(METRICS_COLLECTOR),
      image: imageReference(ADOT_COLLECTOR_IMAGE),
      mode: sharded ? 'statefulset' : 'deployment',
      replicas: shards,
      // A second scraping pod during a rollout would ingest every series twice.
      recreateOnUpdate: !sharded,
      config: metricsCollectorConfig({ site: props.site, sink: props.metricsSink, memoryMiB: metricsResources.memoryMiB }),
      resources: metricsResources,
      env: metricsCollectorEnv(props.metricsSink),
      labels: LABELS,
      scratchVolumes:
        props.metricsSink === 'amp'
          ? [{ name: REMOTE_WRITE_WAL.volumeName, mountPath: REMOTE_WRITE_WAL.mountPath, sizeLimit: `${remoteWriteWalSizeMiB(nodesPerShard(props.maxNodes, shards))}Mi` }]
          : [],
      ...(sharded
        ? {
            targetAllocator: {
              image: imageReference(TARGET_ALLOCATOR_IMAGE),
              serviceAccount: targetAllocatorServiceAccount(METRICS_COLLECTOR),
              resources: TARGET_ALLOCATOR_RESOURCES,
            },
          }
        : {}),
    });

    serviceAccount(this, TRACES_COLLECTOR.serviceAccount, TRACES_COLLECTOR.namespace, false);
    new OpenTelemetryCollector(this, 'Traces', {
      ...identity(TRACES_COLLECTOR),
      image: imageReference(ADOT_COLLECTOR_IMAGE),
      mode: 'deployment',
      replicas: props.tracesReplicas,
      config: tracesCollectorConfig({ site: props.site, memoryMiB: TRACES_COLLECTOR_RESOURCES.memoryMiB }),
      resources: TRACES_COLLECTOR_RESOURCES,
      labels: LABELS,
    });
  }
}

function identity(collector: CollectorIdentity) {
  return { name: collector.name, namespace: collector.namespace, serviceAccount: collector.serviceAccount };
}

/**
 * The AWS layer binds an IAM role to this service account by EKS Pod Identity association, which
 * needs no annotation here (see README.md for the IRSA alternative).
 */
function serviceAccount(scope: Construct, name: string, namespace: string, mountsApiToken: boolean): void {
  new k8s.KubeServiceAccount(scope, `ServiceAccount-${name}`, {
    metadata: { name, namespace, labels: LABELS },
    automountServiceAccountToken: mountsApiToken,
  });
}

/** A ClusterRole named after the service account and bound to it alone. */
function readOnlyClusterRole(scope: Construct, serviceAccountName: string, namespace: string, rules: readonly k8s.PolicyRule[]): void {
  new k8s.KubeClusterRole(scope, `ClusterRole-${serviceAccountName}`, {
    metadata: { name: serviceAccountName, labels: LABELS },
    rules: rules.map((rule) => ({ ...rule })),
  });
  new k8s.KubeClusterRoleBinding(scope, `ClusterRoleBinding-${serviceAccountName}`, {
    metadata: { name: serviceAccountName, labels: LABELS },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: serviceAccountName },
    subjects: [{ kind: 'ServiceAccount', name: serviceAccountName, namespace }],
  });
}

/**
 * Fields of the collector resources the operator's defaulting webhook fills in. Every field it
 * defaults when empty (mode, replicas, upgrade strategy, management state, target allocator
 * replicas) is set explicitly above; what remains is the deprecated telemetry `address`, which
 * operator releases without support for metric `readers` add next to them
 * (open-telemetry/opentelemetry-operator#3730).
 */
export const COLLECTOR_IGNORE_DIFFERENCES = [
  { group: 'opentelemetry.io', kind: 'OpenTelemetryCollector', jqPathExpressions: ['.spec.config.service.telemetry.metrics.address'] },
] as const;
