import { WORKLOADS } from '../../workloads/registry';
import { WorkloadDefinition } from '../../workloads/workload-definition';
import { AccountSpec, ClusterSpec, Fleet } from '../fleet/fleet-schema';

/** What a component knows while it renders one cluster. */
export interface ClusterContext {
  readonly fleet: Fleet;
  /** Key of the cluster in the fleet file; also the EKS cluster name. */
  readonly clusterName: string;
  readonly cluster: ClusterSpec;
  /** The account the cluster lives in. */
  readonly account: AccountSpec;
  /** Teams with at least one app on this cluster, in fleet order, with only those apps. */
  readonly teams: readonly ClusterTeam[];
  /** App charts by name (`workloads/registry.ts` unless a test supplies its own). */
  readonly workloads: Readonly<Record<string, WorkloadDefinition>>;
}

export interface ClusterTeam {
  readonly name: string;
  readonly namespace: string;
  readonly spec: Fleet['teams'][string];
  readonly apps: readonly ClusterApp[];
}

export interface ClusterApp {
  readonly name: string;
  /** Chart class name in workloads/ (the app's `chart`, or its name). */
  readonly chart: string;
  readonly spec: Fleet['teams'][string]['apps'][string];
}

export function clusterContext(fleet: Fleet, clusterName: string, workloads: Readonly<Record<string, WorkloadDefinition>> = WORKLOADS): ClusterContext {
  const cluster = fleet.clusters[clusterName];
  if (!cluster) {
    throw new Error(`No cluster "${clusterName}" in the fleet file (known: ${Object.keys(fleet.clusters).join(', ')}).`);
  }
  const teams = Object.entries(fleet.teams)
    .map(([name, spec]) => ({
      name,
      namespace: spec.namespace,
      spec,
      apps: Object.entries(spec.apps)
        .filter(([, app]) => app.clusters.includes(clusterName))
        .map(([appName, app]) => ({ name: appName, chart: app.chart ?? appName, spec: app })),
    }))
    .filter((team) => team.apps.length > 0);
  return { fleet, clusterName, cluster, account: fleet.accounts[cluster.account], teams, workloads };
}
