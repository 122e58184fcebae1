import { FleetError, LocatedProblem, parseFleet } from '../fleet/load-fleet';
import { GRAFANA_VERSIONS, KUBERNETES_VERSIONS } from '../fleet/fleet-schema';

const oneOf = (values: readonly string[]) => values.map((value) => JSON.stringify(value)).join(', ');

/**
 * What the fleet loader tells a user about each kind of mistake: where (line and column), the
 * path and value, and how to fix it. The fleet text is written here, line by line, so every
 * location can be asserted; the fleet itself is small, with obviously fake account ids.
 */

interface Lines {
  readonly ho11y: string;
  readonly yelb: string;
  readonly kubernetesVersion: string;
  readonly grafanaVersion: string;
  readonly managerCluster: string;
  readonly vpc: string;
  readonly extraTeam: string;
}

const DEFAULTS: Lines = {
  ho11y: '      ho11y: { clusters: [east], images: { ho11y: "registry.example.com/ho11y:1.0.0" } }',
  yelb: '      yelb: { clusters: [east, west] }',
  kubernetesVersion: '    kubernetesVersion: "1.35"',
  grafanaVersion: '  version: "10.4"',
  managerCluster: '  managerCluster: east',
  vpc: '    vpc: { cidr: 10.1.0.0/16 }',
  extraTeam: '',
};

/** A small valid fleet; each field of `change` replaces one line. */
function fleetText(change: Partial<Lines> = {}): string[] {
  const line = { ...DEFAULTS, ...change };
  return [
    'repository: { url: https://github.com/example-org/fleet.git }',
    'accounts:',
    '  tools: { id: "100000000001", region: eu-west-1 }',
    '  east: { id: "100000000002", region: eu-west-1 }',
    '  west: { id: "100000000003", region: eu-west-1 }',
    '  watch: { id: "100000000004", region: eu-west-1 }',
    'pipeline: { account: tools }',
    'amp: { account: east }',
    'grafana:',
    '  account: watch',
    line.grafanaVersion,
    line.managerCluster,
    'clusters:',
    '  east:',
    '    account: east',
    line.kubernetesVersion,
    line.vpc,
    '    metrics: { sink: amp }',
    '  west:',
    '    account: west',
    '    metrics: { sink: cloudwatch }',
    // Every account that runs a cluster holds a human principal (the fleet refuses a cluster nobody can reach).
    'platformTeam:',
    '  principals: ["arn:aws:iam::100000000002:role/PlatformAdmins", "arn:aws:iam::100000000003:role/PlatformAdmins"]',
    'teams:',
    '  team-a:',
    '    namespace: team-a',
    '    apps:',
    line.ho11y,
    line.yelb,
    line.extraTeam,
  ].flatMap((entry) => (entry === '' ? [] : entry.split('\n')));
}

function problemsOf(lines: readonly string[]): readonly LocatedProblem[] {
  try {
    parseFleet(lines.join('\n') + '\n', 'fleet.yaml');
  } catch (error) {
    if (error instanceof FleetError) return error.problems;
    throw error;
  }
  throw new Error('the fleet loaded, but a problem was expected');
}

/** 1-based number of the line that is exactly `text`. */
function lineExactly(lines: readonly string[], text: string): number {
  return lines.indexOf(text) + 1;
}

/** 1-based number of the line that starts with `start` (after its indentation). */
function lineOf(lines: readonly string[], start: string): number {
  const index = lines.findIndex((line) => line.trimStart().startsWith(start));
  if (index < 0) throw new Error(`no line starts with ${start}`);
  return index + 1;
}

function problemAt(problems: readonly LocatedProblem[], path: string): LocatedProblem {
  const problem = problems.find((candidate) => candidate.path.join('.') === path);
  if (!problem) throw new Error(`no problem at ${path}; got ${problems.map((candidate) => candidate.path.join('.')).join(', ')}`);
  return problem;
}

test('the small fleet is valid', () => {
  expect(() => parseFleet(fleetText().join('\n'), 'fleet.yaml')).not.toThrow();
});

