/**
 * Start-up benchmark of the example fleet's render: how far `npm run synth` is from the floor
 * of loading cdk8s and cdk8s-plus-28 in plain node. The commands run interleaved (one of each
 * per round, so load on a shared machine hits all of them alike) and the table reports medians
 * of wall time and of CPU time (user + system of the child, read from /proc on Linux; CPU time
 * is the steadier figure on a busy machine), each as a ratio to the floor.
 *
 *   npm run bench -- --startup [--rounds 7]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { median } from './statistics';

const REPOSITORY_ROOT = resolve(__dirname, '..');
const LAUNCHER = join(REPOSITORY_ROOT, 'clusters', 'bundle', 'run-bundled.js');

interface Command {
  readonly name: string;
  readonly command: string;
  readonly args: (workspace: string, round: number) => string[];
  readonly env?: (workspace: string, round: number) => NodeJS.ProcessEnv;
}

const COMMANDS: readonly Command[] = [
  { name: 'floor: node -e require cdk8s, cdk8s-plus-28', command: process.execPath, args: () => ['-e', 'require("cdk8s");require("cdk8s-plus-28")'] },
  { name: 'npm run synth', command: 'npm', args: (workspace, round) => ['run', '--silent', 'synth', '--', '--dist', join(workspace, `npm-${round}`)] },
  { name: 'render process (node clusters/bundle/run-bundled.js clusters/synth.ts)', command: process.execPath, args: (workspace, round) => [LAUNCHER, 'clusters/synth.ts', '--dist', join(workspace, `process-${round}`)] },
  {
    name: 'cold: first render after a source edit (empty bundle cache: build + no code cache)',
    command: process.execPath,
    args: (workspace, round) => [LAUNCHER, 'clusters/synth.ts', '--dist', join(workspace, `cold-${round}`)],
    env: (workspace, round) => ({ ...process.env, BUNDLE_CACHE_DIR: join(workspace, `cold-cache-${round}`) }),
  },
  { name: 'through tsx (node --import tsx clusters/synth.ts)', command: process.execPath, args: (workspace, round) => ['--import', 'tsx', 'clusters/synth.ts', '--dist', join(workspace, `tsx-${round}`)] },
];

/** CPU seconds (user + system) of waited-for children of this process, from /proc/self/stat; undefined off Linux. */
function childrenCpuMs(): number | undefined {
  if (!existsSync('/proc/self/stat')) return undefined;
  const fields = readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /, '').split(' ');
  // After the command name: field 16 (cutime) and 17 (cstime) of proc(5) are at 13 and 14 here.
  const ticks = Number(fields[13]) + Number(fields[14]);
  return (ticks * 1000) / 100;
}

function runOnce(command: Command, workspace: string, round: number): { wallMs: number; cpuMs: number | undefined } {
  const cpuBefore = childrenCpuMs();
  const started = process.hrtime.bigint();
  const child = spawnSync(command.command, command.args(workspace, round), { cwd: REPOSITORY_ROOT, encoding: 'utf8', env: command.env?.(workspace, round) ?? process.env });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (child.status !== 0) throw new Error(`${command.name} failed:\n${child.stderr || child.stdout}`);
  const cpuAfter = childrenCpuMs();
  return { wallMs, cpuMs: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore };
}

export function startupBench(rounds: number): string {
  const workspace = mkdtempSync(join(tmpdir(), 'bench-startup-'));
  const load = loadavg();
  try {
    // One untimed run of each fills the bundle and code caches the warm commands rely on.
    COMMANDS.forEach((command) => runOnce(command, workspace, -1));
    const samples = COMMANDS.map(() => ({ wall: [] as number[], cpu: [] as number[] }));
    for (let round = 0; round < rounds; round++) {
      COMMANDS.forEach((command, index) => {
        const { wallMs, cpuMs } = runOnce(command, workspace, round);
        samples[index].wall.push(wallMs);
        if (cpuMs !== undefined) samples[index].cpu.push(cpuMs);
      });
    }
    const floorWall = median(samples[0].wall);
    const floorCpu = samples[0].cpu.length > 0 ? median(samples[0].cpu) : NaN;
    const rows = COMMANDS.map((command, index) => {
      const wall = median(samples[index].wall);
      const cpu = samples[index].cpu.length > 0 ? median(samples[index].cpu) : NaN;
      return `| ${command.name} | ${wall.toFixed(0)} | ${(wall / floorWall).toFixed(2)} | ${Number.isNaN(cpu) ? 'n/a' : cpu.toFixed(0)} | ${Number.isNaN(cpu) ? 'n/a' : (cpu / floorCpu).toFixed(2)} |`;
    });
    return [
      `Start-up of the example fleet's render: medians of ${rounds} interleaved rounds (node ${process.version}; load average before ${load.map((value) => value.toFixed(2)).join(', ')}, after ${loadavg().map((value) => value.toFixed(2)).join(', ')})`,
      '',
      '| command | wall (ms) | wall / floor | CPU (ms) | CPU / floor |',
      '| --- | ---: | ---: | ---: | ---: |',
      ...rows,
    ].join('\n');
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}
