import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { runSynth } from '../synth';
import { EXAMPLE_FLEET_FILE, fleetYaml, fleetYamlWithValue, REPO_ROOT } from './support/fleet-fixtures';

/**
 * The synth command in a scratch folder: end to end as `npm run synth` starts it (bundled, in a
 * child process) where the process matters, in this process otherwise (same function, same
 * arguments, same exit code and output).
 */
let scratch = '';
/** One render of the example fleet (through `--fleet`), copied by tests that start from a rendered dist/. */
let rendered = '';
beforeAll(() => {
  rendered = mkdtempSync(join(tmpdir(), 'synth-cli-rendered-'));
  const result = synth(['--dist', join(rendered, 'dist'), '--fleet', EXAMPLE_FLEET_FILE]);
  if (result.status !== 0) throw new Error(`the example fleet does not render:\n${result.stderr}`);
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

interface CommandResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `npm run synth`'s command line, spawned from a checkout at `cwd` with its own bundle cache. */
function synthProcess(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): CommandResult {
  const result = spawnSync(process.execPath, [join(cwd, 'clusters', 'bundle', 'run-bundled.js'), 'clusters/synth.ts', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, BUNDLE_CACHE_DIR: join(scratch, 'bundle-cache'), ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The synth command run in this process, its console output and exit code captured. */
function synth(args: readonly string[]): CommandResult {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void stdout.push(`${parts.join(' ')}\n`));
  const error = jest.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => void stderr.push(`${parts.join(' ')}\n`));
  const exitCode = process.exitCode;
  try {
    process.exitCode = undefined;
    runSynth(args);
    return { status: Number(process.exitCode ?? 0), stdout: stdout.join(''), stderr: stderr.join('') };
  } finally {
    process.exitCode = exitCode;
    log.mockRestore();
    error.mockRestore();
  }
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

test('the example fleet file is the default input, and a render says what it wrote', () => {
  const dist = join(scratch, 'dist');
  const result = synth(['--dist', dist]);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  expect(result.stdout).toMatch(/Rendered \d+ files for prod1, prod2/);
  expect(existsSync(join(dist, 'prod1', 'bootstrap', 'Chart.yaml'))).toBe(true);
  expect(snapshotTree(dist)).toEqual(snapshotTree(join(rendered, 'dist')));
});

test('the command from a copy of the repository at another path renders byte-identically, and never from a stale build after a source edit', () => {
  const copy = join(scratch, 'elsewhere', 'repo');
  cpSync(REPO_ROOT, copy, { recursive: true, filter: (source) => !/\/(node_modules|dist|\.git|cdk\.out)$/.test(source) });
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(copy, 'node_modules'));
  const first = synthProcess(['--dist', join(scratch, 'first')], copy, { BUNDLE_LOG: '1' });
  expect(first).toMatchObject({ status: 0, stderr: expect.stringMatching(/^Built clusters\/synth\.ts/) });
  expect(snapshotTree(join(scratch, 'first'))).toEqual(snapshotTree(join(rendered, 'dist')));
  // The same sources reuse the build.
  expect(synthProcess(['--dist', join(scratch, 'again')], copy, { BUNDLE_LOG: '1' })).toMatchObject({ status: 0, stderr: '' });

  // A source edit that changes every rendered YAML file.
  const source = join(copy, 'clusters', 'render', 'rendered-file.ts');
  writeFileSync(source, readFileSync(source, 'utf8').replace('Do not edit by hand.', 'Never edit by hand.'));
  const edited = synthProcess(['--dist', join(scratch, 'edited')], copy, { BUNDLE_LOG: '1' });
  expect(edited).toMatchObject({ status: 0, stderr: expect.stringMatching(/^Built clusters\/synth\.ts/) });
  const throughTsx = spawnSync(process.execPath, ['--import', 'tsx', join(copy, 'clusters', 'synth.ts'), '--dist', join(scratch, 'tsx')], { cwd: copy, encoding: 'utf8' });
  expect(throughTsx.status).toBe(0);
  const editedTree = snapshotTree(join(scratch, 'edited'));
  expect(editedTree).toEqual(snapshotTree(join(scratch, 'tsx')));
  expect(Buffer.from(editedTree.get(join('prod1', 'bootstrap', 'values.yaml')) ?? '', 'base64').toString()).toContain('Never edit by hand.');
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
  const result = synth(['--dist', dist, '--cluster', 'prod1']);
  expect(result.status).toBe(0);
  expect(result.stdout).toMatch(/for prod1 into/);
  expect(readFileSync(join(dist, 'prod1', 'bootstrap', 'values.yaml'), 'utf8')).not.toContain('edited by hand');
  expect(snapshotTree(join(dist, 'prod2'))).toEqual(prod2Before);
});

test('--check passes on a fresh render and names each stale file, exiting 1', () => {
  const dist = renderedDist();
  expect(synth(['--dist', dist, '--check'])).toMatchObject({ status: 0, stdout: expect.stringMatching(/up to date/) });

  writeFileSync(join(dist, 'prod1', 'bootstrap', 'values.yaml'), 'edited by hand\n');
  rmSync(join(dist, 'prod2', 'platform', 'tenancy', 'kustomization.yaml'));
  writeFileSync(join(dist, 'prod2', 'stray.yaml'), 'kind: Stray\n');
  const before = snapshotTree(dist);
  const result = synth(['--dist', dist, '--check']);
  expect(result.status).toBe(1);
  expect(result.stderr).toMatch(/changed +prod1\/bootstrap\/values\.yaml/);
  expect(result.stderr).toMatch(/added +prod2\/platform\/tenancy\/kustomization\.yaml/);
  expect(result.stderr).toMatch(/removed +prod2\/stray\.yaml/);
  expect(snapshotTree(dist)).toEqual(before);
});
