import { stringify } from 'yaml';
import { parseFleet } from '../../fleet/load-fleet';
import { Fleet, FleetInput } from '../../fleet/fleet-schema';

/**
 * A fleet of 6 clusters in 5 workload accounts over two regions, built here rather than derived
 * from clusters/fleet.yaml: 3 clusters on AMP (one of them in another region than the workspace,
 * two in accounts other than the AMP account), 3 on CloudWatch, two clusters sharing an account
 * (one on each path), and the Grafana manager on a CloudWatch cluster in the other region.
 */
export function multiAccountFleetInput(): FleetInput {
  const account = (digit: number, region: string) => ({ id: String(digit).repeat(12), region });
  return {
    repository: { url: 'https://github.com/acme/fleet-observability.git', revision: 'main' },
    accounts: {
      tools: account(1, 'us-east-1'),
      observe: account(2, 'us-east-1'),
      core: account(3, 'us-east-1'),
      search: account(4, 'us-east-1'),
      payments: account(5, 'eu-west-1'),
      web: account(6, 'eu-west-1'),
      data: account(7, 'eu-west-1'),
    },
    // The pipeline's source is a CodeConnections connection in the pipeline account.
    pipeline: { account: 'tools', connectionArn: 'arn:aws:codeconnections:us-east-1:111111111111:connection/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b' },
    amp: { account: 'core', alias: 'acme-fleet' },
    grafana: { account: 'observe', managerCluster: 'web-eu' },
    clusters: {
      'core-a': { account: 'core', metrics: { sink: 'amp' } },
      'core-b': { account: 'core', metrics: { sink: 'cloudwatch' }, vpc: { cidr: '10.1.0.0/16' } },
      search: { account: 'search', metrics: { sink: 'amp' } },
      'pay-eu': { account: 'payments', metrics: { sink: 'amp' } },
      'web-eu': { account: 'web', metrics: { sink: 'cloudwatch' } },
      'data-eu': { account: 'data', metrics: { sink: 'cloudwatch' } },
    },
    // Every account that runs a cluster holds a principal of the platform team or of a team
    // (the fleet refuses a cluster nobody can reach): web's is the shop team's, the rest here.
    platformTeam: {
      principals: ['arn:aws:iam::333333333333:role/Ops', 'arn:aws:iam::444444444444:role/Ops', 'arn:aws:iam::555555555555:role/Ops', 'arn:aws:iam::777777777777:role/Ops'],
    },
    teams: {
      shop: {
        namespace: 'shop',
        principals: ['arn:aws:iam::666666666666:role/ShopDevelopers'],
        apps: { storefront: { chart: 'echo', clusters: ['core-a', 'core-b', 'search', 'pay-eu', 'web-eu', 'data-eu'] } },
      },
    },
  };
}

/** The fleet above, validated. */
export function multiAccountFleet(change: (fleet: FleetInput) => void = () => undefined): Fleet {
  const input = multiAccountFleetInput();
  change(input);
  return parseFleet(stringify(input), 'multi-account-fleet.yaml');
}
