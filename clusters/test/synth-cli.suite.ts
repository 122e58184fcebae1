import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { loadFleet } from '../fleet/load-fleet';
import { renderFleet } from '../render/render-fleet';
import { GENERATED_HEADER } from '../render/rendered-file';
import { runSynth } from '../synth';
import { WORKLOADS } from '../../workloads/registry';
import { fleetYaml, fleetYamlWithValue, REPO_ROOT } from './support/fleet-fixtures';
import { runInProcess } from './support/in-process-command';

/**
 * The synth command in a scratch folder: end to end as `npm run synth` starts it (bundled, in a
 * child process) where the process matters, in this process otherwise (same function, same
 * arguments, same exit code and output).
 */
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
const synth = (args: readonly string[]) => runInProcess(() => runSynth(args));

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

test('the command from a copy of the repository at another path renders byte-identically, and never from a stale build or memo after a source edit', () => {
  const copy = join(scratch, 'elsewhere', 'repo');
  cpSync(REPO_ROOT, copy, { recursive: true, filter: (source) => !/\/(node_modules|dist|\.git|cdk\.out)$/.test(source) });
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(copy, 'node_modules'));
  const first = synthProcess(['--dist', join(scratch, 'first'), '--fleet', testFleetFile], copy, { BUNDLE_LOG: '1' });
  const derived = /^memo serialised-yaml: 0 reused, (\d+) derived\nmemo promql-metrics: 0 reused, (\d+) derived\n$/m;
  expect(first).toMatchObject({ status: 0, stderr: expect.stringMatching(/^Built clusters\/synth\.ts into .*\nBuilt the packages clusters\/synth\.ts imports into [^\n]*\n/) });
  expect(first.stderr).toMatch(derived);
  expect(snapshotTree(join(scratch, 'first'))).toEqual(snapshotTree(join(rendered, 'dist')));
  // The same sources reuse the build, and what the last run serialised and parsed: all of it.
  const [, objects, expressions] = derived.exec(first.stderr) ?? [];
  expect(Number(objects)).toBeGreaterThan(50);
  expect(Number(expressions)).toBeGreaterThan(20);
  const again = synthProcess(['--dist', join(scratch, 'again'), '--fleet', testFleetFile], copy, { BUNDLE_LOG: '1' });
  expect(again).toMatchObject({ status: 0, stderr: `memo serialised-yaml: ${objects} reused, 0 derived\nmemo promql-metrics: ${expressions} reused, 0 derived\n` });
  expect(snapshotTree(join(scratch, 'again'))).toEqual(snapshotTree(join(rendered, 'dist')));

  // A source edit that changes the header of every rendered YAML file, and one to the serialiser
  // that starts every YAML document with "---": what the edited sources render is known exactly,
  // file by file, and none of it may come from what the old sources serialised.
  const source = join(copy, 'clusters', 'render', 'rendered-file.ts');
  const serialiser = 'aliasDuplicateObjects: false, lineWidth: 0 }';
  expect(readFileSync(source, 'utf8')).toContain(serialiser);
  writeFileSync(source, readFileSync(source, 'utf8').replace('Do not edit by hand.', 'Never edit by hand.').replace(serialiser, 'aliasDuplicateObjects: false, lineWidth: 0, directives: true }'));
  const edited = synthProcess(['--dist', join(scratch, 'edited'), '--fleet', testFleetFile], copy, { BUNDLE_LOG: '1' });
  // The repository's bundle is rebuilt, with memos of its own; the packages' bundle, which the edit did not touch, is not.
  expect(edited).toMatchObject({ status: 0, stderr: expect.stringMatching(/^Built clusters\/synth\.ts into [^\n]*\nmemo serialised-yaml: 0 reused, \d+ derived\nmemo promql-metrics: 0 reused, \d+ derived\n$/) });
  const editedHeader = GENERATED_HEADER.replace('Do not edit by hand.', 'Never edit by hand.');
  const expected = new Map(
    [...snapshotTree(join(rendered, 'dist'))].map(([path, bytes]) => {
      const content = Buffer.from(bytes, 'base64').toString('utf8');
      return [path, Buffer.from(content.startsWith(GENERATED_HEADER) ? `${editedHeader}---\n${content.slice(GENERATED_HEADER.length)}` : content).toString('base64')];
    }),
  );
  expect([...expected.values()].filter((bytes) => Buffer.from(bytes, 'base64').toString().startsWith(`${editedHeader}---\n`)).length).toBeGreaterThan(100);
  expect(snapshotTree(join(scratch, 'edited'))).toEqual(expected);
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

test('in a repository, a render keeps .github/CODEOWNERS naming the fleet\'s platform team, and --check finds it stale', () => {
  const repository = join(scratch, 'repository');
  mkdirSync(join(repository, '.github'), { recursive: true });
  const dist = join(repository, 'dist');
  const owned = (owner: string) => writeFleet(`${owner.replace(/\W/g, '')}.yaml`, fleetYamlWithValue(['platformTeam', 'codeOwner'], owner));
  const first = synth(['--dist', dist, '--fleet', owned('@acme/platform')]);
  expect(first).toMatchObject({ status: 0, stdout: expect.stringContaining('.github/CODEOWNERS now names @acme/platform') });
  const lines = readFileSync(join(repository, '.github', 'CODEOWNERS'), 'utf8').split('\n').filter((line) => line !== '' && !line.startsWith('#'));
  expect(lines.length).toBeGreaterThan(10);
  expect(lines.every((line) => line.endsWith(' @acme/platform'))).toBe(true);

  const otherTeam = owned('@acme/ops');
  const stale = synth(['--dist', dist, '--fleet', otherTeam, '--check']);
  expect(stale).toMatchObject({ status: 1, stderr: expect.stringContaining('.github/CODEOWNERS does not name') });
  expect(synth(['--dist', dist, '--fleet', otherTeam])).toMatchObject({ status: 0, stdout: expect.stringContaining('now names @acme/ops') });
  expect(synth(['--dist', dist, '--fleet', otherTeam, '--check'])).toMatchObject({ status: 0 });
  // Outside a repository (no .github beside dist/) nothing but dist/ is written.
  expect(existsSync(join(scratch, '.github'))).toBe(false);
});

/**
 * The code cache the launcher keeps for npm packages a bundle leaves external (cdk:synth), on
 * Node.js versions without `module.enableCompileCache`. Each case runs processes of its own: the
 * cache acts on Node.js's own module loader, which jest replaces, and lives from one run to the next.
 */
describe('the code cache of npm packages', () => {
  const onOlderNode = typeof (require('node:module') as { enableCompileCache?: unknown }).enableCompileCache === 'function' ? test.skip : test;
  const probe = () => join(scratch, 'node_modules', 'probe', 'index.js');
  /** Requires the probe package (with the cache when `cached`); prints what it exports, or its error's first stack frame. */
  function requireProbe(cached = true): string {
    const install = cached ? `require(${JSON.stringify(join(REPO_ROOT, 'clusters', 'bundle', 'run-bundled.js'))}).installPackageCompileCache(${JSON.stringify(join(scratch, 'packages.cache'))});` : '';
    const script = `${install} try { console.log(require(${JSON.stringify(probe())}).value); } catch (error) { console.log(error.stack.split('\\n')[1].trim()); }`;
    const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(result.stderr);
    return result.stdout.trim();
  }
  beforeEach(() => mkdirSync(join(probe(), '..'), { recursive: true }));

  onOlderNode('serves a package from the cache, and never for bytes it was not made from', () => {
    writeFileSync(probe(), 'exports.value = "first";\n');
    expect(requireProbe()).toBe('first');
    const written = statSync(join(scratch, 'packages.cache')).mtimeMs;
    expect(requireProbe()).toBe('first');
    expect(statSync(join(scratch, 'packages.cache')).mtimeMs).toBe(written); // used as it was, not rewritten
    // Same length, other bytes: V8 alone would accept the cache made for the first version.
    writeFileSync(probe(), 'exports.value = "other";\n');
    expect(requireProbe()).toBe('other');
  });

  /** kubernetes-models requires @swc/helpers, which resolves to an ES module under Node.js's `module-sync` condition. */
  onOlderNode('leaves an ES module a package requires to Node.js, with a type or without', () => {
    const manifest = join(probe(), '..', 'package.json');
    writeFileSync(probe(), 'export const value = "an ES module";\n');
    for (const type of [{ type: 'module' }, {}]) {
      writeFileSync(manifest, JSON.stringify({ name: 'probe', main: 'index.js', ...type }));
      expect({ type, uncached: requireProbe(false), cached: requireProbe() }).toEqual({ type, uncached: 'an ES module', cached: 'an ES module' });
    }
  });

  onOlderNode('keeps the line and column of every stack frame (the cloud assembly records them)', () => {
    // Minified packages are one line long: the first line must keep its columns.
    writeFileSync(probe(), 'const a = 1; throw new Error("here");\n');
    const uncached = requireProbe(false);
    expect(uncached).toMatch(/index\.js:1:20\)?$/);
    expect(requireProbe()).toBe(uncached);
    expect(requireProbe()).toBe(uncached); // from the cache
  });
});
