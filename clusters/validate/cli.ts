/**
 * Validates the rendered tree: every object against its schema (built-in kinds through
 * kubernetes-models, custom resources against the CRD files of a folder, as kubeconform does),
 * every policy rule, and a secrets scan of the repository and the rendered tree. Findings the
 * fleet file's `policyExceptions` accept are listed with their reason; any other finding (or an
 * exception that matches nothing) is printed with file, object, field and rule id, and the exit
 * code is 1.
 *
 *   npm run validate                                  custom resources against charts/imports/schemas/
 *   npm run validate -- <crd folder>                  against the CRD files of a folder instead
 *   npm run validate -- <crd folder> --dist out/ --fleet other.yaml
 *   npm run validate -- <crd folder> --cdk-out clusters/infra/cdk.out   IAM rules over the AWS
 *                                   layer's templates (default: that folder, when it exists)
 */
import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { parseCommandLine } from '../command-line';
import { WORKLOADS } from '../../workloads/registry';
import { loadFleet } from '../fleet/load-fleet';
import { runGate } from './gate';
import { runCommand } from '../run-command';

const REPOSITORY_ROOT = resolve(__dirname, '..', '..');

const USAGE = `Usage: npm run validate -- [<CRD folder>] [--dist <folder>] [--fleet <file>] [--cdk-out <folder>]

Validates every rendered object (built-in kinds with kubernetes-models, custom resources with the
schemas generated into charts/imports/schemas/, or with the CustomResourceDefinition files of
<CRD folder> when given), every policy rule, and scans the repository for secrets.
  --dist <folder>      rendered tree (default: dist/)
  --fleet <file>       fleet file (default: clusters/fleet.yaml)
  --cdk-out <folder>   cloud assembly for the IAM rules (default: clusters/infra/cdk.out, when it exists)
  --help               print this usage`;

function main(): number {
  const commandLine = parseCommandLine({
    usage: USAGE,
    positionals: { min: 0, max: 1, name: 'CRD folder' },
    options: {
      dist: { type: 'string', default: resolve(REPOSITORY_ROOT, 'dist') },
      fleet: { type: 'string', default: resolve(__dirname, '..', 'fleet.yaml') },
      'cdk-out': { type: 'string', default: resolve(REPOSITORY_ROOT, 'clusters', 'infra', 'cdk.out') },
    },
  });
  if (!commandLine) return 0;
  const { values, positionals } = commandLine;
  const fleetFile = resolve(values.fleet ?? '');
  const fleet = loadFleet(fleetFile, { knownAppCharts: Object.keys(WORKLOADS) });
  const distDir = values.dist ?? '';
  const relativeFleetFile = relative(REPOSITORY_ROOT, fleetFile);
  const cdkOut = values['cdk-out'] && existsSync(values['cdk-out']) ? values['cdk-out'] : undefined;
  if (!cdkOut) console.log(`No cloud assembly at ${values['cdk-out'] ?? ''}: the IAM rules over CloudFormation templates were skipped (synthesize the AWS layer first to include them).`);
  const { findings, accepted } = runGate({
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
  if (findings.length > 0) {
    console.error(`${findings.length} finding(s).`);
    return 1;
  }
  console.log(`All rendered objects in ${relative(process.cwd(), distDir) || '.'} are valid and meet every policy${accepted.length > 0 ? ` (${accepted.length} accepted with a written reason)` : ''}; no secrets in the repository.`);
  return 0;
}

runCommand(main);
