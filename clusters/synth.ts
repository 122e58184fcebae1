/**
 * Renders the fleet into dist/.
 *
 *   npm run synth                          every cluster and fleet-wide artifact
 *   npm run synth -- --cluster prod1       one cluster (repeatable)
 *   npm run synth -- --check               render to a temporary folder, list what differs
 *                                          from dist/, exit 1 when dist/ is stale
 *   npm run synth -- --fleet f.yaml --dist out/   another fleet file or output folder
 *
 * In a repository (the folder holding dist/ has a .github folder), it also keeps
 * .github/CODEOWNERS naming the fleet's platform team (render/code-owners.ts).
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { WORKLOADS } from '../workloads/registry';
import { keepMemosBetweenRuns } from './bundle/memo';
import { Fleet } from './fleet/fleet-schema';
import { loadFleet } from './fleet/load-fleet';
import { CODE_OWNERS_FILE, renderCodeOwners } from './render/code-owners';
import { ownedFolders, renderFleet } from './render/render-fleet';
import { compareWithDist, writeDist } from './render/write-dist';
import { runCommand } from './run-command';
import { parseCommandLine } from './command-line';

const USAGE = `Usage: npm run synth -- [--cluster <name>]... [--check] [--fleet <file>] [--dist <folder>]

Renders every cluster of the fleet file into dist/ (atomic: a failed render leaves dist/ as it was).
  --cluster <name>   render only this cluster (repeatable)
  --check            render to a temporary folder, list what differs from dist/, exit 1 when stale
  --fleet <file>     fleet file (default: clusters/fleet.yaml)
  --dist <folder>    output folder (default: dist/)
  --help             print this usage`;

export function main(args: readonly string[] = process.argv.slice(2)): number {
  const started = process.hrtime.bigint();
  const commandLine = parseCommandLine(
    {
      usage: USAGE,
      options: {
        cluster: { type: 'string', multiple: true },
        check: { type: 'boolean', default: false },
        fleet: { type: 'string', default: resolve(__dirname, 'fleet.yaml') },
        dist: { type: 'string', default: resolve(__dirname, '..', 'dist') },
      },
    },
    args,
  );
  if (!commandLine) return 0;
  // Each run serialises mostly what the last one did: keep the YAML and parsed PromQL it wrote.
  keepMemosBetweenRuns();
  const { values } = commandLine;
  const fleetFile = values.fleet ?? '';
  const distDir = values.dist ?? '';
  const fleet = loadFleet(fleetFile, { knownAppCharts: Object.keys(WORKLOADS) });
  const options = values.cluster ? { clusters: values.cluster } : {};
  const files = renderFleet(fleet, options);
  const folders = values.cluster ? ownedFolders(fleet, options) : undefined;
  const codeOwners = codeOwnersOf(fleet, distDir);
  const ownersStale = codeOwners !== undefined && codeOwners.current !== codeOwners.content;

  if (values.check) {
    const differences = compareWithDist(files, distDir, folders);
    if (differences.length > 0 || ownersStale) {
      if (ownersStale) console.error(`${CODE_OWNERS_FILE} does not name the fleet's platform team as a render would.`);
      if (differences.length > 0) console.error(`dist/ is stale: a fresh render differs in ${differences.length} file(s):`);
      for (const difference of differences) console.error(`  ${difference.change.padEnd(7)} ${difference.path}`);
      console.error('Run `npm run synth` and commit the result.');
      return 1;
    }
    console.log(`dist/ is up to date (${files.length} files).`);
    return 0;
  }
  const written = writeDist(files, distDir, folders);
  if (codeOwners && ownersStale) {
    writeFileSync(`${codeOwners.file}.tmp`, codeOwners.content);
    renameSync(`${codeOwners.file}.tmp`, codeOwners.file);
  }
  const milliseconds = Number(process.hrtime.bigint() - started) / 1e6;
  console.log(
    `Rendered ${files.length} files for ${(values.cluster ?? Object.keys(fleet.clusters)).join(', ')} into ${distDir} in ${milliseconds.toFixed(0)} ms ` +
      `(${written.written} written, ${written.removed} removed, ${written.unchanged} unchanged)${ownersStale ? `; ${CODE_OWNERS_FILE} now names ${fleet.platformTeam.codeOwner}` : ''}.`,
  );
  return 0;
}

/** The repository's code owners file and what it should hold, when dist/ is in a repository and the fleet names a code owner. */
function codeOwnersOf(fleet: Fleet, distDir: string): { file: string; content: string; current?: string } | undefined {
  const content = renderCodeOwners(fleet);
  const repository = dirname(resolve(distDir));
  if (content === undefined || !existsSync(join(repository, '.github'))) return undefined;
  const file = join(repository, CODE_OWNERS_FILE);
  return { file, content, current: existsSync(file) ? readFileSync(file, 'utf8') : undefined };
}

/** The command as users run it: exit code in process.exitCode, problems on stderr. */
export function runSynth(args: readonly string[]): void {
  runCommand(() => main(args), 'Render failed; dist/ was left as it was.');
}

if (require.main === module) runSynth(process.argv.slice(2));
