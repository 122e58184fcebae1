/**
 * Start-up benchmark of the example fleet's render: how far `npm run synth` is from the floor
 * of loading cdk8s and cdk8s-plus-28 in plain node. The commands run interleaved (one of each
 * per round, so load on a shared machine hits all of them alike) and the table reports medians
 * of wall time and of CPU time (user + system of the child, read from /proc on Linux; CPU time
 * is the steadier figure on a busy machine), each as a ratio to the floor.
 *
 *   npm run bench -- --startup [--rounds 7]
 */
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { Command, interleavedTable } from './interleaved';

const REPOSITORY_ROOT = resolve(__dirname, '..');
const LAUNCHER = join(REPOSITORY_ROOT, 'clusters', 'bundle', 'run-bundled.js');

/** The file each round of the source-edit run edits: every rendered YAML file's header comes from it. */
const EDITED_SOURCE = join('clusters', 'render', 'rendered-file.ts');

/**
 * A copy of the repository's sources (node_modules linked) with a bundle cache of its own, where
 * each round of the source-edit run appends a comment to a source file first: the run that
 * follows finds its bundle stale, as after any edit.
 */
function editableCopy(workspace: string): string {
  const copy = join(workspace, 'repository');
  cpSync(REPOSITORY_ROOT, copy, { recursive: true, filter: (source) => !/\/(node_modules|dist|\.git|cdk\.out)$/.test(source) });
  symlinkSync(join(REPOSITORY_ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
  return copy;
}

/**
 * Writes the example fleet with prod1's load-generator rate set by the round, so each round's
 * render differs from the last in that cluster's load generator only: the objects a typical
 * fleet edit touches are serialised afresh, the others come from the last run's memo.
 */
function editFleet(file: string, round: number): void {
  const fleet = parseDocument(readFileSync(join(REPOSITORY_ROOT, 'clusters', 'fleet.yaml'), 'utf8'));
  fleet.setIn(['clusters', 'prod1', 'loadGenerator', 'requestsPerSecond'], 3 + ((round + 1) % 90));
  writeFileSync(file, fleet.toString());
}

/**
 * Each command renders into a folder of its own that stays from one round to the next, as dist/
 * stays between a user's runs: after the untimed first run, a round writes what changed (nothing,
 * but prod1's load generator after a fleet edit), as `npm run synth` in a repository does.
 */
function commands(workspace: string): Command[] {
  const copy = editableCopy(workspace);
  const editedFleet = join(workspace, 'fleet-edited.yaml');
  return [
    { name: 'floor: node -e require cdk8s, cdk8s-plus-28', command: process.execPath, args: () => ['-e', 'require("cdk8s");require("cdk8s-plus-28")'] },
    { name: 'npm run synth', command: 'npm', args: () => ['run', '--silent', 'synth', '--', '--dist', join(workspace, 'npm')] },
    { name: 'render process (node clusters/bundle/run-bundled.js clusters/synth.ts)', command: process.execPath, args: () => [LAUNCHER, 'clusters/synth.ts', '--dist', join(workspace, 'process')] },
    {
      name: "render process after a fleet edit (prod1's load-generator rate, changed every round)",
      command: process.execPath,
      args: () => [LAUNCHER, 'clusters/synth.ts', '--fleet', editedFleet, '--dist', join(workspace, 'fleet-edit')],
      prepare: (round) => editFleet(editedFleet, round),
    },
    {
      name: "cold: first render after a source edit (the repository's bundle rebuilt, no code cache for it)",
      command: process.execPath,
      args: () => [join(copy, 'clusters', 'bundle', 'run-bundled.js'), 'clusters/synth.ts', '--dist', join(workspace, 'edited')],
      cwd: copy,
      env: () => ({ ...process.env, BUNDLE_CACHE_DIR: join(workspace, 'edited-cache') }),
      prepare: (round) => appendFileSync(join(copy, EDITED_SOURCE), `// bench round ${round}\n`),
    },
    {
      name: 'first render after npm ci (empty bundle cache: both bundles built, no code cache)',
      command: process.execPath,
      args: () => [LAUNCHER, 'clusters/synth.ts', '--dist', join(workspace, 'cold')],
      env: (round) => ({ ...process.env, BUNDLE_CACHE_DIR: join(workspace, `cold-cache-${round}`) }),
    },
    { name: 'through tsx (node --import tsx clusters/synth.ts)', command: process.execPath, args: () => ['--import', 'tsx', 'clusters/synth.ts', '--dist', join(workspace, 'tsx')] },
  ];
}

export function startupBench(rounds: number): string {
  const workspace = mkdtempSync(join(tmpdir(), 'bench-startup-'));
  try {
    return interleavedTable("Start-up of the example fleet's render", commands(workspace), rounds, REPOSITORY_ROOT);
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}
