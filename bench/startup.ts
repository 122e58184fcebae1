/**
 * Start-up benchmark of the example fleet's render: how far `npm run synth` is from the floor
 * of loading cdk8s and cdk8s-plus-28 in plain node. The commands run interleaved (one of each
 * per round, so load on a shared machine hits all of them alike) and the table reports medians
 * of wall time and of CPU time (user + system of the child, read from /proc on Linux; CPU time
 * is the steadier figure on a busy machine), each as a ratio to the floor.
 *
 *   npm run bench -- --startup [--rounds 7]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Command, interleavedTable } from './interleaved';

const REPOSITORY_ROOT = resolve(__dirname, '..');
const LAUNCHER = join(REPOSITORY_ROOT, 'clusters', 'bundle', 'run-bundled.js');

function commands(workspace: string): Command[] {
  return [
    { name: 'floor: node -e require cdk8s, cdk8s-plus-28', command: process.execPath, args: () => ['-e', 'require("cdk8s");require("cdk8s-plus-28")'] },
    { name: 'npm run synth', command: 'npm', args: (round) => ['run', '--silent', 'synth', '--', '--dist', join(workspace, `npm-${round}`)] },
    { name: 'render process (node clusters/bundle/run-bundled.js clusters/synth.ts)', command: process.execPath, args: (round) => [LAUNCHER, 'clusters/synth.ts', '--dist', join(workspace, `process-${round}`)] },
    {
      name: 'cold: first render after a source edit (empty bundle cache: build + no code cache)',
      command: process.execPath,
      args: (round) => [LAUNCHER, 'clusters/synth.ts', '--dist', join(workspace, `cold-${round}`)],
      env: (round) => ({ ...process.env, BUNDLE_CACHE_DIR: join(workspace, `cold-cache-${round}`) }),
    },
    { name: 'through tsx (node --import tsx clusters/synth.ts)', command: process.execPath, args: (round) => ['--import', 'tsx', 'clusters/synth.ts', '--dist', join(workspace, `tsx-${round}`)] },
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
