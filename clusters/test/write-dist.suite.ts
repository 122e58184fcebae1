import * as nodeFs from 'node:fs';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { RenderedFile } from '../render/rendered-file';
import { compareWithDist, writeDist } from '../render/write-dist';
import { echoFleet } from './support/planted-render';
import { renderForTest } from './support/rendered-tree';

/** The module object write-dist.ts calls into (named imports compile to property reads of it). */
const fs = jest.requireActual<typeof nodeFs>('node:fs');

const FILES = renderForTest(echoFleet());
let scratch = '';
beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'write-dist-'));
});
afterEach(() => {
  jest.restoreAllMocks();
  rmSync(scratch, { recursive: true, force: true });
});

/** Inode and change time of every file: both change when a file is rewritten or replaced by rename. */
function identities(folder: string): Map<string, string> {
  const result = new Map<string, string>();
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const stat = statSync(path, { bigint: true });
    result.set(relative(folder, path), `${stat.ino}:${stat.ctimeNs}:${stat.mtimeNs}`);
  }
  return result;
}

function contents(folder: string): Map<string, string> {
  const result = new Map<string, string>();
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) result.set(relative(folder, join(entry.parentPath, entry.name)), readFileSync(join(entry.parentPath, entry.name), 'utf8'));
  }
  return result;
}

/** Counts the calls write-dist makes that write, move or delete. */
function countWrites(): () => number {
  const spies = (['writeFileSync', 'renameSync', 'unlinkSync', 'rmdirSync', 'mkdirSync', 'mkdtempSync'] as const).map((name) => jest.spyOn(fs, name));
  return () => spies.reduce((sum, spy) => sum + spy.mock.calls.length, 0);
}

test('a first write creates exactly the rendered files', () => {
  const dist = join(scratch, 'dist');
  expect(writeDist(FILES, dist)).toEqual({ written: FILES.length, removed: 0, unchanged: 0 });
  expect(contents(dist)).toEqual(new Map(FILES.map((file) => [file.path, file.content])));
  expect(readdirSync(scratch)).toEqual(['dist']);
});

test('a re-render with nothing changed writes, moves and deletes nothing', () => {
  const dist = join(scratch, 'dist');
  writeDist(FILES, dist);
  const before = identities(dist);
  const writes = countWrites();
  expect(writeDist(renderForTest(echoFleet()), dist)).toEqual({ written: 0, removed: 0, unchanged: FILES.length });
  expect(writes()).toBe(0);
  expect(identities(dist)).toEqual(before);
});

test('a change rewrites only the files whose bytes differ', () => {
  const dist = join(scratch, 'dist');
  writeDist(FILES, dist);
  const before = identities(dist);
  const changed = renderForTest(
    echoFleet((fleet) => {
      fleet.repository.revision = 'release';
    }),
  );
  const expectedChanges = changed.filter((file) => FILES.find((old) => old.path === file.path)?.content !== file.content).map((file) => file.path);
  expect(expectedChanges.length).toBeGreaterThan(0);
  expect(expectedChanges.length).toBeLessThan(changed.length);
  expect(writeDist(changed, dist)).toMatchObject({ written: expectedChanges.length });
  const after = identities(dist);
  const touched = [...after.keys()].filter((path) => after.get(path) !== before.get(path));
  expect(touched.sort()).toEqual([...expectedChanges].sort());
  expect(contents(dist)).toEqual(new Map(changed.map((file) => [file.path, file.content])));
});

test("a removed app's files and emptied folders disappear", () => {
  const dist = join(scratch, 'dist');
  writeDist(FILES, dist);
  const app = 'prod1/workloads/team-geordie/yelb';
  expect(existsSync(join(dist, app))).toBe(true);
  const withoutApp = FILES.filter((file) => !file.path.startsWith(`${app}/`));
  expect(writeDist(withoutApp, dist)).toEqual({ written: 0, removed: FILES.length - withoutApp.length, unchanged: withoutApp.length });
  expect(existsSync(join(dist, app))).toBe(false);
  expect(existsSync(join(dist, 'prod1/workloads/team-geordie'))).toBe(true);
  expect(contents(dist)).toEqual(new Map(withoutApp.map((file) => [file.path, file.content])));
});

