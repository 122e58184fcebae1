import { App } from 'cdk8s';
import { PLATFORM_PROJECT } from '../../../platform/gitops/bootstrap-chart';
import { SYNC_WAVES } from '../../../platform/sync-waves';
import { METRICS_COLLECTOR } from '../../../platform/telemetry/collector-identities';
import { COLLECTOR_IGNORE_DIFFERENCES, CollectorsChart } from '../../../platform/telemetry/collectors-chart';
import { accountOf } from '../../fleet/account-of';
import { ampRemoteWriteRoleArn } from '../../fleet/derived-names';
import { ClusterContext } from '../cluster-context';
import { Leaf } from '../leaf';

/**
 * The leaf `platform/collectors`: the cluster's metrics collector (to its fleet-file sink) and
 * traces collector, synced after the operator that serves their CRD.
 */
export function telemetryCollectors(app: App, context: ClusterContext): Leaf[] {
  const chart = new CollectorsChart(app, 'collectors', {
    site: { clusterName: context.clusterName, region: context.account.region, accountId: context.account.id },
    metricsSink: context.cluster.metrics.sink,
    amp: { region: accountOf(context.fleet, context.fleet.amp.account).region, remoteWriteRoleArn: ampRemoteWriteRoleArn(context.fleet, context.cluster.account) },
    collection: context.cluster.metrics.collection,
    maxNodes: context.cluster.nodeGroup.maxSize,
    tracesReplicas: context.cluster.traces.replicas,
  });
  return [
    {
      path: 'platform/collectors',
      chart,
      sync: {
        project: PLATFORM_PROJECT,
        namespace: METRICS_COLLECTOR.namespace,
        wave: SYNC_WAVES.customResources,
        syncOptions: ['SkipDryRunOnMissingResource=true'],
        ignoreDifferences: COLLECTOR_IGNORE_DIFFERENCES.map((difference) => ({ ...difference, jqPathExpressions: [...difference.jqPathExpressions] })),
      },
    },
  ];
}
