import { join } from 'node:path';

/**
 * Runs each `<name>.suite.ts` of `folder` inside a describe block of its name, so its hooks stay
 * its own. Suites run this way from one Jest file share what it loads: Jest gives every test file
 * a fresh module registry, so each file loads cdk8s, the CDK libraries and the renders its
 * fixtures make at import again (seconds per file). Run one with `npx jest <file> -t <name>`.
 */
export function runSuites(folder: string, names: readonly string[]): void {
  for (const name of names) {
    describe(name, () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(join(folder, `${name}.suite`));
    });
  }
}