test("a new app's folder moves in whole, with one rename, and nothing else is touched", () => {
  const dist = join(scratch, 'dist');
  const app = 'prod1/workloads/team-geordie/yelb';
  const withoutApp = FILES.filter((file) => !file.path.startsWith(`${app}/`));
  writeDist(withoutApp, dist);
  const before = identities(dist);
  const renames = jest.spyOn(fs, 'renameSync');
  const summary = writeDist(FILES, dist);
  const appFiles = FILES.filter((file) => file.path.startsWith(`${app}/`)).map((file) => file.path);
  expect(appFiles.length).toBeGreaterThan(1);
  expect(renames.mock.calls.filter(([, target]) => String(target).startsWith(join(dist, app)))).toEqual([[expect.stringMatching(/yelb$/), join(dist, app)]]);
  // Whatever else changed (the lists that name the app) was renamed file by file.
  const after = identities(dist);
  const touched = [...after.keys()].filter((path) => after.get(path) !== before.get(path));
  expect(summary.written).toBe(touched.length);
  expect(touched.filter((path) => !path.startsWith(`${app}/`)).length).toBe(renames.mock.calls.length - 1);
  expect(contents(dist)).toEqual(new Map(FILES.map((file) => [file.path, file.content])));
});

test('with --cluster, a folder above the written ones is never replaced', () => {
  const dist = join(scratch, 'dist');
  writeDist(FILES, dist);
  writeFileSync(join(dist, 'prod1', 'stray.yaml'), 'kind: Stray\n');
  const workloads = FILES.filter((file) => file.path.startsWith('prod1/workloads/'));
  rmSync(join(dist, 'prod1', 'workloads'), { recursive: true });
  expect(writeDist(workloads, dist, ['prod1/workloads'])).toEqual({ written: workloads.length, removed: 0, unchanged: 0 });
  expect(readFileSync(join(dist, 'prod1', 'stray.yaml'), 'utf8')).toBe('kind: Stray\n');
  expect(contents(join(dist, 'prod1', 'workloads'))).toEqual(new Map(workloads.map((file) => [relative('prod1/workloads', file.path), file.content])));
});

test('stray files in an owned folder are removed, folders outside the owned ones are left alone', () => {
  const dist = join(scratch, 'dist');
  writeDist(FILES, dist);
  writeFileSync(join(dist, 'prod1', 'stray.yaml'), 'kind: Stray\n');
  writeFileSync(join(dist, 'prod2', 'stray.yaml'), 'kind: Stray\n');
  const prod1 = FILES.filter((file) => file.path.startsWith('prod1/'));
  expect(writeDist(prod1, dist, ['prod1'])).toEqual({ written: 0, removed: 1, unchanged: prod1.length });
  expect(existsSync(join(dist, 'prod1', 'stray.yaml'))).toBe(false);
  expect(existsSync(join(dist, 'prod2', 'stray.yaml'))).toBe(true);
});

test('a write that fails while staging leaves dist/ exactly as it was', () => {
  const dist = join(scratch, 'dist');
  writeDist(FILES, dist);
  const before = contents(dist);
  const beforeIds = identities(dist);
  const unwritable: RenderedFile = { path: 'prod1/bad\0name.yaml', content: 'x' };
  const changed = FILES.map((file) => (file.path === 'README.md' ? { ...file, content: 'changed\n' } : file));
  expect(() => writeDist([...changed, unwritable], dist)).toThrow();
  expect(contents(dist)).toEqual(before);
  expect(identities(dist)).toEqual(beforeIds);
  expect(readdirSync(scratch)).toEqual(['dist']);
});

test('--check compares without writing and names every difference', () => {
  const dist = join(scratch, 'dist');
  writeDist(FILES, dist);
  expect(compareWithDist(FILES, dist)).toEqual([]);
  const writes = countWrites();
  writeFileSync(join(dist, 'prod2', 'stray.yaml'), 'kind: Stray\n');
  const edited = FILES.map((file) => (file.path === 'README.md' ? { ...file, content: 'changed\n' } : file));
  const differences = compareWithDist([...edited, { path: 'prod1/new.yaml', content: 'kind: New\n' }], dist);
  expect(differences).toEqual([
    { path: 'README.md', change: 'changed' },
    { path: 'prod1/new.yaml', change: 'added' },
    { path: 'prod2/stray.yaml', change: 'removed' },
  ]);
  expect(writes()).toBe(1); // the stray file this test planted
});
