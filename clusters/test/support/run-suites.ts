import { join } from 'node:path';
import { REPO_ROOT } from './fleet-fixtures';

/**
 * Runs each `<path>.suite.ts` (from the repository root, `REPO_ROOT`) inside a describe block of its path, so
 * its hooks stay its own. All suites run from two Jest files, one per worker of the two-core
 * machine (aws-layer.test.ts, render.test.ts): Jest gives every test file a fresh module
 * registry, so each file loads and warms up cdk8s, the CDK libraries and the renders its fixtures
 * make again (seconds per file). Run one with `npx jest <file> -t <path>`.
 */
export function runSuites(paths: readonly string[]): void {
  for (const path of paths) {
    describe(path, () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(join(REPO_ROOT, `${path}.suite`));
    });
  }
}
