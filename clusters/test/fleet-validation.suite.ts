import { FleetError, parseFleet } from '../fleet/load-fleet';
import { fleetYaml, fleetYamlWithValue } from './support/fleet-fixtures';
import { multiAccountFleet } from './support/multi-account-fleet';

/** The problems reported for `text`, or a failure if it loads. */
function problemsOf(text: string, knownAppCharts?: readonly string[]): FleetError['problems'] {
  try {
    parseFleet(text, 'fleet.yaml', { knownAppCharts });
  } catch (error) {
    if (error instanceof FleetError) return error.problems;
    throw error;
  }
  throw new Error('the fleet loaded, but a problem was expected');
}

function expectProblem(text: string, path: string, value: unknown, message: RegExp): void {
  const problems = problemsOf(text);
  const match = problems.find((problem) => problem.path.join('.') === path);
  expect(match).toBeDefined();
  expect(match?.value).toEqual(value);
  expect(match?.message).toMatch(message);
}

describe('the test fleet', () => {
  test('loads with its defaults applied', () => {
    const fleet = parseFleet(fleetYaml(), 'fleet.yaml');
    expect(Object.keys(fleet.clusters)).toEqual(['prod1', 'prod2']);
    expect(fleet.clusters.prod1.vpc.natGateways).toBe(1);
    expect(fleet.teams['team-geordie'].apps.ho11y.exposure).toBe('none');
  });
});

describe('a fleet that grows', () => {
  test('takes AMP clusters in any account, several clusters per account and a Grafana manager on CloudWatch', () => {
    const fleet = multiAccountFleet();
    const onAmp = Object.values(fleet.clusters).filter((cluster) => cluster.metrics.sink === 'amp');
    expect(onAmp.map((cluster) => cluster.account).sort()).toEqual(['core', 'payments', 'search']);
    expect(Object.values(fleet.clusters).filter((cluster) => cluster.account === 'core')).toHaveLength(2);
    expect(fleet.clusters[fleet.grafana.managerCluster].metrics.sink).toBe('cloudwatch');
    expect(new Set(Object.values(fleet.clusters).map((cluster) => fleet.accounts[cluster.account].region))).toEqual(new Set(['us-east-1', 'eu-west-1']));
  });

  test('takes a second AMP cluster in the AMP account and one in another account', () => {
    const fleet = parseFleet(
      fleetYaml((input) => {
        input.clusters.prod3 = { account: 'prod1', metrics: { sink: 'amp' }, vpc: { cidr: '10.1.0.0/16' } };
        input.clusters.prod2.metrics = { sink: 'amp' };
      }),
      'fleet.yaml',
    );
    expect(Object.entries(fleet.clusters).filter(([, cluster]) => cluster.metrics.sink === 'amp').map(([name]) => name)).toEqual(['prod1', 'prod2', 'prod3']);
  });
});

