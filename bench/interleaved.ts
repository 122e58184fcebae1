/**
 * Runs commands interleaved, one of each per round, so that load on a shared machine hits all
 * of them alike, and reports medians of wall time and of CPU time (user + system of the child,
 * read from /proc on Linux: the steadier figure on a busy machine), each as a ratio to the first
 * command. Used by `--startup` (startup.ts) and `--cdk-synth` (cdk-synth.ts).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { median } from './statistics';

export interface Command {
  readonly name: string;
  readonly command: string;
  readonly args: (round: number) => string[];
  /** Default: the repository root. */
  readonly cwd?: string;
  readonly env?: (round: number) => NodeJS.ProcessEnv;
  /** Run before each run of the command, untimed (e.g. the source edit a cold run follows). */
  readonly prepare?: (round: number) => void;
}

/** CPU seconds (user + system) of waited-for children of this process, from /proc/self/stat; undefined off Linux. */
function childrenCpuMs(): number | undefined {
  if (!existsSync('/proc/self/stat')) return undefined;
  const fields = readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /, '').split(' ');
  // After the command name: field 16 (cutime) and 17 (cstime) of proc(5) are at 13 and 14 here.
  const ticks = Number(fields[13]) + Number(fields[14]);
  return (ticks * 1000) / 100;
}

function runOnce(command: Command, cwd: string, round: number): { wallMs: number; cpuMs: number | undefined } {
  command.prepare?.(round);
  const cpuBefore = childrenCpuMs();
  const started = process.hrtime.bigint();
  const child = spawnSync(command.command, command.args(round), { cwd: command.cwd ?? cwd, encoding: 'utf8', env: command.env?.(round) ?? process.env, maxBuffer: 64 * 1024 * 1024 });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (child.status !== 0) throw new Error(`${command.name} failed:\n${child.stderr || child.stdout}`);
  const cpuAfter = childrenCpuMs();
  return { wallMs, cpuMs: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore };
}

/**
 * One untimed run of each command (filling the caches the warm ones rely on), then `rounds`
 * interleaved rounds; a Markdown table of medians with ratios to the first command.
 */
export function interleavedTable(title: string, commands: readonly Command[], rounds: number, cwd: string): string {
  const load = loadavg();
  commands.forEach((command) => runOnce(command, cwd, -1));
  const samples = commands.map(() => ({ wall: [] as number[], cpu: [] as number[] }));
  for (let round = 0; round < rounds; round++) {
    commands.forEach((command, index) => {
      const { wallMs, cpuMs } = runOnce(command, cwd, round);
      samples[index].wall.push(wallMs);
      if (cpuMs !== undefined) samples[index].cpu.push(cpuMs);
    });
  }
  const referenceWall = median(samples[0].wall);
  const referenceCpu = samples[0].cpu.length > 0 ? median(samples[0].cpu) : NaN;
  const rows = commands.map((command, index) => {
    const wall = median(samples[index].wall);
    const cpu = samples[index].cpu.length > 0 ? median(samples[index].cpu) : NaN;
    return `| ${command.name} | ${wall.toFixed(0)} | ${(wall / referenceWall).toFixed(2)} | ${Number.isNaN(cpu) ? 'n/a' : cpu.toFixed(0)} | ${Number.isNaN(cpu) ? 'n/a' : (cpu / referenceCpu).toFixed(2)} |`;
  });
  const reference = commands[0].name.split(':')[0];
  return [
    `${title}: medians of ${rounds} interleaved rounds (node ${process.version}; load average before ${load.map((value) => value.toFixed(2)).join(', ')}, after ${loadavg().map((value) => value.toFixed(2)).join(', ')})`,
    '',
    `| command | wall (ms) | wall / ${reference} | CPU (ms) | CPU / ${reference} |`,
    '| --- | ---: | ---: | ---: | ---: |',
    ...rows,
  ].join('\n');
}
