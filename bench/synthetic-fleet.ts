import { FleetInput } from '../clusters/fleet/fleet-schema';

export interface SyntheticFleetProps {
  /** Number of workload clusters, each in its own account. */
  readonly clusters: number;
  /** Teams, each with a namespace and apps on every cluster. Default: 3. */
  readonly teams?: number;
  /** Apps per team, drawn in turn from `charts`. Default: 2. */
  readonly appsPerTeam?: number;
  /** App charts to use (names in the workloads registry). Default: ho11y and yelb. */
  readonly charts?: readonly string[];
  /** Image pins by chart, for charts that have no default to pin (ho11y). Default: none. */
  readonly images?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

function accountId(index: number): string {
  return `5${String(index).padStart(11, '0')}`;
}

/**
 * A valid fleet of the given size, shaped like the example: one AMP cluster, the rest on
 * CloudWatch, every team's apps on every cluster. Obviously fake account ids.
 */
export function syntheticFleet(props: SyntheticFleetProps): FleetInput {
  const charts = props.charts ?? ['ho11y', 'yelb'];
  const clusterNames = Array.from({ length: props.clusters }, (_, index) => `c${String(index + 1).padStart(4, '0')}`);
  const accounts: FleetInput['accounts'] = { pipeline: { id: accountId(1), region: 'us-west-2' }, monitoring: { id: accountId(2), region: 'us-west-2' } };
  const clusters: FleetInput['clusters'] = {};
  clusterNames.forEach((name, index) => {
    accounts[`a-${name}`] = { id: accountId(index + 10), region: 'us-west-2' };
    clusters[name] = { account: `a-${name}`, metrics: { sink: index === 0 ? 'amp' : 'cloudwatch' } };
  });
  const teams: FleetInput['teams'] = {};
  for (let team = 1; team <= (props.teams ?? 3); team++) {
    const apps: FleetInput['teams'][string]['apps'] = {};
    for (let app = 0; app < (props.appsPerTeam ?? 2); app++) {
      const chart = charts[app % charts.length];
      const round = Math.floor(app / charts.length);
      apps[round === 0 ? chart : `${chart}-${round + 1}`] = { chart, clusters: clusterNames, ...(props.images?.[chart] ? { images: { ...props.images[chart] } } : {}) };
    }
    teams[`team-${String(team).padStart(2, '0')}`] = { namespace: `team-${String(team).padStart(2, '0')}`, apps };
  }
  return {
    repository: { url: 'https://github.com/example-org/multi-account-observability.git', revision: 'main' },
    accounts,
    pipeline: { account: 'pipeline' },
    amp: { account: `a-${clusterNames[0]}` },
    grafana: { account: 'monitoring', managerCluster: clusterNames[0] },
    clusters,
    teams,
  };
}
