/**
 * One measured render, run by bench/run.ts in a child process of its own so that peak memory
 * belongs to one fleet size. Prints one JSON line.
 *
 *   node clusters/bundle/run-bundled.js bench/render-once.ts --fleet f.yaml --dist out/ [--workloads registry|test]
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { TEST_WORKLOADS } from '../clusters/test/support/echo-workload';
import { loadFleet } from '../clusters/fleet/load-fleet';
import { renderFleet } from '../clusters/render/render-fleet';
import { writeDist } from '../clusters/render/write-dist';
import { WORKLOADS } from '../workloads/registry';

/** Left by bench/import-timer.js when the process was started with it. */
interface ImportTimes {
  readonly startedMs: number;
  readonly byPackage: Map<string, number>;
}

export interface RenderMeasurement {
  /** From the start of the process to the first line of this script: Node.js, the loader and every import. */
  readonly startupMs: number;
  /** Time spent loading modules, by package (own time, nested loads excluded), when timed. */
  readonly importsMs?: Record<string, number>;
  /** Loading and validating the fleet file. */
  readonly loadMs: number;
  /** Rendering every cluster in memory. */
  readonly renderMs: number;
  /** Writing dist/ from nothing (staging folder and swap). */
  readonly writeMs: number;
  /** Writing the same files again over that dist/: what a no-op re-render costs. */
  readonly rewriteMs: number;
  /** Files the no-op re-render wrote (0 when only changed files are written). */
  readonly rewriteWritten: number;
  readonly files: number;
  /** Peak resident memory of the process, in KiB. */
  readonly maxRssKiB: number;
}

function milliseconds(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e6;
}

const startupMs = performance.now();
const { values } = parseArgs({ options: { fleet: { type: 'string' }, dist: { type: 'string' }, workloads: { type: 'string', default: 'registry' } }, strict: true });
if (!values.fleet || !values.dist) throw new Error('Usage: render-once.ts --fleet <file> --dist <folder> [--workloads registry|test]');
const workloads = values.workloads === 'test' ? TEST_WORKLOADS : WORKLOADS;

let started = process.hrtime.bigint();
const fleet = loadFleet(values.fleet, { knownAppCharts: Object.keys(workloads) });
const loadMs = milliseconds(started);
started = process.hrtime.bigint();
const files = renderFleet(fleet, { workloads });
const renderMs = milliseconds(started);
started = process.hrtime.bigint();
writeDist(files, values.dist);
const writeMs = milliseconds(started);
started = process.hrtime.bigint();
const rewriteWritten = writeDist(files, values.dist).written;
const rewriteMs = milliseconds(started);
const imports = (globalThis as Record<symbol, ImportTimes | undefined>)[Symbol.for('bench.importTimes')];
const measurement: RenderMeasurement = {
  startupMs,
  ...(imports ? { importsMs: Object.fromEntries(imports.byPackage) } : {}),
  loadMs,
  renderMs,
  writeMs,
  rewriteMs,
  rewriteWritten,
  files: files.length,
  maxRssKiB: process.resourceUsage().maxRSS,
};
process.stdout.write(`${JSON.stringify(measurement)}\n`);
