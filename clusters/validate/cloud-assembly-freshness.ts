import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Whether a cloud assembly (`cdk synth` output) still describes the sources it was synthesized
 * from: the AWS layer's code and what it reads (the fleet file, the fleet loader, the rendered
 * tree, the platform code it shares, the locked dependencies). A source modified after the
 * assembly's manifest was written makes it stale.
 */

export interface AwsLayerSources {
  readonly repositoryRoot: string;
  readonly fleetFile: string;
  readonly distDir: string;
}

/** A source newer than the assembly. */
export interface NewerSource {
  /** Path relative to the repository root. */
  readonly file: string;
  readonly modified: Date;
  readonly synthesized: Date;
}

/**
 * Folders of code the AWS layer is built from (its own, the fleet loader, and the platform code
 * it shares names and facts with); tests, READMEs and synthesized output are not sources.
 */
const CODE_FOLDERS = ['clusters/infra', 'clusters/fleet', 'platform', 'charts', 'workloads'];
const SKIPPED_FOLDERS = new Set(['node_modules', 'cdk.out', 'test', '.git']);
const CODE_FILE = /\.(ts|json|ya?ml)$/;

function* filesUnder(folder: string, accept: (name: string) => boolean): Generator<string> {
  if (!existsSync(folder)) return;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(entry.name) && !entry.name.startsWith('.')) yield* filesUnder(path, accept);
    } else if (accept(entry.name)) yield path;
  }
}

function sourceFiles(sources: AwsLayerSources): string[] {
  const code = CODE_FOLDERS.flatMap((folder) => [...filesUnder(join(sources.repositoryRoot, folder), (name) => CODE_FILE.test(name) && !name.endsWith('.test.ts'))]);
  return [...code, ...filesUnder(sources.distDir, () => true), join(sources.repositoryRoot, 'package-lock.json'), sources.fleetFile].filter((file) => existsSync(file));
}

/** When the assembly at `cdkOut` was synthesized, or undefined when there is none. */
export function synthesizedAt(cdkOut: string): Date | undefined {
  const manifest = join(cdkOut, 'manifest.json');
  return existsSync(manifest) ? statSync(manifest).mtime : undefined;
}

/** The most recently modified source newer than the assembly, or undefined when the assembly is current. */
export function newerSource(cdkOut: string, sources: AwsLayerSources): NewerSource | undefined {
  const synthesized = synthesizedAt(cdkOut);
  if (!synthesized) throw new Error(`${cdkOut} holds no cloud assembly (no manifest.json).`);
  let newest: { file: string; modified: Date } | undefined;
  for (const file of sourceFiles(sources)) {
    const modified = statSync(file).mtime;
    if (modified > synthesized && (!newest || modified > newest.modified)) newest = { file, modified };
  }
  return newest && { file: relative(sources.repositoryRoot, newest.file).split('\\').join('/'), modified: newest.modified, synthesized };
}
