import { stringify } from 'yaml';
import { parseFleet } from '../../fleet/load-fleet';
import { Fleet, FleetInput } from '../../fleet/fleet-schema';

/**
 * Everything in a fleet that differs from one organisation to the next. Tests build their fleets
 * from one of these in code and never read `clusters/fleet.yaml`, so a fork that replaces the
 * example's values keeps a green suite.
 */
export interface FleetIdentity {
  /** Ids of the pipeline, the two workload accounts and the monitoring account. */
  readonly accountIds: { readonly pipeline: string; readonly prod1: string; readonly prod2: string; readonly monitoring: string };
  readonly region: string;
  readonly repositoryUrl: string;
  /** Role names (in each workload account) of the platform team and of team-geordie. */
  readonly platformRole: string;
  readonly teamRole: string;
  /** ho11y publishes no versioned image, so a fleet pins it by digest. */
  readonly ho11yImage: string;
}

/** The identity most tests use: obviously fake values. */
export const TEST_IDENTITY: FleetIdentity = {
  accountIds: { pipeline: '111111111111', prod1: '222222222222', prod2: '333333333333', monitoring: '444444444444' },
  region: 'us-west-2',
  repositoryUrl: 'https://github.com/example-org/multi-account-observability.git',
  platformRole: 'PlatformAdmins',
  teamRole: 'GeordieDevelopers',
  ho11yImage: `public.ecr.aws/mhausenblas/ho11y@sha256:${'0'.repeat(64)}`,
};

/** A second identity sharing no id, region, URL, principal or digest with TEST_IDENTITY. */
export const OTHER_IDENTITY: FleetIdentity = {
  accountIds: { pipeline: '018273645501', prod1: '029384756602', prod2: '030495867703', monitoring: '041506978804' },
  region: 'eu-central-1',
  repositoryUrl: 'https://github.com/another-org/observability-fleet.git',
  platformRole: 'ClusterOperators',
  teamRole: 'GeordieEngineers',
  ho11yImage: `public.ecr.aws/mhausenblas/ho11y@sha256:${'ab'.repeat(32)}`,
};

export interface ExtraCluster {
  /** Id of the new account the cluster gets (the account is named after the cluster). */
  readonly accountId: string;
  /** Default: the identity's region. */
  readonly region?: string;
  /** Default: cloudwatch. */
  readonly metrics?: 'amp' | 'cloudwatch';
}

/**
 * Builds fleet inputs in code, in the shape of the example fleet: prod1 sends metrics to AMP and
 * runs the Grafana resources, prod2 sends them to CloudWatch, team-geordie runs ho11y and yelb on
 * both, the platform team and the team have a role in each workload account.
 */
export class TestFleetBuilder {
  private readonly input: FleetInput;

  public constructor(private readonly identity: FleetIdentity = TEST_IDENTITY) {
    const { accountIds, region } = identity;
    const cluster = (account: string, sink: 'amp' | 'cloudwatch'): FleetInput['clusters'][string] => ({
      account,
      kubernetesVersion: '1.35',
      nodeGroup: { instanceType: 'm5.large', minSize: 1, desiredSize: 2, maxSize: 3 },
      metrics: { sink },
      traces: { sink: 'xray' },
      loadGenerator: { enabled: true, requestsPerSecond: 2 },
      publicEndpointCidrs: ['203.0.113.0/24'],
    });
    this.input = {
      repository: { url: identity.repositoryUrl, revision: 'main' },
      accounts: {
        pipeline: { id: accountIds.pipeline, region },
        prod1: { id: accountIds.prod1, region },
        prod2: { id: accountIds.prod2, region },
        monitoring: { id: accountIds.monitoring, region },
      },
      pipeline: { account: 'pipeline', connectionArn: `arn:aws:codeconnections:${region}:${accountIds.pipeline}:connection/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b`, manualApproval: true },
      amp: { account: 'prod1', alias: 'multi-account-monitoring' },
      grafana: { account: 'monitoring', version: '12.4', authentication: 'AWS_SSO', managerCluster: 'prod1' },
      clusters: { prod1: cluster('prod1', 'amp'), prod2: cluster('prod2', 'cloudwatch') },
      platformTeam: { principals: [this.role(accountIds.prod1, identity.platformRole), this.role(accountIds.prod2, identity.platformRole)] },
      teams: {
        'team-geordie': {
          namespace: 'geordie',
          principals: [this.role(accountIds.prod1, identity.teamRole), this.role(accountIds.prod2, identity.teamRole)],
          apps: {
            ho11y: {
              clusters: ['prod1', 'prod2'],
              exposure: 'none',
              images: { ho11y: identity.ho11yImage },
              networkExceptions: [{ cidr: '0.0.0.0/0', reason: 'two ho11y components call public web sites over HTTPS' }],
            },
            yelb: { clusters: ['prod1', 'prod2'], exposure: 'none' },
          },
        },
      },
      policyExceptions: [],
    } as FleetInput;
  }

  private role(accountId: string, name: string): string {
    return `arn:aws:iam::${accountId}:role/${name}`;
  }

  /** Adds a cluster in an account of its own, with the platform team's and team-geordie's roles there and both apps on it. */
  public withCluster(name: string, cluster: ExtraCluster): this {
    const input = this.input;
    input.accounts[name] = { id: cluster.accountId, region: cluster.region ?? this.identity.region };
    input.clusters[name] = { ...structuredClone(input.clusters.prod2), account: name, metrics: { sink: cluster.metrics ?? 'cloudwatch' } };
    input.platformTeam?.principals?.push(this.role(cluster.accountId, this.identity.platformRole));
    const team = input.teams['team-geordie'];
    team.principals?.push(this.role(cluster.accountId, this.identity.teamRole));
    for (const app of Object.values(team.apps)) app.clusters.push(name);
    return this;
  }

  /** Applies any other change to the input. */
  public with(change: (input: FleetInput) => void): this {
    change(this.input);
    return this;
  }

  /** A copy of the input as built so far. */
  public toInput(): FleetInput {
    return structuredClone(this.input);
  }

  /** The input as the YAML text of a fleet file. */
  public toYaml(): string {
    return stringify(this.input);
  }

  /** The input validated as `npm run synth` validates a fleet file. */
  public build(options: { knownAppCharts?: readonly string[] } = {}): Fleet {
    return parseFleet(this.toYaml(), 'test fleet', options);
  }
}

/** A fleet in the shape of the example, built with `identity` (default TEST_IDENTITY), after `change`. */
export function testFleet(change: (input: FleetInput) => void = () => undefined, identity: FleetIdentity = TEST_IDENTITY): Fleet {
  return new TestFleetBuilder(identity).with(change).build();
}

/**
 * A fleet as a fork would make it: OTHER_IDENTITY (every id, the region, the repository URL, the
 * principals and the image digest differ from TEST_IDENTITY), plus a third cluster in a fifth account.
 */
export function forkFleetBuilder(): TestFleetBuilder {
  return new TestFleetBuilder(OTHER_IDENTITY).withCluster('prod3', { accountId: '052617089905' });
}

/** Every value of an identity a fleet built from it carries: ids, region, URL, principals, digest. */
export function identityValues(identity: FleetIdentity): string[] {
  const ids = Object.values(identity.accountIds);
  return [...ids, identity.region, identity.repositoryUrl, ...ids.flatMap((id) => [`arn:aws:iam::${id}:role/${identity.platformRole}`, `arn:aws:iam::${id}:role/${identity.teamRole}`]), identity.ho11yImage];
}
