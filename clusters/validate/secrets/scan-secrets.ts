import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { ObjectProblem } from '../object-problem';
import { isReference, SECRET_PATTERNS } from './secret-patterns';

/** Rule id of every secrets-scan finding. */
export const SECRETS_RULE_ID = 'no-secrets-in-repository';

/** A text file to scan, with the path findings are reported under. */
export interface TextFile {
  readonly path: string;
  readonly content: string;
}

/** Every secret-looking value in one file: the pattern, the line, never the value itself. */
export function scanText(file: TextFile): ObjectProblem[] {
  const problems: ObjectProblem[] = [];
  const seen = new Set<string>();
  for (const { id, description, pattern, valueGroup } of SECRET_PATTERNS) {
    for (const match of file.content.matchAll(pattern)) {
      const value = valueGroup === undefined ? match[0] : match[valueGroup] ?? '';
      if (isReference(value)) continue;
      const offset = (match.index ?? 0) + (valueGroup === undefined ? 0 : match[0].indexOf(value));
      const line = file.content.slice(0, offset).split('\n').length;
      const key = `${id}:${line}`;
      if (seen.has(key)) continue;
      seen.add(key);
      problems.push({ file: file.path, object: `text matching ${id}`, field: `line ${line}`, message: `looks like ${description}; remove it and rotate it, or list the file in policyExceptions with a reason`, rule: SECRETS_RULE_ID });
    }
  }
  return problems;
}

/** Scans every file; binary files (holding a NUL byte) are skipped. */
export function scanFiles(files: readonly TextFile[]): ObjectProblem[] {
  return files.filter((file) => !file.content.includes('\u0000')).flatMap(scanText);
}

/**
 * The repository's tracked files (`git ls-files`) and every file under `distDir` (which may not
 * be committed yet), each read once, with paths relative to the repository root. Nothing is
 * skipped: a file that must hold something secret-looking needs an exception with a reason.
 */
export function repositoryFiles(repositoryRoot: string, distDir?: string): TextFile[] {
  const root = resolve(repositoryRoot);
  const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
    .split('\u0000')
    .filter((path) => path !== '')
    .map((path) => join(root, path));
  const dist = distDir && existsSync(distDir) ? listFiles(resolve(distDir)) : [];
  const paths = [...new Set([...tracked, ...dist])].filter((path) => existsSync(path) && statSync(path).isFile()).sort();
  return paths.map((path) => ({ path: displayPath(root, path), content: readFileSync(path, 'utf8') }));
}

/** Repository-relative when inside the repository, absolute otherwise. */
function displayPath(root: string, path: string): string {
  const inside = relative(root, path);
  return inside.startsWith('..') || isAbsolute(inside) ? path : inside.split('\\').join('/');
}

function listFiles(folder: string): string[] {
  return (readdirSync(folder, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}