describe('indentation', () => {
  test('an app indented under the previous app is named as the misplaced key, with the column of its siblings', () => {
    const lines = fleetText({ ho11y: '      ho11y:\n        clusters: [east]', yelb: '        yelb: { clusters: [east, west] }' });
    const problem = problemAt(problemsOf(lines), 'teams.team-a.apps.ho11y.yelb');
    expect({ line: problem.line, column: problem.column }).toEqual({ line: lineOf(lines, 'yelb:'), column: 9 });
    expect(problem.message).toBe(
      `is not a key of teams.team-a.apps.ho11y (known: chart, clusters, exposure, images, networkExceptions); if "yelb" is another entry of teams.team-a.apps, it is indented too far: start it at column 7, like "ho11y" (line ${lineOf(lines, 'ho11y:')})`,
    );
    expect(problem.message).not.toMatch(/spelling/);
  });

  test('a key indented under a sibling it does not belong to is told which parent it belongs to', () => {
    const nested = fleetText({ vpc: '    vpc:\n      cidr: 10.1.0.0/16\n      metrics: { sink: amp }' }).filter((line) => line !== '    metrics: { sink: amp }');
    const problems = problemsOf(nested);
    const problem = problemAt(problems, 'clusters.east.vpc.metrics');
    expect({ line: problem.line, column: problem.column }).toEqual({ line: lineOf(nested, 'metrics: { sink: amp }'), column: 7 });
    expect(problem.message).toContain('is not a key of clusters.east.vpc (known: cidr, natGateways, maxAzs, availabilityZones) but of clusters.east: it is indented too far');
    expect(problem.message).toContain(`start it at column 5, like "vpc" (line ${lineOf(nested, 'vpc:')})`);
  });

  test('a key at a column none of its neighbours use: which key, where its neighbours start, how to fix', () => {
    const lines = fleetText({ yelb: '       yelb: { clusters: [east, west] }' });
    const [problem] = problemsOf(lines);
    expect(problem.path).toEqual(['teams', 'team-a', 'apps', 'yelb']);
    expect(problem.line).toBe(lineOf(lines, 'yelb:'));
    expect(problem.message).toBe(`YAML indentation: "yelb" starts at column 8, where none of the keys around it start: "ho11y" (line ${lineOf(lines, 'ho11y:')}) at column 7. Move it to column 7 to make it a sibling of "ho11y".`);
  });

  test('a key between two levels names both, and the column of each', () => {
    const lines = fleetText({ kubernetesVersion: '   kubernetesVersion: "1.35"' });
    const problem = problemsOf(lines).find((candidate) => candidate.message.startsWith('YAML indentation'));
    expect(problem?.line).toBe(lineOf(lines, 'kubernetesVersion'));
    expect(problem?.message).toBe(
      `YAML indentation: "kubernetesVersion" starts at column 4, where none of the keys around it start: "account" (line ${lineOf(lines, 'account: east')}) starts at column 5 and "east" (line ${lineExactly(lines, '  east:')}) at column 3. Move it to column 3 to make it a sibling of "east", or to column 5 to nest it beside "account".`,
    );
  });

  test('a tab used for indentation', () => {
    const lines = fleetText({ kubernetesVersion: '\tkubernetesVersion: "1.35"' });
    const problem = problemsOf(lines).find((candidate) => /tab/.test(candidate.message));
    expect(problem?.line).toBe(lineOf(lines, 'kubernetesVersion'));
    expect(problem?.message).toMatch(/indent with spaces only/);
  });
});

describe('a misspelt key', () => {
  test('gets the closest known key', () => {
    const lines = fleetText({ vpc: '    vcp: { cidr: 10.1.0.0/16 }' });
    const problem = problemAt(problemsOf(lines), 'clusters.east.vcp');
    expect(problem.line).toBe(lineOf(lines, 'vcp:'));
    expect(problem.message).toMatch(/^is not a key of clusters\.east; did you mean "vpc"\?/);
  });
});

