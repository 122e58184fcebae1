/**
 * Validates the rendered tree: every object against its schema (built-in kinds through
 * kubernetes-models, custom resources against the CRD files of a folder, as kubeconform does),
 * every policy rule, and a secrets scan of the repository and the rendered tree. Findings the
 * fleet file's `policyExceptions` accept are listed with their reason; any other finding (or an
 * exception that matches nothing) is printed with file, object, field and rule id, and the exit
 * code is 1.
 *
 *   npm run validate -- <crd folder>                  e.g. ../shared/crds
 *   npm run validate -- <crd folder> --dist out/ --fleet other.yaml
 *   npm run validate -- <crd folder> --cdk-out clusters/infra/cdk.out   IAM rules over the AWS
 *                                   layer's templates (default: that folder, when it exists)
 */
import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { WORKLOADS } from '../../workloads/registry';
import { loadFleet } from '../fleet/load-fleet';
import { runGate } from './gate';
import { runCommand } from '../run-command';

const REPOSITORY_ROOT = resolve(__dirname, '..', '..');

function main(): number {
  const { values, positionals } = parseArgs({
    options: {
      dist: { type: 'string', default: resolve(REPOSITORY_ROOT, 'dist') },
      fleet: { type: 'string', default: resolve(__dirname, '..', 'fleet.yaml') },
      'cdk-out': { type: 'string', default: resolve(REPOSITORY_ROOT, 'clusters', 'infra', 'cdk.out') },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) {
    console.error('Usage: npm run validate -- <folder of CRD files> [--dist dist/] [--fleet clusters/fleet.yaml] [--cdk-out clusters/infra/cdk.out]');
    return 2;
  }
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
    crdFolder: resolve(positionals[0]),
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
