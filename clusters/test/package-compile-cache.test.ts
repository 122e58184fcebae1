import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './support/fleet-fixtures';

/**
 * The code cache clusters/bundle/run-bundled.js keeps for npm packages on Node.js versions
 * without `module.enableCompileCache`. Each case runs a process of its own: the cache acts on
 * Node.js's own module loader (which jest replaces) and lives from one process to the next.
 */
const LAUNCHER = join(REPO_ROOT, 'clusters', 'bundle', 'run-bundled.js');
let scratch = '';
let cacheFile = '';
let packageFile = '';
beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'package-compile-cache-'));
  cacheFile = join(scratch, 'packages.cache');
  packageFile = join(scratch, 'node_modules', 'probe', 'index.js');
  mkdirSync(join(packageFile, '..'), { recursive: true });
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

/** Requires the probe package with the cache installed; prints what it exports, or its error's first stack frame. */
function requireProbe(): string {
  const script = `require(${JSON.stringify(LAUNCHER)}).installPackageCompileCache(${JSON.stringify(cacheFile)});
try { console.log(require(${JSON.stringify(packageFile)}).value); } catch (error) { console.log(error.stack.split('\\n')[1].trim()); }`;
  const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return result.stdout.trim();
}

const supported = typeof (require('node:module') as { enableCompileCache?: unknown }).enableCompileCache !== 'function';
const onOlderNode = supported ? test : test.skip;

onOlderNode('a package compiled once is served from the cache, and never for bytes it was not made from', () => {
  writeFileSync(packageFile, 'exports.value = "first";\n');
  expect(requireProbe()).toBe('first');
  const written = statSync(cacheFile).mtimeMs;
  expect(requireProbe()).toBe('first');
  expect(statSync(cacheFile).mtimeMs).toBe(written); // used as it was, not rewritten

  // Same length, other bytes: V8 alone would accept the cache made for the first version.
  writeFileSync(packageFile, 'exports.value = "other";\n');
  expect(requireProbe()).toBe('other');
  expect(statSync(cacheFile).mtimeMs).not.toBe(written);
});

onOlderNode('errors point at the same line and column as without the cache (the cloud assembly records them)', () => {
  // Minified packages are one line long: the first line must keep its columns.
  writeFileSync(packageFile, 'const a = 1; throw new Error("here");\n');
  const uncached = spawnSync(process.execPath, ['-e', `try { require(${JSON.stringify(packageFile)}) } catch (error) { console.log(error.stack.split('\\n')[1].trim()) }`], { encoding: 'utf8' }).stdout.trim();
  expect(uncached).toMatch(/index\.js:1:20\)?$/);
  expect(requireProbe()).toBe(uncached);
  expect(requireProbe()).toBe(uncached); // from the cache
});
