import { dataSourceRoleArns, gitHubRepository } from '../lib/fleet-names';
import { fleetFixture } from './synth-fleet';
import { testFleet } from '../../test/support/test-fleet';

describe('gitHubRepository', () => {
  it.each([
    ['https://github.com/example-org/multi-account-observability.git', 'example-org', 'multi-account-observability'],
    ['https://github.com/a.b/c-d', 'a.b', 'c-d'],
  ])('reads owner and name from %s', (url, owner, name) => {
    expect(gitHubRepository(url)).toEqual({ owner, name });
  });

  it('refuses another host and says what to set', () => {
    expect(() => gitHubRepository('https://gitlab.com/acme/repo.git')).toThrow(/set repository.url in clusters\/fleet.yaml to https:\/\/github.com\/<owner>\/<repository>.git/);
  });
});

describe('dataSourceRoleArns', () => {
  it('names the AMP role in the AMP account and the CloudWatch/X-Ray role in each cluster\'s account', () => {
    expect(dataSourceRoleArns(testFleet())).toEqual([
      'arn:aws:iam::222222222222:role/ampPrometheusDataSourceRole',
      'arn:aws:iam::222222222222:role/cloudwatchDataSourceRole',
      'arn:aws:iam::333333333333:role/cloudwatchDataSourceRole',
    ]);
  });

  it('names the AMP role only when a cluster writes to AMP', () => {
    const fleet = fleetFixture(`
repository: { url: "https://github.com/o/r.git" }
accounts:
  p: { id: "000000000001", region: us-east-1 }
  a: { id: "000000000002", region: us-east-1 }
  b: { id: "000000000003", region: us-east-1 }
  m: { id: "000000000004", region: us-east-1 }
pipeline: { account: p }
amp: { account: a }
grafana: { account: m, managerCluster: prod1 }
clusters:
  prod1: { account: a, metrics: { sink: cloudwatch } }
  prod2: { account: b, metrics: { sink: cloudwatch } }
platformTeam: { principals: ["arn:aws:iam::000000000002:role/Admins", "arn:aws:iam::000000000003:role/Admins"] }
teams: {}
`);
    expect(dataSourceRoleArns(fleet)).toEqual(['arn:aws:iam::000000000002:role/cloudwatchDataSourceRole', 'arn:aws:iam::000000000003:role/cloudwatchDataSourceRole']);
  });
});
