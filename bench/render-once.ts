/**
 * One measured render, run by bench/run.ts in a child process of its own so that peak memory
 * belongs to one fleet size. Prints one JSON line.
 *
 *   node --import tsx bench/render-once.ts --fleet f.yaml --dist out/ [--workloads registry|test]
 */
import { parseArgs } from 'node:util';
import { TEST_WORKLOADS } from '../clusters/test/support/echo-workload';
import { loadFleet } from '../clusters/fleet/load-fleet';
import { renderFleet } from '../clusters/render/render-fleet';
import { writeDist } from '../clusters/render/write-dist';
import { WORKLOADS } from '../workloads/registry';

export interface RenderMeasurement {
  /** Loading and validating the fleet file. */
  readonly loadMs: number;
  /** Rendering every cluster in memory. */
  readonly renderMs: number;
  /** Writing dist/ (staging folder and swap). */
  readonly writeMs: number;
  readonly files: number;
  /** Peak resident memory of the process, in KiB. */
  readonly maxRssKiB: number;
}

function milliseconds(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e6;
}

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
const measurement: RenderMeasurement = { loadMs, renderMs, writeMs, files: files.length, maxRssKiB: process.resourceUsage().maxRSS };
process.stdout.write(`${JSON.stringify(measurement)}\n`);
