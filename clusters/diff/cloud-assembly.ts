import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Synthesizes the AWS layer (the CDK app in clusters/infra) of a checkout, the way that checkout
 * itself does it: its own `npm run cdk:synth`, with its own code and dependencies, offline, into
 * a folder of the caller's choosing. The base of a comparison is checked out with
 * `git worktree add` into a temporary folder, so the working tree is never touched.
 */

/** What `synthesizeCheckout` runs: the checkout's own script, with the output folder appended. */
export const SYNTH_SCRIPT = 'cdk:synth';

function run(command: string, args: readonly string[], cwd: string): string {
  try {
    return execFileSync(command, [...args], {
      cwd,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'],
      // No credentials are needed, and none should be used or looked for.
      env: { ...process.env, CDK_DISABLE_VERSION_CHECK: 'true', AWS_EC2_METADATA_DISABLED: 'true' },
    });
  } catch (error) {
    const failure = error as { stderr?: string; stdout?: string; message: string };
    const output = `${failure.stderr ?? ''}${failure.stdout ?? ''}`.trim().split('\n').slice(-20).join('\n');
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${output || failure.message}`);
  }
}

function scriptsOf(root: string): Record<string, string> {
  const manifest = join(root, 'package.json');
  if (!existsSync(manifest)) return {};
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {};
}

/** True when the checkout at `root` has an AWS layer to synthesize (a `cdk:synth` script). */
export function hasAwsLayer(root: string): boolean {
  return SYNTH_SCRIPT in scriptsOf(root);
}

/**
 * How the checkout's `cdk:synth` script starts with `args` appended: a script that is a plain
 * `node` command line (words without shell syntax, as this repository's is) is started with this
 * Node.js directly, as npm would start it but without npm's own start-up; any other script
 * through `npm run`.
 */
export function synthCommand(root: string, args: readonly string[]): { command: string; args: string[] } {
  const words = (scriptsOf(root)[SYNTH_SCRIPT] ?? '').split(' ').filter((word) => word !== '');
  if (words[0] === 'node' && words.every((word) => /^[\w@%+=:,./-]+$/.test(word))) return { command: process.execPath, args: [...words.slice(1), ...args] };
  return { command: 'npm', args: ['run', '--silent', SYNTH_SCRIPT, '--', ...args] };
}

/**
 * Runs the checkout's `npm run cdk:synth -- --output <outDir>` (plus `extraArgs`, e.g. context
 * values; see `synthCommand`); returns `outDir`.
 */
export function synthesizeCheckout(root: string, outDir: string, extraArgs: readonly string[] = []): string {
  const { command, args } = synthCommand(root, ['--output', resolve(outDir), ...extraArgs]);
  run(command, args, root);
  return resolve(outDir);
}

/** A temporary clean checkout of one commit; `dispose` removes it and its worktree entry. */
export interface TemporaryCheckout {
  readonly root: string;
  /** How its dependencies were provided: `linked` to the working tree's node_modules (package-lock.json identical) or `installed`. */
  readonly dependencies: 'linked' | 'installed';
  dispose(): void;
}

/**
 * Checks `commit` of `repository` out into a temporary folder (`git worktree add --detach`).
 * Dependencies: when the commit's package-lock.json is byte-identical to the repository's,
 * the repository's node_modules is linked in; otherwise the commit's own lock is installed
 * (`npm ci --ignore-scripts`).
 */
export function checkoutCommit(repository: string, commit: string): TemporaryCheckout {
  const parent = mkdtempSync(join(tmpdir(), 'base-checkout-'));
  const root = join(parent, 'checkout');
  run('git', ['worktree', 'add', '--detach', '--quiet', root, commit], repository);
  const dispose = () => {
    try {
      run('git', ['worktree', 'remove', '--force', root], repository);
    } catch {
      // Removed below either way; prune forgets the entry.
    }
    rmSync(parent, { recursive: true, force: true });
    try {
      run('git', ['worktree', 'prune'], repository);
    } catch {
      // Nothing to prune.
    }
  };
  try {
    const lock = (folder: string) => (existsSync(join(folder, 'package-lock.json')) ? readFileSync(join(folder, 'package-lock.json')) : undefined);
    const ours = lock(repository);
    const theirs = lock(root);
    const shared = ours !== undefined && theirs !== undefined && ours.equals(theirs) && existsSync(join(repository, 'node_modules'));
    if (shared) symlinkSync(join(resolve(repository), 'node_modules'), join(root, 'node_modules'), 'dir');
    else if (existsSync(join(root, 'package.json'))) run('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], root);
    return { root, dependencies: shared ? 'linked' : 'installed', dispose };
  } catch (error) {
    dispose();
    throw error;
  }
}
