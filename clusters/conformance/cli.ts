/**
 * Checks the project's model of the world against the real charts: renders every Helm chart the
 * project installs (the AWS layer's ArgoCD and every Helm Application in dist/) with the real
 * `helm template` and exactly the values the project passes, and checks the result. Charts the
 * folder does not hold are listed as not verified, by name.
 *
 *   npm run conformance -- <charts folder>       a folder of unpacked charts (found by their Chart.yaml)
 *   npm run conformance -- <charts folder> --dist dist/ --fleet clusters/fleet.yaml
 */
import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { WORKLOADS } from '../../workloads/registry';
import { loadFleet } from '../fleet/load-fleet';
import { parseCommandLine } from '../command-line';
import { runCommand } from '../run-command';
import { CONFORMANCE_CHECKS } from './checks';
import { conformanceOfDist } from './run-conformance';

const REPOSITORY_ROOT = resolve(__dirname, '..', '..');

const USAGE = `Usage: npm run conformance -- <charts folder> [--dist dist/] [--fleet clusters/fleet.yaml]

Renders every chart the project installs (ArgoCD as the AWS layer installs it, every Helm
Application in dist/) with the real helm template and the exact values passed, from the unpacked
charts in <charts folder> (one folder per chart with its Chart.yaml, e.g. argo-cd-9.5.14/), and checks:
${CONFORMANCE_CHECKS.map((check) => `  ${check.id}: ${check.description}`).join('\n')}
A chart the folder lacks is listed as "not verified"; any finding makes the exit code 1.`;

/** The command with its arguments (after `npm run conformance --`); returns the exit code. */
export function main(args: readonly string[] = process.argv.slice(2)): number {
  const commandLine = parseCommandLine(
    {
      usage: USAGE,
      options: {
        dist: { type: 'string', default: resolve(REPOSITORY_ROOT, 'dist') },
        fleet: { type: 'string', default: resolve(REPOSITORY_ROOT, 'clusters', 'fleet.yaml') },
      },
      positionals: { min: 1, max: 1, name: 'charts folder' },
    },
    args,
  );
  if (!commandLine) return 0;
  const { values, positionals } = commandLine;
  const fleet = loadFleet(resolve(values.fleet ?? ''), { knownAppCharts: Object.keys(WORKLOADS) });
  const chartsFolder = resolve(positionals[0]);
  if (!existsSync(chartsFolder)) {
    console.error(`No charts folder at ${positionals[0]}: give the folder holding the unpacked charts (one subfolder per chart, found by its Chart.yaml).\n\n${USAGE}`);
    return 2;
  }
  const result = conformanceOfDist(fleet, resolve(values.dist ?? ''), chartsFolder);
  for (const chart of result.verified) console.log(`verified: ${chart}`);
  for (const chart of result.notVerified) {
    console.log(`not verified: ${chart.chart} ${chart.version} (${chart.repoUrl}) is not in ${relative(process.cwd(), chartsFolder) || '.'}; installed by ${chart.origins.join(', ')}`);
  }
  for (const finding of result.findings) {
    console.error(`${finding.file ?? ''}: ${finding.object} ${finding.field}: ${finding.message} [${finding.rule}]`);
  }
  if (result.findings.length > 0) {
    console.error(`${result.findings.length} finding(s).`);
    return 1;
  }
  console.log(`${result.verified.length} chart(s) conform${result.notVerified.length > 0 ? `; ${result.notVerified.length} not verified (listed above)` : ''}.`);
  return 0;
}

if (require.main === module) runCommand(() => main(), 'npm run conformance failed:');
