import { accessSync, constants, mkdirSync, mkdtempSync, rmSync, statfsSync, symlinkSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/**
 * Jest's globalSetup and globalTeardown: the whole test run gets one temporary folder as TMPDIR
 * (in memory where the machine has room, see `runParent`), removed at the end. Every synthesis a
 * test makes (aws-cdk-lib's `cdk.out*` assemblies, cdk8s' `cdk8s.outdir.*`, the CLI's scratch
 * folders, those of child processes) lands inside it, so a run leaves the machine's temporary
 * directory as it found it. Jest's own cache is in node_modules/.cache/jest (jest.config.js);
 * tsx's stays where it is (see `TSX_CACHE_FOLDER`).
 */
const PREVIOUS = 'TEST_RUN_PREVIOUS_TMPDIR';

/**
 * The folder of the temporary directory where tsx keeps the code it compiled (tsx 4 names it
 * after the effective user). Inside the run's folder it is a link to the machine's: the processes
 * tests start with tsx reuse what earlier runs compiled instead of compiling every file again
 * (over a second per process).
 */
export const TSX_CACHE_FOLDER = `tsx-${process.geteuid?.() ?? userInfo().username}`;

/** Memory-backed folder of Linux machines, and the room a run wants there (a run peaks at about 130 MB). */
const MEMORY_FOLDER = '/dev/shm';
const MEMORY_FOLDER_ROOM = 1024 ** 3;

/**
 * Where the run's folder goes: TMPDIR when the user set it; otherwise memory when the machine
 * has room there (a run writes thousands of files, and on disk their system calls cost seconds);
 * otherwise the machine's temporary directory.
 */
function runParent(): string {
  if (process.env.TMPDIR) return tmpdir();
  try {
    const { bavail, bsize } = statfsSync(MEMORY_FOLDER);
    accessSync(MEMORY_FOLDER, constants.W_OK);
    if (bavail * bsize >= MEMORY_FOLDER_ROOM) return MEMORY_FOLDER;
  } catch {
    // No such folder (not Linux) or not writable: the temporary directory will do.
  }
  return tmpdir();
}

export function setup(): void {
  const machineTmp = tmpdir();
  const root = mkdtempSync(join(runParent(), 'test-run-'));
  mkdirSync(join(machineTmp, TSX_CACHE_FOLDER), { recursive: true });
  symlinkSync(join(machineTmp, TSX_CACHE_FOLDER), join(root, TSX_CACHE_FOLDER), 'dir');
  process.env[PREVIOUS] = process.env.TMPDIR ?? '';
  process.env.TMPDIR = root;
}

export function teardown(): void {
  const root = process.env.TMPDIR;
  const previous = process.env[PREVIOUS];
  if (previous === undefined || !root) return;
  if (previous) process.env.TMPDIR = previous;
  else delete process.env.TMPDIR;
  delete process.env[PREVIOUS];
  // Removes the link to tsx's cache, not the cache.
  rmSync(root, { recursive: true, force: true });
}
