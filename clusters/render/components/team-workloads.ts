import { App } from 'cdk8s';
import { WorkloadNetworkPolicy } from '../../../charts/network-flows';
import { PLATFORM_NAMESPACES } from '../../../platform/platform-namespaces';
import { SYNC_WAVES } from '../../../platform/sync-waves';
import {
  collectorPodLabels,
  METRICS_COLLECTOR,
  OTLP_GRPC_PORT,
  TRACES_COLLECTOR,
  tracesOtlpGrpcEndpoint,
} from '../../../platform/telemetry/collector-identities';
import { WorkloadDefinition, WorkloadProps } from '../../../workloads/workload-definition';
import { teamApplicationName } from '../../fleet/derived-names';
import { ClusterApp, ClusterContext, ClusterTeam } from '../cluster-context';
import { Leaf } from '../leaf';
import { checkTeamFlows, renderTeamChart, TeamAppIdentity } from './team-scope';

/** What an app chart is told about the cluster it runs on. */
export function workloadProps(context: ClusterContext, team: ClusterTeam, app: ClusterApp): WorkloadProps {
  return {
    namespace: team.namespace,
    appName: app.name,
    exposure: app.spec.exposure,
    images: app.spec.images,
    otlpGrpcEndpoint: tracesOtlpGrpcEndpoint(),
    loadGenerator: context.cluster.loadGenerator.enabled ? { requestsPerSecond: context.cluster.loadGenerator.requestsPerSecond } : undefined,
    scraper: { namespace: PLATFORM_NAMESPACES.collectors, podLabels: collectorPodLabels(METRICS_COLLECTOR) },
    traceReceiver: { namespace: PLATFORM_NAMESPACES.collectors, podLabels: collectorPodLabels(TRACES_COLLECTOR), port: OTLP_GRPC_PORT },
    vpcCidr: context.cluster.vpc.cidr,
  };
}

function definition(context: ClusterContext, app: ClusterApp): WorkloadDefinition {
  const found = context.workloads[app.chart];
  if (!found) {
    throw new Error(`No workload chart "${app.chart}" (known: ${Object.keys(context.workloads).join(', ') || 'none'}); add it to workloads/registry.ts.`);
  }
  return found;
}

function identity(context: ClusterContext, team: ClusterTeam, app: ClusterApp): TeamAppIdentity {
  return { cluster: context.clusterName, team: team.name, app: app.name };
}

/**
 * Flows every app of a team on this cluster declares, for the platform's NetworkPolicies; a flow
 * reaching further than the platform grants needs a reasoned exception in the fleet file.
 */
export function teamNetworkPolicies(context: ClusterContext, team: ClusterTeam): WorkloadNetworkPolicy[] {
  return team.apps.flatMap((app) => {
    const props = workloadProps(context, team, app);
    return checkTeamFlows(definition(context, app).networkPolicies(props), props, app.spec.networkExceptions, identity(context, team, app));
  });
}

/**
 * One leaf per app of each team on the cluster, synced in the team's own project. App charts
 * are rendered apart from the cluster's App (`_app` is the platform's), so they cannot reach
 * another folder.
 */
export function teamWorkloads(_app: App, context: ClusterContext): Leaf[] {
  return context.teams.flatMap((team) =>
    team.apps.map((teamApp) => {
      const name = teamApplicationName(team.name, teamApp.name);
      return {
        path: `workloads/${team.name}/${teamApp.name}`,
        chart: renderTeamChart(definition(context, teamApp), name, workloadProps(context, team, teamApp), identity(context, team, teamApp)),
        sync: { applicationName: name, project: team.name, namespace: team.namespace, wave: SYNC_WAVES.workloads },
      };
    }),
  );
}