describe('image references, checked when the fleet is loaded', () => {
  const image = (reference: string) => fleetText({ ho11y: `      ho11y: { clusters: [east], images: { ho11y: "${reference}" } }` });
  test.each([
    ['registry.example.com/ho11y:stable', /uses the floating tag "stable", which moves without this file changing; pin a release tag \(e\.g\. :1\.2\.3\) or a digest \(@sha256:<64 hex characters>, e\.g\. from `crane digest registry\.example\.com\/ho11y:stable`\)/],
    ['registry.example.com/ho11y:latest', /floating tag "latest"/],
    ['registry.example.com/ho11y', /has no tag or digest, so it floats to whatever "latest" is; pin a release tag/],
    ['registry.example.com/ho11y@sha256:1234', /has a digest of 4 hex characters; a sha256 digest has exactly 64/],
    [`registry.example.com/ho11y@sha256:${'A'.repeat(64)}`, /characters that are not lower-case hex \("A"\); a sha256 digest is 64 characters of 0-9 and a-f/],
    [`registry.example.com/ho11y@md5:${'0'.repeat(32)}`, /does not start with "sha256:"/],
    ['Registry/Ho11y:1.0', /is not a repository name/],
  ])('%s', (reference, advice) => {
    const lines = image(reference);
    const problem = problemAt(problemsOf(lines), 'teams.team-a.apps.ho11y.images.ho11y');
    expect(problem.value).toBe(reference);
    expect(problem.line).toBe(lineOf(lines, 'ho11y:'));
    expect(problem.column).toBe(lines[lineOf(lines, 'ho11y:') - 1].indexOf(`"${reference}"`) + 1);
    expect(problem.message).toMatch(advice);
  });

  test.each([`registry.example.com/ho11y:1.2.3@sha256:${'0'.repeat(64)}`, `registry.example.com:5000/team/ho11y@sha256:${'a'.repeat(64)}`, 'registry.example.com/ho11y:v1.2.3'])('%s is pinned', (reference) => {
    expect(() => parseFleet(image(reference).join('\n'), 'fleet.yaml')).not.toThrow();
  });

  test('an image error and a cross-field error elsewhere are reported together', () => {
    const lines = fleetText({ ho11y: '      ho11y: { clusters: [east], images: { ho11y: "registry.example.com/ho11y:stable" } }', managerCluster: '  managerCluster: nowhere' });
    const problems = problemsOf(lines);
    expect(problems.map((problem) => [problem.path.join('.'), problem.line])).toEqual([
      ['grafana.managerCluster', lineOf(lines, 'managerCluster')],
      ['teams.team-a.apps.ho11y.images.ho11y', lineOf(lines, 'ho11y:')],
    ]);
  });
});

describe('numbers where a string is expected', () => {
  test.each([
    ['kubernetesVersion', { kubernetesVersion: '    kubernetesVersion: 1.35' }, 'clusters.east.kubernetesVersion', 1.35, `must be a quoted string, one of ${oneOf(KUBERNETES_VERSIONS)}: write "1.35" (YAML reads an unquoted 1.35 as the number 1.35)`],
    ['grafana version', { grafanaVersion: '  version: 10.4' }, 'grafana.version', 10.4, `must be a quoted string, one of ${oneOf(GRAFANA_VERSIONS)}: write "10.4" (YAML reads an unquoted 10.4 as the number 10.4)`],
    ['a version written with a trailing zero', { kubernetesVersion: '    kubernetesVersion: 1.30' }, 'clusters.east.kubernetesVersion', 1.3, `must be a quoted string, one of ${oneOf(KUBERNETES_VERSIONS)}: write "1.30" (YAML reads an unquoted 1.30 as the number 1.3)`],
  ])('%s', (_, change, path, value, message) => {
    const lines = fleetText(change);
    const problem = problemAt(problemsOf(lines), path);
    expect(problem).toMatchObject({ value, message, line: lineOf(lines, path.split('.').pop() === 'version' ? 'version:' : 'kubernetesVersion') });
  });
});

describe('names are own keys of their map', () => {
  test.each(['constructor', '__proto__', 'hasOwnProperty'])('%s is refused as a team name, at its line', (name) => {
    const lines = fleetText({ extraTeam: `  ${name}:\n    namespace: other\n    apps: {}` });
    const problem = problemAt(problemsOf(lines), `teams.${name}`);
    expect(problem.line).toBe(lineOf(lines, `${name}:`));
    expect(problem.message).toBe('is a property of every JavaScript object, so it cannot be a name here; choose another name');
  });

  test('constructor never resolves as a cluster reference', () => {
    const lines = fleetText({ yelb: '      yelb: { clusters: [east, constructor] }', managerCluster: '  managerCluster: constructor' });
    const problems = problemsOf(lines);
    expect(problemAt(problems, 'teams.team-a.apps.yelb.clusters.1').message).toMatch(/^names no cluster/);
    expect(problemAt(problems, 'grafana.managerCluster').message).toMatch(/^names no cluster/);
  });

  test('toString is refused as a reference', () => {
    const problems = problemsOf(fleetText({ yelb: '      yelb: { clusters: [east, toString] }' }));
    expect(problemAt(problems, 'teams.team-a.apps.yelb.clusters.1').value).toBe('toString');
  });
});
