import { FleetInput } from '../clusters/fleet/fleet-schema';

/**
 * `example`: shaped like clusters/fleet.yaml (one AMP cluster, the rest on CloudWatch, every
 * cluster in its own account of one region). `mixed`: a fleet that grew (every other cluster on
 * AMP, four regions, up to five clusters per account, ten teams).
 */
export type FleetShape = 'example' | 'mixed';

export const FLEET_SHAPES: readonly FleetShape[] = ['example', 'mixed'];

/** Regions the mixed shape spreads its clusters over, in turn. */
const MIXED_REGIONS = ['us-west-2', 'us-east-1', 'eu-west-1', 'ap-southeast-2'] as const;
/** Clusters the mixed shape puts in one account (of one region). */
const MIXED_CLUSTERS_PER_ACCOUNT = 5;

export interface SyntheticFleetProps {
  /** Number of workload clusters. */
  readonly clusters: number;
  /** Default: example. */
  readonly shape?: FleetShape;
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
 * A valid fleet of the given size and shape, every team's apps on every cluster. Obviously fake
 * account ids. The mixed shape defaults to 10 teams with one app each.
 */
export function syntheticFleet(props: SyntheticFleetProps): FleetInput {
  const mixed = props.shape === 'mixed';
  const charts = props.charts ?? ['ho11y', 'yelb'];
  const clusterNames = Array.from({ length: props.clusters }, (_, index) => `c${String(index + 1).padStart(4, '0')}`);
  const accounts: FleetInput['accounts'] = { pipeline: { id: accountId(1), region: 'us-west-2' }, monitoring: { id: accountId(2), region: 'us-west-2' } };
  const clusters: FleetInput['clusters'] = {};
  clusterNames.forEach((name, index) => {
    const region = mixed ? MIXED_REGIONS[index % MIXED_REGIONS.length] : 'us-west-2';
    // Mixed: clusters of one region fill its accounts five at a time.
    const accountIndex = mixed ? Math.floor(index / MIXED_REGIONS.length / MIXED_CLUSTERS_PER_ACCOUNT) * MIXED_REGIONS.length + (index % MIXED_REGIONS.length) : index;
    const account = `a-${String(accountIndex + 1).padStart(4, '0')}`;
    accounts[account] = { id: accountId(accountIndex + 10), region };
    const onAmp = mixed ? index % 2 === 0 : index === 0;
    clusters[name] = { account, metrics: { sink: onAmp ? 'amp' : 'cloudwatch' } };
  });
  const teams: FleetInput['teams'] = {};
  for (let team = 1; team <= (props.teams ?? (mixed ? 10 : 3)); team++) {
    const apps: FleetInput['teams'][string]['apps'] = {};
    for (let app = 0; app < (props.appsPerTeam ?? (mixed ? 1 : 2)); app++) {
      const chart = charts[app % charts.length];
      const round = Math.floor(app / charts.length);
      apps[round === 0 ? chart : `${chart}-${round + 1}`] = {
        chart,
        clusters: clusterNames,
        ...(props.images?.[chart] ? { images: { ...props.images[chart] } } : {}),
        // ho11y's outbound HTTPS calls need the same reasoned exception as in the example fleet.
        ...(chart === 'ho11y' ? { networkExceptions: [{ cidr: '0.0.0.0/0', reason: 'ho11y calls public web sites over HTTPS' }] } : {}),
      };
    }
    teams[`team-${String(team).padStart(2, '0')}`] = { namespace: `team-${String(team).padStart(2, '0')}`, apps };
  }
  return {
    repository: { url: 'https://github.com/example-org/multi-account-observability.git', revision: 'main' },
    accounts,
    pipeline: { account: 'pipeline', connectionArn: `arn:aws:codeconnections:us-west-2:${accountId(1)}:connection/00000000-0000-4000-8000-000000000001` },
    amp: { account: clusters[clusterNames[0]].account },
    grafana: { account: 'monitoring', managerCluster: clusterNames[0] },
    clusters,
    // Every account that runs a cluster needs a human principal (the fleet rules refuse a cluster nobody could reach).
    platformTeam: { principals: [...new Set(Object.values(clusters).map((cluster) => accounts[cluster.account].id))].map((id) => `arn:aws:iam::${id}:role/PlatformAdmins`) },
    teams,
  };
}

/**
 * The fleet after a one-line change that reaches every cluster: the first team's first app gets
 * another image (a release bump). Returns the changed copy and the line that changed.
 */
export function withImageBump(fleet: FleetInput): { readonly fleet: FleetInput; readonly line: string } {
  const changed = structuredClone(fleet);
  const [teamName, team] = Object.entries(changed.teams)[0] ?? [];
  const [appName, app] = Object.entries(team?.apps ?? {})[0] ?? [];
  if (!team || !app) throw new Error('The fleet has no team app to bump.');
  const container = app.chart ?? appName;
  const current = app.images?.[container];
  const bumped = !current
    ? `registry.example.com/${container}:2.0.0`
    : current.includes('@sha256:')
      ? current.replace(/@sha256:[0-9a-f]{64}$/, `@sha256:${'1'.repeat(64)}`)
      : current.replace(/:[\w.-]+$/, ':2.0.0');
  app.images = { ...app.images, [container]: bumped };
  return { fleet: changed, line: `teams.${teamName}.apps.${appName}.images.${container}: ${bumped}` };
}
