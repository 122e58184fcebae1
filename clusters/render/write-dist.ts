import { Dirent, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { RenderedFile } from './rendered-file';

/** What a write changed in dist/. */
export interface WriteSummary {
  /** Files created or whose bytes changed. */
  readonly written: number;
  /** Files no longer rendered, deleted. */
  readonly removed: number;
  /** Files whose bytes were already right, left untouched (same inode, same modification time). */
  readonly unchanged: number;
}

/**
 * Brings `folders` of `distDir` to exactly `files`, touching only what differs: a file whose
 * bytes are already right is not rewritten, a file no longer rendered is deleted (and folders
 * left empty with it), and every new or changed file is first written to a staging folder next
 * to dist/ and then moved into place by rename. A render that fails never reaches this point,
 * and a write that fails while staging leaves dist/ untouched; only renames and deletions touch
 * dist/. A folder dist/ does not have yet (a new cluster or app, or dist/ itself) is staged whole
 * and moved in with one rename.
 *
 * `folders` undefined means the whole of dist/ is owned by the render.
 */
export function writeDist(files: readonly RenderedFile[], distDir: string, folders?: readonly string[]): WriteSummary {
  const dist = resolve(distDir);
  const roots = folders ?? [''];
  const owned = (path: string) => roots.some((root) => root === '' || path === root || path.startsWith(`${root}/`));
  const outside = files.filter((file) => !owned(file.path));
  if (outside.length > 0) throw new Error(`Rendered file ${outside[0].path} lies outside the folders being written (${roots.join(', ')}).`);

  const listing = existsSync(dist) ? roots.map((root) => list(dist, root)) : [];
  const existing = new Set(listing.flatMap((entries) => entries.files));
  // Folders above the written ones are dist/'s as they are: counted as present when they are.
  const above = roots.flatMap((root) => ancestors(root)).filter((folder) => existsSync(join(dist, folder)));
  const existingFolders = new Set(['', ...above, ...listing.flatMap((entries) => entries.folders)]);
  const changed = files.filter((file) => !existing.has(file.path) || !sameBytes(join(dist, file.path), file.content));
  const rendered = new Set(files.map((file) => file.path));
  const stale = [...existing].filter((path) => !rendered.has(path));
  if (changed.length === 0 && stale.length === 0) return { written: 0, removed: 0, unchanged: files.length };
  // The outermost folders dist/ lacks: each holds only new files, so it moves in whole.
  const newFolders = new Set(changed.map((file) => outermostMissingFolder(file.path, existingFolders)).filter((folder) => folder !== undefined));

  mkdirSync(dirname(dist), { recursive: true });
  const staging = mkdtempSync(join(dirname(dist), '.dist-staging-'));
  try {
    writeFiles(staging, changed);
    if (!existsSync(dist)) {
      renameSync(staging, dist);
      return { written: changed.length, removed: 0, unchanged: 0 };
    }
    for (const path of stale) unlinkSync(join(dist, path));
    removeEmptyFolders(dist, stale);
    mkdirSync(dist, { recursive: true });
    for (const folder of newFolders) {
      mkdirSync(dirname(join(dist, folder)), { recursive: true });
      renameSync(join(staging, folder), join(dist, folder));
    }
    const folders = new Set<string>();
    for (const file of changed) {
      if (topFolder(file.path, newFolders) !== undefined) continue;
      const folder = dirname(join(dist, file.path));
      if (!folders.has(folder)) {
        mkdirSync(folder, { recursive: true });
        folders.add(folder);
      }
      renameSync(join(staging, file.path), join(dist, file.path));
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return { written: changed.length, removed: stale.length, unchanged: files.length - changed.length };
}

/** The folders `path` lies in, outermost first ("a/b/c.yaml": "a", "a/b"). */
function ancestors(path: string): string[] {
  const parts = path.split('/').slice(0, -1);
  return parts.map((_, index) => parts.slice(0, index + 1).join('/'));
}

/** The outermost folder on the way to `path` that is not among `existingFolders`, if any. */
function outermostMissingFolder(path: string, existingFolders: ReadonlySet<string>): string | undefined {
  return ancestors(path).find((folder) => !existingFolders.has(folder));
}

/** The folder of `roots` that `path` lies in, if any. */
function topFolder(path: string, roots: ReadonlySet<string>): string | undefined {
  for (const root of roots) if (path.startsWith(`${root}/`)) return root;
  return undefined;
}

function sameBytes(path: string, content: string): boolean {
  const current = readFileSync(path);
  return current.length === Buffer.byteLength(content) && current.equals(Buffer.from(content));
}

/** Deletes the folders that held `deleted` files when nothing is left in them, deepest first. */
function removeEmptyFolders(dist: string, deleted: readonly string[]): void {
  const candidates = new Set<string>();
  for (const path of deleted) {
    for (let folder = dirname(path); folder !== '.' && folder !== ''; folder = dirname(folder)) candidates.add(folder);
  }
  for (const folder of [...candidates].sort((a, b) => b.length - a.length)) {
    const absolute = join(dist, folder);
    if (existsSync(absolute) && readdirSync(absolute).length === 0) rmdirSync(absolute);
  }
}

/** Writes `files` under `root`, creating each folder once. */
export function writeFiles(root: string, files: readonly RenderedFile[]): void {
  const folders = new Set<string>();
  for (const file of files) {
    const path = join(root, file.path);
    const folder = dirname(path);
    if (!folders.has(folder)) {
      mkdirSync(folder, { recursive: true });
      folders.add(folder);
    }
    writeFileSync(path, file.content);
  }
}

export interface DistDifference {
  readonly path: string;
  readonly change: 'added' | 'removed' | 'changed';
}

/**
 * Compares `files` with `distDir` (restricted to `folders` when given) without writing
 * anything. Returns what a fresh render would add, remove or change, sorted by path.
 */
export function compareWithDist(files: readonly RenderedFile[], distDir: string, folders?: readonly string[]): DistDifference[] {
  const dist = resolve(distDir);
  const roots = folders ?? [''];
  const committed = new Set(roots.flatMap((folder) => listFiles(dist, folder)));
  const rendered = new Map(files.map((file) => [file.path, file.content]));
  const differences: DistDifference[] = [];
  for (const path of [...new Set([...rendered.keys(), ...committed])].sort()) {
    const content = rendered.get(path);
    if (!committed.has(path)) differences.push({ path, change: 'added' });
    else if (content === undefined) differences.push({ path, change: 'removed' });
    else if (!sameBytes(join(dist, path), content)) differences.push({ path, change: 'changed' });
  }
  return differences;
}

/** Files under `root/folder`, relative to `root`, with "/" separators. */
function listFiles(root: string, folder: string): string[] {
  return list(root, folder).files;
}

/** Files and folders under `root/folder` (the folder itself included when it exists), relative to `root`, with "/" separators. */
function list(root: string, folder: string): { files: string[]; folders: string[] } {
  const start = join(root, folder);
  if (!existsSync(start)) return { files: [], folders: [] };
  const files: string[] = [];
  const folders = folder === '' ? [] : [folder];
  for (const entry of readdirSync(start, { recursive: true, withFileTypes: true }) as Dirent[]) {
    const path = relative(root, join(entry.parentPath, entry.name)).split('\\').join('/');
    if (entry.isFile()) files.push(path);
    else if (entry.isDirectory()) folders.push(path);
  }
  return { files, folders };
}
