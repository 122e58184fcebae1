import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { loadFleet } from '../fleet/load-fleet';
import { renderFleet } from '../render/render-fleet';
import { WORKLOADS } from '../../workloads/registry';
import { fleetYaml, fleetYamlWithValue, REPO_ROOT } from './support/fleet-fixtures';

/** The command line users run, end to end, in a scratch folder. */
let scratch = '';
/** One render of the test fleet (through `--fleet`), copied by tests that start from a rendered dist/. */
let rendered = '';
let testFleetFile = '';
beforeAll(() => {
  rendered = mkdtempSync(join(tmpdir(), 'synth-cli-rendered-'));
  testFleetFile = join(rendered, 'fleet.yaml');
  writeFileSync(testFleetFile, fleetYaml());
  const result = synth(['--dist', join(rendered, 'dist'), '--fleet', testFleetFile]);
  if (result.status !== 0) throw new Error(`the test fleet does not render:\n${result.stderr}`);
});
afterAll(() => rmSync(rendered, { recursive: true, force: true }));
beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'synth-cli-'));
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

/** A dist/ holding a fresh render of the example fleet, in the scratch folder. */
function renderedDist(): string {
  const dist = join(scratch, 'dist');
  cpSync(join(rendered, 'dist'), dist, { recursive: true });
  return dist;
}

function synth(args: readonly string[], cwd = REPO_ROOT): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(cwd, 'clusters', 'synth.ts'), ...args], { cwd, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Every file under `folder` with its bytes, for byte-for-byte comparisons. */
function snapshotTree(folder: string): Map<string, string> {
  const tree = new Map<string, string>();
  if (!existsSync(folder)) return tree;
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const path = join(entry.parentPath, entry.name);
      tree.set(relative(folder, path), readFileSync(path, 'base64'));
    }
  }
  return tree;
}

function writeFleet(name: string, text: string): string {
  const file = join(scratch, name);
  writeFileSync(file, text);
  return file;
}

test('the fleet file of the repository is the default input, and a render says what it wrote', () => {
  const dist = join(scratch, 'dist');
  const result = synth(['--dist', dist]);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  const fleet = loadFleet(join(REPO_ROOT, 'clusters', 'fleet.yaml'), { knownAppCharts: Object.keys(WORKLOADS) });
  const expected = renderFleet(fleet);
  expect(result.stdout).toContain(`Rendered ${expected.length} files for ${Object.keys(fleet.clusters).join(', ')}`);
  expect(new Map([...snapshotTree(dist)].map(([path, bytes]) => [path, Buffer.from(bytes, 'base64').toString('utf8')]))).toEqual(new Map(expected.map((file) => [file.path, file.content])));
});

test('a render from a copy of the repository at another path is byte-identical', () => {
  const copy = join(scratch, 'elsewhere', 'repo');
  cpSync(REPO_ROOT, copy, { recursive: true, filter: (source) => !/\/(node_modules|dist|\.git|cdk\.out)$/.test(source) });
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(copy, 'node_modules'));
  expect(synth(['--dist', join(copy, 'dist'), '--fleet', testFleetFile], copy).status).toBe(0);
  expect(snapshotTree(join(copy, 'dist'))).toEqual(snapshotTree(join(rendered, 'dist')));
});

test('a failing render leaves dist/ byte-for-byte as it was and exits non-zero', () => {
  const dist = renderedDist();
  const before = snapshotTree(dist);
  const broken = writeFleet('broken.yaml', fleetYamlWithValue(['accounts', 'prod1', 'id'], 12345678901));
  const result = synth(['--dist', dist, '--fleet', broken]);
  expect(result.status).toBe(1);
  expect(result.stderr).toMatch(/accounts\.prod1\.id = 12345678901/);
  expect(snapshotTree(dist)).toEqual(before);
});

test('files of a removed app disappear on the next good render', () => {
  const dist = renderedDist();
  expect(existsSync(join(dist, 'prod1', 'workloads', 'team-geordie', 'yelb'))).toBe(true);
  const withoutYelb = writeFleet(
    'without-yelb.yaml',
    fleetYaml((fleet) => {
      delete fleet.teams['team-geordie'].apps.yelb;
    }),
  );
  expect(synth(['--dist', dist, '--fleet', withoutYelb]).status).toBe(0);
  expect(existsSync(join(dist, 'prod1', 'workloads', 'team-geordie', 'yelb'))).toBe(false);
  expect(existsSync(join(dist, 'prod1', 'bootstrap', 'templates', 'application-team-geordie-yelb.yaml'))).toBe(false);
  expect(existsSync(join(dist, 'prod1', 'workloads', 'team-geordie', 'ho11y'))).toBe(true);
});

test('--cluster renders one cluster and leaves the others alone', () => {
  const dist = renderedDist();
  const prod2Before = snapshotTree(join(dist, 'prod2'));
  writeFileSync(join(dist, 'prod1', 'bootstrap', 'values.yaml'), 'edited by hand\n');
  const result = synth(['--dist', dist, '--fleet', testFleetFile, '--cluster', 'prod1']);
  expect(result.status).toBe(0);
  expect(result.stdout).toMatch(/for prod1 into/);
  expect(readFileSync(join(dist, 'prod1', 'bootstrap', 'values.yaml'), 'utf8')).not.toContain('edited by hand');
  expect(snapshotTree(join(dist, 'prod2'))).toEqual(prod2Before);
});

test('--check passes on a fresh render and names each stale file, exiting 1', () => {
  const dist = renderedDist();
  expect(synth(['--dist', dist, '--fleet', testFleetFile, '--check'])).toMatchObject({ status: 0, stdout: expect.stringMatching(/up to date/) });

  writeFileSync(join(dist, 'prod1', 'bootstrap', 'values.yaml'), 'edited by hand\n');
  rmSync(join(dist, 'prod2', 'platform', 'tenancy', 'kustomization.yaml'));
  writeFileSync(join(dist, 'prod2', 'stray.yaml'), 'kind: Stray\n');
  const before = snapshotTree(dist);
  const result = synth(['--dist', dist, '--fleet', testFleetFile, '--check']);
  expect(result.status).toBe(1);
  expect(result.stderr).toMatch(/changed +prod1\/bootstrap\/values\.yaml/);
  expect(result.stderr).toMatch(/added +prod2\/platform\/tenancy\/kustomization\.yaml/);
  expect(result.stderr).toMatch(/removed +prod2\/stray\.yaml/);
  expect(snapshotTree(dist)).toEqual(before);
});