describe('bad fleet input is refused with path and value', () => {
  test('unknown keys', () => {
    expectProblem(fleetYamlWithValue(['clusters', 'prod1', 'nodegroup'], { minSize: 1 }), 'clusters.prod1.nodegroup', { minSize: 1 }, /^is not a key of clusters\.prod1; did you mean "nodeGroup"\?/);
  });

  test('an account id given as a YAML number', () => {
    expectProblem(fleetYamlWithValue(['accounts', 'prod1', 'id'], 12345678901), 'accounts.prod1.id', 12345678901, /quoted string of 12 digits/);
  });

  test('an account id that is not 12 digits', () => {
    expectProblem(fleetYamlWithValue(['accounts', 'prod1', 'id'], '1234'), 'accounts.prod1.id', '1234', /exactly 12 digits/);
  });

  test('an unknown region', () => {
    expectProblem(fleetYamlWithValue(['accounts', 'prod2', 'region'], 'us-west-9'), 'accounts.prod2.region', 'us-west-9', /not an AWS region/);
  });

  test('a cluster name that is not a DNS-1123 label', () => {
    const text = fleetYaml((fleet) => {
      fleet.clusters.Prod_3 = { ...fleet.clusters.prod2 };
    });
    expectProblem(text, 'clusters.Prod_3', 'Prod_3', /DNS-1123 label/);
  });

  test('a team namespace that is not a DNS-1123 label', () => {
    expectProblem(fleetYamlWithValue(['teams', 'team-geordie', 'namespace'], 'Geordie'), 'teams.team-geordie.namespace', 'Geordie', /DNS-1123 label/);
  });

  test.each(['kube-system', 'kube-anything', 'default', 'argocd', 'observability', 'cert-manager', 'grafana-operator'])('the reserved namespace %s', (namespace) => {
    expectProblem(fleetYamlWithValue(['teams', 'team-geordie', 'namespace'], namespace), 'teams.team-geordie.namespace', namespace, /reserved/);
  });

  test('a namespace claimed by two teams', () => {
    const text = fleetYaml((fleet) => {
      fleet.teams['team-riker'] = { namespace: 'geordie', apps: {} };
    });
    expectProblem(text, 'teams.team-riker.namespace', 'geordie', /already the namespace of team "team-geordie"/);
  });

  test('an app on a cluster that does not exist', () => {
    const text = fleetYaml((fleet) => {
      fleet.teams['team-geordie'].apps.ho11y.clusters = ['prod1', 'prod3'];
    });
    expectProblem(text, 'teams.team-geordie.apps.ho11y.clusters.1', 'prod3', /names no cluster/);
  });

  test('an app whose chart does not exist', () => {
    const problems = problemsOf(fleetYaml(), ['ho11y']);
    expect(problems.map((problem) => [problem.path.join('.'), problem.value])).toEqual([['teams.team-geordie.apps.yelb', 'yelb']]);
  });

  test('a cluster name that makes a derived IAM role name too long', () => {
    const longName = `c${'x'.repeat(45)}`;
    const text = fleetYaml((fleet) => {
      fleet.clusters[longName] = { ...fleet.clusters.prod2, account: 'prod3' };
      fleet.accounts.prod3 = { id: '555555555555', region: 'us-west-2' };
      fleet.platformTeam?.principals?.push('arn:aws:iam::555555555555:role/PlatformAdmins');
    });
    expectProblem(text, `clusters.${longName}`, longName, /IAM role name .* \(limit 64\)/);
  });

  test('an app name that makes the Application name too long', () => {
    const longApp = `a${'p'.repeat(55)}`;
    const text = fleetYaml((fleet) => {
      fleet.teams['team-geordie'].apps[longApp] = { clusters: ['prod1'] };
    });
    expectProblem(text, `teams.team-geordie.apps.${longApp}`, longApp, /Application name .* \(limit 63\)/);
  });

  test('two accounts with the same id', () => {
    expectProblem(fleetYamlWithValue(['accounts', 'prod2', 'id'], '222222222222'), 'accounts.prod2.id', '222222222222', /also the id of account "prod1"/);
  });

  test('a cluster referring to an undefined account', () => {
    expectProblem(fleetYamlWithValue(['clusters', 'prod2', 'account'], 'prod9'), 'clusters.prod2.account', 'prod9', /names no account/);
  });

  test('an AMP remote-write role name over the IAM limit', () => {
    const longAccount = `a${'b'.repeat(50)}`;
    const text = fleetYaml((fleet) => {
      fleet.accounts[longAccount] = { id: '555555555555', region: 'us-west-2' };
      fleet.clusters.prod2.account = longAccount;
      fleet.clusters.prod2.metrics = { sink: 'amp' };
    });
    expectProblem(text, 'clusters.prod2.account', longAccount, /AMP remote-write role name "amp-remote-write-a?b+" 68 characters long \(limit 64\)/);
  });

  test('a Grafana manager cluster that does not exist', () => {
    expectProblem(fleetYamlWithValue(['grafana', 'managerCluster'], 'prod9'), 'grafana.managerCluster', 'prod9', /names no cluster/);
  });

  test('a floating image override', () => {
    const text = fleetYaml((fleet) => {
      fleet.teams['team-geordie'].apps.yelb.images = { 'redis-server': 'redis:latest' };
    });
    expectProblem(text, 'teams.team-geordie.apps.yelb.images.redis-server', 'redis:latest', /latest/);
  });

  test('a cluster whose account holds no principal of the fleet (nobody could reach it)', () => {
    const text = fleetYaml((fleet) => {
      fleet.accounts.prod3 = { id: '555555555555', region: 'us-west-2' };
      fleet.clusters.prod3 = { ...fleet.clusters.prod2, account: 'prod3' };
    });
    expectProblem(text, 'clusters.prod3.account', 'prod3', /cluster "prod3" no human access: .* account 555555555555; add one, e\.g\. "arn:aws:iam::555555555555:role\/PlatformAdmins" to platformTeam\.principals/);
    const withTeamRole = fleetYaml((fleet) => {
      fleet.accounts.prod3 = { id: '555555555555', region: 'us-west-2' };
      fleet.clusters.prod3 = { ...fleet.clusters.prod2, account: 'prod3' };
      fleet.teams['team-geordie'].principals?.push('arn:aws:iam::555555555555:role/GeordieDevelopers');
    });
    expect(() => parseFleet(withTeamRole, 'fleet.yaml')).not.toThrow();
  });

  test('availability zones outside the cluster\'s region, repeated, or left to guess where the region cannot name them', () => {
    expectProblem(fleetYamlWithValue(['clusters', 'prod1', 'vpc'], { availabilityZones: ['us-west-2a', 'eu-west-1b'] }), 'clusters.prod1.vpc.availabilityZones.1', 'eu-west-1b', /not in the region of account "prod1" \(us-west-2\)/);
    expectProblem(fleetYamlWithValue(['clusters', 'prod1', 'vpc'], { availabilityZones: ['us-west-2a', 'us-west-2a'] }), 'clusters.prod1.vpc.availabilityZones', ['us-west-2a', 'us-west-2a'], /twice/);
    expectProblem(fleetYamlWithValue(['accounts', 'prod2', 'region'], 'us-west-1'), 'clusters.prod2.vpc', undefined, /needs availabilityZones: accounts in us-west-1 see different zones/);
    const named = parseFleet(fleetYamlWithValue(['clusters', 'prod1', 'vpc'], { availabilityZones: ['us-west-2b', 'us-west-2d'] }), 'fleet.yaml');
    expect(named.clusters.prod1.vpc.availabilityZones).toEqual(['us-west-2b', 'us-west-2d']);
  });

  test('a YAML syntax error points at its line', () => {
    const problems = problemsOf('repository:\n  url: [unclosed\n');
    expect(problems[0].message).toMatch(/^YAML:/);
    expect(problems[0].line).toBeGreaterThan(0);
  });
});

