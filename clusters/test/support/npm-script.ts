import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './fleet-fixtures';

/**
 * The arguments `npm run <script>` hands to `node`, read from package.json, so a test starts the
 * command as users do, without npm's own start-up. Throws when the script is not a plain `node`
 * command line.
 */
export function nodeArgumentsOf(script: string): string[] {
  const scripts = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const [program, ...args] = (scripts[script] ?? '').split(' ');
  if (program !== 'node') throw new Error(`npm script "${script}" is not a plain node command line: ${JSON.stringify(scripts[script])}`);
  return args;
}
