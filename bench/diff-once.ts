/**
 * How big the review of a one-line fleet change is, for one fleet: renders the fleet and the
 * fleet after `withImageBump` (one image of one team's app, which runs on every cluster) in one
 * process, diffs the two renders as `npm run diff` does, and prints one JSON line. Run by
 * bench/run.ts once per size (it measures sizes, not time).
 *
 *   node --import tsx bench/diff-once.ts --fleet f.yaml [--workloads registry|test]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parse, stringify } from 'yaml';
import { TEST_WORKLOADS } from '../clusters/test/support/echo-workload';
import { formatMarkdown, formatText } from '../clusters/diff/format-diff';
import { diffRenders } from '../clusters/diff/render-diff';
import { FleetInput } from '../clusters/fleet/fleet-schema';
import { parseFleet } from '../clusters/fleet/load-fleet';
import { renderFleet } from '../clusters/render/render-fleet';
import { WORKLOADS } from '../workloads/registry';
import { withImageBump } from './synthetic-fleet';

export interface DiffMeasurement {
  /** Lines of the fleet file the change touches (1 when the change is what it claims). */
  readonly fleetLinesChanged: number;
  /** Rendered files whose content differs. */
  readonly filesChanged: number;
  /** Objects the diff lists as added, removed, changed or moved. */
  readonly objectsChanged: number;
  /** Characters of the terminal diff (`npm run diff`). */
  readonly textChars: number;
  /** Characters of the pull-request comment (`npm run diff -- --format markdown`). */
  readonly markdownChars: number;
}

const { values } = parseArgs({ options: { fleet: { type: 'string' }, workloads: { type: 'string', default: 'registry' } }, strict: true });
if (!values.fleet) throw new Error('Usage: diff-once.ts --fleet <file> [--workloads registry|test]');
const workloads = values.workloads === 'test' ? TEST_WORKLOADS : WORKLOADS;
const options = { knownAppCharts: Object.keys(workloads) };

const baseText = readFileSync(values.fleet, 'utf8');
const headText = stringify(withImageBump(parse(baseText) as FleetInput).fleet);
const baseLines = baseText.split('\n');
const headLines = headText.split('\n');
const fleetLinesChanged = baseLines.length === headLines.length ? baseLines.filter((line, index) => line !== headLines[index]).length : Math.abs(baseLines.length - headLines.length) + 1;

const base = renderFleet(parseFleet(baseText, values.fleet, options), { workloads });
const head = renderFleet(parseFleet(headText, values.fleet, options), { workloads });
const baseByPath = new Map(base.map((file) => [file.path, file.content]));
const headPaths = new Set(head.map((file) => file.path));
const filesChanged = head.filter((file) => baseByPath.get(file.path) !== file.content).length + base.filter((file) => !headPaths.has(file.path)).length;
const diff = diffRenders(base, head);
const heading = { base: 'the fleet before the change' };
const measurement: DiffMeasurement = {
  fleetLinesChanged,
  filesChanged,
  objectsChanged: diff.counts.added + diff.counts.removed + diff.counts.changed + diff.counts.moved,
  textChars: formatText(diff, heading).length,
  markdownChars: formatMarkdown(diff, heading).length,
};
process.stdout.write(`${JSON.stringify(measurement)}\n`);
