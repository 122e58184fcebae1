/**
 * Validates the rendered tree: every object against its schema (built-in kinds through
 * kubernetes-models, custom resources against the CRD files of a folder, as kubeconform does)
 * and every policy rule. Prints one line per finding and exits 1 when there is any.
 *
 *   npm run validate -- <crd folder>                  e.g. ../shared/crds
 *   npm run validate -- <crd folder> --dist out/ --fleet other.yaml
 */
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { WORKLOADS } from '../../workloads/registry';
import { FleetError, loadFleet } from '../fleet/load-fleet';
import { validateDist } from './validate-dist';

function main(): number {
  const { values, positionals } = parseArgs({
    options: {
      dist: { type: 'string', default: resolve(__dirname, '..', '..', 'dist') },
      fleet: { type: 'string', default: resolve(__dirname, '..', 'fleet.yaml') },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) {
    console.error('Usage: npm run validate -- <folder of CRD files> [--dist dist/] [--fleet clusters/fleet.yaml]');
    return 2;
  }
  const fleet = loadFleet(values.fleet ?? '', { knownAppCharts: Object.keys(WORKLOADS) });
  const distDir = values.dist ?? '';
  const problems = validateDist(distDir, { fleet, crdFolder: resolve(positionals[0]) });
  for (const problem of problems) {
    console.error(`${relative(process.cwd(), resolve(distDir, problem.file ?? ''))}: ${problem.object} ${problem.field}: ${problem.message} [${problem.rule}]`);
  }
  if (problems.length > 0) {
    console.error(`${problems.length} finding(s).`);
    return 1;
  }
  console.log(`All rendered objects in ${relative(process.cwd(), distDir) || '.'} are valid and meet every policy.`);
  return 0;
}

try {
  process.exitCode = main();
} catch (error) {
  console.error(error instanceof FleetError || error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
