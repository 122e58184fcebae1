import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { RenderedFile } from './rendered-file';

/**
 * Replaces `folders` of `distDir` with `files`, as one step as far as the file system allows:
 * everything is written to a staging folder next to dist/ first, then swapped in by rename. A
 * render that fails before this point leaves dist/ untouched; a folder no longer rendered
 * disappears with the swap.
 *
 * `folders` undefined means the whole of dist/ is replaced.
 */
export function writeDist(files: readonly RenderedFile[], distDir: string, folders?: readonly string[]): void {
  const dist = resolve(distDir);
  const parent = dirname(dist);
  mkdirSync(parent, { recursive: true });
  const staging = mkdtempSync(join(parent, '.dist-staging-'));
  const previous = mkdtempSync(join(parent, '.dist-previous-'));
  try {
    writeFiles(staging, files);
    if (folders === undefined) {
      if (existsSync(dist)) renameSync(dist, join(previous, 'dist'));
      renameSync(staging, dist);
    } else {
      mkdirSync(dist, { recursive: true });
      for (const folder of folders) {
        const target = join(dist, folder);
        if (existsSync(target)) renameSync(target, join(previous, folder));
        if (existsSync(join(staging, folder))) renameSync(join(staging, folder), target);
      }
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
    rmSync(previous, { recursive: true, force: true });
  }
}

export function writeFiles(root: string, files: readonly RenderedFile[]): void {
  for (const file of files) {
    const path = join(root, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.content);
  }
}

export interface DistDifference {
  readonly path: string;
  readonly change: 'added' | 'removed' | 'changed';
}

/**
 * Renders into a temporary folder and compares it with `distDir` (restricted to `folders` when
 * given). Returns what a fresh render would add, remove or change.
 */
export function compareWithDist(files: readonly RenderedFile[], distDir: string, folders?: readonly string[]): DistDifference[] {
  const fresh = mkdtempSync(join(tmpdir(), 'dist-check-'));
  try {
    writeFiles(fresh, files);
    const roots = folders ?? [''];
    const rendered = new Set(roots.flatMap((folder) => listFiles(fresh, folder)));
    const committed = new Set(roots.flatMap((folder) => listFiles(resolve(distDir), folder)));
    const differences: DistDifference[] = [];
    for (const path of [...new Set([...rendered, ...committed])].sort()) {
      if (!committed.has(path)) differences.push({ path, change: 'added' });
      else if (!rendered.has(path)) differences.push({ path, change: 'removed' });
      else if (!readFileSync(join(fresh, path)).equals(readFileSync(join(resolve(distDir), path)))) differences.push({ path, change: 'changed' });
    }
    return differences;
  } finally {
    rmSync(fresh, { recursive: true, force: true });
  }
}

/** Files under `root/folder`, relative to `root`, with "/" separators. */
function listFiles(root: string, folder: string): string[] {
  const start = join(root, folder);
  if (!existsSync(start)) return [];
  return (readdirSync(start, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split('\\').join('/'));
}