describe('every problem is reported at once', () => {
  test('schema problems in different parts of the file come together, each with its line', () => {
    const text = fleetYaml((fleet) => {
      Object.assign(fleet.accounts.prod1, { id: 12345678901 });
      Object.assign(fleet.accounts.prod2, { region: 'mars-1' });
      Object.assign(fleet.clusters.prod1, { extra: true });
    });
    const problems = problemsOf(text);
    expect(problems.map((problem) => problem.path.join('.')).sort()).toEqual(['accounts.prod1.id', 'accounts.prod2.region', 'clusters.prod1.extra']);
    for (const problem of problems) expect(problem.line).toBeGreaterThan(0);
  });

  test('cross-field problems come together', () => {
    const text = fleetYaml((fleet) => {
      fleet.teams['team-geordie'].namespace = 'argocd';
      fleet.teams['team-geordie'].apps.yelb.clusters = ['nowhere'];
      fleet.grafana.managerCluster = 'nowhere';
    });
    expect(problemsOf(text).map((problem) => problem.path.join('.')).sort()).toEqual([
      'grafana.managerCluster',
      'teams.team-geordie.apps.yelb.clusters.0',
      'teams.team-geordie.namespace',
    ]);
  });

  test('the message lists file, line, path, value and advice for each problem', () => {
    expect(() => parseFleet(fleetYamlWithValue(['accounts', 'prod1', 'id'], 12345678901), 'clusters/fleet.yaml')).toThrow(
      /clusters\/fleet\.yaml:\d+:\d+ {2}accounts\.prod1\.id = 12345678901: must be a quoted string/,
    );
  });
});
