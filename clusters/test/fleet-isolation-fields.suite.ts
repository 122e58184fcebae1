import { FleetError, parseFleet } from '../fleet/load-fleet';
import { fleetYaml } from './support/fleet-fixtures';

/** The problems (path and message) the loader reports for the example fleet after `change`. */
function problems(change: Parameters<typeof fleetYaml>[0]): { path: string; message: string }[] {
  try {
    parseFleet(fleetYaml(change), 'fleet.yaml');
    return [];
  } catch (error) {
    if (!(error instanceof FleetError)) throw error;
    return error.problems.map((problem) => ({ path: problem.path.join('.'), message: problem.message }));
  }
}

describe('fleet fields that keep the fleet isolated', () => {
  test('the EKS API endpoint is never opened to the whole internet', () => {
    expect(problems((fleet) => (fleet.clusters.prod1.publicEndpointCidrs = ['0.0.0.0/0']))).toEqual([
      { path: 'clusters.prod1.publicEndpointCidrs.0', message: expect.stringContaining('whole internet') },
    ]);
    expect(problems((fleet) => (fleet.clusters.prod1.publicEndpointCidrs = ['office']))).toEqual([{ path: 'clusters.prod1.publicEndpointCidrs.0', message: expect.stringContaining('IPv4 CIDR') }]);
  });

  test('a cluster needs a NAT gateway: nodes and the private endpoint live in private subnets', () => {
    expect(problems((fleet) => (fleet.clusters.prod2.vpc = { natGateways: 0 }))).toEqual([{ path: 'clusters.prod2.vpc.natGateways', message: expect.stringContaining('at least 1') }]);
  });

  test('the pipeline takes a CodeConnections connection ARN, not a token', () => {
    expect(problems((fleet) => (fleet.pipeline.connectionArn = 'ghp_notaconnection'))).toEqual([{ path: 'pipeline.connectionArn', message: expect.stringContaining('CodeConnections') }]);
    expect(problems((fleet) => Object.assign(fleet.pipeline, { tokenSecretName: 'github-token' }))).toEqual([{ path: 'pipeline.tokenSecretName', message: expect.stringContaining('is not a key of pipeline') }]);
  });

  test('a network exception says why, and names at most one peer', () => {
    const ho11y = (fleet: Parameters<Parameters<typeof fleetYaml>[0] & object>[0]) => Object.values(fleet.teams)[0].apps.ho11y;
    expect(problems((fleet) => (ho11y(fleet).networkExceptions = [{ cidr: '0.0.0.0/0', reason: 'needed' }]))).toEqual([
      { path: expect.stringMatching(/networkExceptions\.0\.reason$/), message: expect.stringContaining('why') },
    ]);
    expect(problems((fleet) => (ho11y(fleet).networkExceptions = [{ cidr: '0.0.0.0/0', namespace: 'kube-system', reason: 'both peers at once here' }])).map((problem) => problem.message)).toEqual([
      expect.stringContaining('at most one'),
    ]);
  });

  test('the code owner is a GitHub team handle', () => {
    expect(problems((fleet) => (fleet.platformTeam = { ...fleet.platformTeam, codeOwner: 'platform-team' }))).toEqual([{ path: 'platformTeam.codeOwner', message: expect.stringContaining('GitHub team handle') }]);
  });
});
