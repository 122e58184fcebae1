/**
 * Renders the fleet into dist/.
 *
 *   npm run synth                          every cluster and fleet-wide artifact
 *   npm run synth -- --cluster prod1       one cluster (repeatable)
 *   npm run synth -- --check               render to a temporary folder, list what differs
 *                                          from dist/, exit 1 when dist/ is stale
 *   npm run synth -- --fleet f.yaml --dist out/   another fleet file or output folder
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { WORKLOADS } from '../workloads/registry';
import { loadFleet } from './fleet/load-fleet';
import { ownedFolders, renderFleet } from './render/render-fleet';
import { compareWithDist, writeDist } from './render/write-dist';
import { runCommand } from './run-command';

export function main(args: readonly string[] = process.argv.slice(2)): number {
  const started = process.hrtime.bigint();
  const { values } = parseArgs({
    args: [...args],
    options: {
      cluster: { type: 'string', multiple: true },
      check: { type: 'boolean', default: false },
      fleet: { type: 'string', default: resolve(__dirname, 'fleet.yaml') },
      dist: { type: 'string', default: resolve(__dirname, '..', 'dist') },
    },
    strict: true,
  });
  const fleetFile = values.fleet ?? '';
  const distDir = values.dist ?? '';
  const fleet = loadFleet(fleetFile, { knownAppCharts: Object.keys(WORKLOADS) });
  const options = values.cluster ? { clusters: values.cluster } : {};
  const files = renderFleet(fleet, options);
  const folders = values.cluster ? ownedFolders(fleet, options) : undefined;

  if (values.check) {
    const differences = compareWithDist(files, distDir, folders);
    if (differences.length > 0) {
      console.error(`dist/ is stale: a fresh render differs in ${differences.length} file(s):`);
      for (const difference of differences) console.error(`  ${difference.change.padEnd(7)} ${difference.path}`);
      console.error('Run `npm run synth` and commit the result.');
      return 1;
    }
    console.log(`dist/ is up to date (${files.length} files).`);
    return 0;
  }
  const written = writeDist(files, distDir, folders);
  const milliseconds = Number(process.hrtime.bigint() - started) / 1e6;
  console.log(
    `Rendered ${files.length} files for ${(values.cluster ?? Object.keys(fleet.clusters)).join(', ')} into ${distDir} in ${milliseconds.toFixed(0)} ms ` +
      `(${written.written} written, ${written.removed} removed, ${written.unchanged} unchanged).`,
  );
  return 0;
}

/** The command as users run it: exit code in process.exitCode, problems on stderr. */
export function runSynth(args: readonly string[]): void {
  runCommand(() => main(args), 'Render failed; dist/ was left as it was.');
}

if (require.main === module) runSynth(process.argv.slice(2));
