import { execFileSync } from 'node:child_process';
import { RenderedFile } from '../render/rendered-file';

/** A commit to compare with, and how it was chosen. */
export interface BaseRevision {
  readonly commit: string;
  /** E.g. `merge base with main`, or the ref the user gave. */
  readonly description: string;
}

function git(repository: string, args: readonly string[], input?: string): Buffer {
  return execFileSync('git', [...args], { cwd: repository, input, maxBuffer: 1024 * 1024 * 1024, stdio: ['pipe', 'pipe', 'pipe'] });
}

function tryGit(repository: string, args: readonly string[]): string | undefined {
  try {
    return git(repository, args).toString('utf8').trim();
  } catch {
    return undefined;
  }
}

/**
 * The commit to compare with: `ref` when given; otherwise the merge base of HEAD with the main
 * branch (local `main`, then `origin/main`); otherwise HEAD itself, so a branch-less checkout
 * still shows what its working tree changes.
 */
export function resolveBase(repository: string, ref?: string): BaseRevision {
  if (ref) {
    const commit = tryGit(repository, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
    if (!commit) throw new Error(`"${ref}" is not a commit in ${repository}; pass a branch, tag or commit with --base.`);
    return { commit, description: ref };
  }
  for (const main of ['main', 'origin/main']) {
    const commit = tryGit(repository, ['merge-base', 'HEAD', main]);
    if (commit) return { commit, description: `merge base with ${main}` };
  }
  const head = tryGit(repository, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
  if (!head) throw new Error(`${repository} has no commit to compare with; commit first or pass --base.`);
  return { commit: head, description: 'HEAD (no main branch found)' };
}

/**
 * The files of `folder` (default dist) at `commit`, relative to that folder, read in one
 * `git cat-file --batch` call: no checkout, the working tree is not touched.
 */
export function filesAtCommit(repository: string, commit: string, folder = 'dist'): RenderedFile[] {
  const paths = git(repository, ['ls-tree', '-r', '-z', '--name-only', commit, '--', `${folder}/`])
    .toString('utf8')
    .split('\u0000')
    .filter((path) => path !== '');
  if (paths.length === 0) return [];
  const output = git(repository, ['cat-file', '--batch'], paths.map((path) => `${commit}:${path}`).join('\n') + '\n');
  const files: RenderedFile[] = [];
  let offset = 0;
  for (const path of paths) {
    const headerEnd = output.indexOf(0x0a, offset);
    const header = output.subarray(offset, headerEnd).toString('utf8');
    const size = Number(header.split(' ')[2]);
    if (!Number.isInteger(size)) throw new Error(`git cat-file could not read ${path} at ${commit}: ${header}`);
    files.push({ path: path.slice(folder.length + 1), content: output.subarray(headerEnd + 1, headerEnd + 1 + size).toString('utf8') });
    offset = headerEnd + 1 + size + 1;
  }
  return files;
}

/** Short form of a commit for headings. */
export function shortCommit(repository: string, commit: string): string {
  return tryGit(repository, ['rev-parse', '--short', commit]) ?? commit.slice(0, 12);
}
