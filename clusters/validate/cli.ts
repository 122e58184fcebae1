/**
 * Validates the rendered tree: every object against its schema (built-in kinds through
 * kubernetes-models, custom resources against the schemas generated into charts/imports/schemas/
 * or, when a folder is given, against its CRD files, as kubeconform does),
 * every policy rule, the IAM rules over the AWS layer's CloudFormation templates, and a secrets
 * scan of the repository and the rendered tree. Findings the fleet file's `policyExceptions`
 * accept are listed with their reason; any other finding (or an exception that matches nothing)
 * is printed with file, object, field and rule id, and the exit code is 1. The last line says
 * what ran. See USAGE below.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { parseCommandLine } from '../command-line';
import { WORKLOADS } from '../../workloads/registry';
import { synthesizeCheckout } from '../diff/cloud-assembly';
import { loadFleet } from '../fleet/load-fleet';
import { runCommand } from '../run-command';
import { newerSource } from './cloud-assembly-freshness';
import { runGate } from './gate';
import { ranLine } from './ran-line';

const REPOSITORY_ROOT = resolve(__dirname, '..', '..');
const DEFAULT_FLEET = resolve(REPOSITORY_ROOT, 'clusters', 'fleet.yaml');
const DEFAULT_DIST = resolve(REPOSITORY_ROOT, 'dist');
const DEFAULT_CDK_OUT = resolve(REPOSITORY_ROOT, 'clusters', 'infra', 'cdk.out');

const USAGE = `Usage: npm run validate -- [<folder of CRD files>] [options]

Validates every rendered object (built-in kinds with kubernetes-models, custom resources with the
schemas generated into charts/imports/schemas/, or with the CustomResourceDefinition files of the
folder when one is given), every policy rule, the IAM rules over the AWS layer's templates, and
scans the repository for secrets. The last line says what ran.

Options:
  --dist <folder>      rendered tree to validate (default: dist/)
  --fleet <file>       fleet file (default: clusters/fleet.yaml)
  --cdk-out <folder>   cloud assembly whose templates the CloudFormation rules read; refused when
                       older than the AWS layer's sources (default: clusters/infra/cdk.out when
                       current, otherwise the AWS layer is synthesized first)
  --skip-cdk           do not read or synthesize the AWS layer: the CloudFormation rules are skipped
  --help               show this text`;

function shown(path: string): string {
  const inside = relative(process.cwd(), path);
  return inside === '' ? '.' : inside.startsWith('..') || isAbsolute(inside) ? path : inside;
}

/** The command with its arguments (after `npm run validate --`); returns the exit code. */
export function main(args: readonly string[] = process.argv.slice(2)): number {
  const commandLine = parseCommandLine({
    usage: USAGE,
    positionals: { min: 0, max: 1, name: 'CRD folder' },
    options: {
      dist: { type: 'string', default: DEFAULT_DIST },
      fleet: { type: 'string', default: DEFAULT_FLEET },
      'cdk-out': { type: 'string' },
      'skip-cdk': { type: 'boolean', default: false },
    },
  }, args);
  if (!commandLine) return 0;
  const { values, positionals } = commandLine;
  const fleetFile = resolve(values.fleet ?? DEFAULT_FLEET);
  const distDir = resolve(values.dist ?? DEFAULT_DIST);
  const fleet = loadFleet(fleetFile, { knownAppCharts: Object.keys(WORKLOADS) });
  const sources = { repositoryRoot: REPOSITORY_ROOT, fleetFile, distDir };
  let cdkOut: string | undefined;
  let cloudFormation = '--skip-cdk';
  if (!values['skip-cdk']) {
    const given = values['cdk-out'] ? resolve(values['cdk-out']) : undefined;
    if (given) {
      if (!existsSync(join(given, 'manifest.json'))) throw new Error(`--cdk-out ${shown(given)} holds no cloud assembly; run \`npm run cdk:synth\`, or leave --cdk-out out and validate synthesizes the AWS layer.`);
      const newer = newerSource(given, sources);
      if (newer) {
        throw new Error(
          `--cdk-out ${shown(given)} is stale: it was synthesized at ${newer.synthesized.toISOString()}, before ${newer.file} changed (${newer.modified.toISOString()}). ` +
            'Run `npm run cdk:synth` again, or leave --cdk-out out and validate synthesizes the AWS layer itself.',
        );
      }
      cdkOut = given;
      cloudFormation = `read from ${shown(given)}`;
    } else {
      // The AWS layer's own synthesis reads the default fleet file and dist/; other inputs need an assembly made for them.
      const defaults = fleetFile === DEFAULT_FLEET && distDir === DEFAULT_DIST;
      const present = existsSync(join(DEFAULT_CDK_OUT, 'manifest.json'));
      const newer = defaults && present ? newerSource(DEFAULT_CDK_OUT, sources) : undefined;
      if (!defaults) {
        cloudFormation = `the AWS layer is synthesized from clusters/fleet.yaml and dist/ only; pass --cdk-out with an assembly synthesized for ${shown(fleetFile)}`;
      } else if (present && !newer) {
        cdkOut = DEFAULT_CDK_OUT;
        cloudFormation = `read from ${shown(DEFAULT_CDK_OUT)}, newer than every source`;
      } else {
        const reason = newer ? `${shown(DEFAULT_CDK_OUT)} was older than ${newer.file}` : `there was no ${shown(DEFAULT_CDK_OUT)}`;
        console.log(`Synthesizing the AWS layer (${reason})…`);
        cdkOut = synthesizeCheckout(REPOSITORY_ROOT, DEFAULT_CDK_OUT);
        cloudFormation = `synthesized now: ${reason}`;
      }
    }
  }
  const relativeFleetFile = relative(REPOSITORY_ROOT, fleetFile);
  const { findings, accepted, summary } = runGate({
    fleet,
    fleetFile: relativeFleetFile.startsWith('..') || isAbsolute(relativeFleetFile) ? fleetFile : relativeFleetFile,
    distDir,
    crdFolder: positionals[0] === undefined ? undefined : resolve(positionals[0]),
    repositoryRoot: REPOSITORY_ROOT,
    cdkOut,
  });
  for (const { finding, exception } of accepted) {
    console.log(`accepted: ${finding.file ?? ''}: ${finding.object} ${finding.field} [${finding.rule}] because: ${exception.reason}`);
  }
  for (const finding of findings) {
    console.error(`${finding.file ?? ''}: ${finding.object} ${finding.field}: ${finding.message} [${finding.rule}]`);
  }
  const ran = ranLine(summary, accepted.length, cloudFormation);
  if (findings.length > 0) {
    console.error(`${findings.length} finding(s) in ${shown(distDir)}.`);
    console.error(ran);
    return 1;
  }
  console.log(`Every rendered object in ${shown(distDir)} is valid and meets every policy; no secrets in the repository.`);
  console.log(ran);
  return 0;
}

if (require.main === module) runCommand(() => main());
