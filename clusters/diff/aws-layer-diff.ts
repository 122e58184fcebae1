import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { checkoutCommit, hasAwsLayer, synthesizeCheckout } from './cloud-assembly';
import { AwsLayerDiff } from './format-diff';
import { CloudAssembly, diffAssemblies, readCloudAssembly } from './template-diff';

/**
 * The AWS layer of the working tree against that of `commit`. Each side is read from a given
 * cloud assembly or synthesized into a temporary folder, removed afterwards with the base's
 * checkout. A working tree that does not synthesize is an error; a base that does not is
 * reported as not compared, with the reason, so the rendered diff still shows.
 */
export function compareAwsLayer(repository: string, commit: string, baseName: string, given: { baseAssembly?: string; headAssembly?: string } = {}): AwsLayerDiff {
  if (!given.headAssembly && !hasAwsLayer(repository)) return { skipped: `the working tree has no AWS layer (no "cdk:synth" script in package.json)` };
  const scratch = mkdtempSync(join(tmpdir(), 'aws-diff-'));
  try {
    const head: CloudAssembly = readCloudAssembly(given.headAssembly ? resolve(given.headAssembly) : synthesizeCheckout(repository, join(scratch, 'head')));
    let baseAssembly: CloudAssembly;
    if (given.baseAssembly) baseAssembly = readCloudAssembly(resolve(given.baseAssembly));
    else {
      const checkout = checkoutCommit(repository, commit);
      try {
        baseAssembly = hasAwsLayer(checkout.root) ? readCloudAssembly(synthesizeCheckout(checkout.root, join(scratch, 'base'))) : { templates: [], assetHashes: new Set() };
      } catch (error) {
        return { skipped: `the AWS layer of ${baseName} does not synthesize: ${(error as Error).message}` };
      } finally {
        checkout.dispose();
      }
    }
    return { diff: diffAssemblies(baseAssembly, head), base: baseName };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
