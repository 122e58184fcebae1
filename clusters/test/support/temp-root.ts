import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Jest's globalSetup and globalTeardown: the whole test run gets one temporary folder as TMPDIR,
 * removed at the end. Every synthesis a test makes (aws-cdk-lib's `cdk.out*` assemblies, cdk8s'
 * `cdk8s.outdir.*`, the CLI's scratch folders, those of child processes) lands inside it, so a
 * run leaves the machine's temporary directory as it found it. Jest's own cache stays where it
 * is (its location is fixed before this runs).
 */
const PREVIOUS = 'TEST_RUN_PREVIOUS_TMPDIR';

export function setup(): void {
  const root = mkdtempSync(join(tmpdir(), 'test-run-'));
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
  rmSync(root, { recursive: true, force: true });
}
