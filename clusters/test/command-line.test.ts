import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { main as bench } from '../../bench/run';
import { parseCommandLine, UsageError } from '../command-line';
import { main as conformance } from '../conformance/cli';
import { runDiff as diff } from '../diff/cli';
import { main as importCrds } from '../import-crds';
import { main as synth } from '../synth';
import { main as validate } from '../validate/cli';
import { runInProcess } from './support/in-process-command';

const REPOSITORY_ROOT = join(__dirname, '..', '..');
/** Each command's script (what `npm run` starts) and its entry function. */
const COMMANDS: Record<string, { readonly script: string; readonly main: (args: readonly string[]) => number }> = {
  synth: { script: 'clusters/synth.ts', main: synth },
  validate: { script: 'clusters/validate/cli.ts', main: validate },
  diff: { script: 'clusters/diff/cli.ts', main: diff },
  bench: { script: 'bench/run.ts', main: bench },
  'import:crds': { script: 'clusters/import-crds.ts', main: importCrds },
  conformance: { script: 'clusters/conformance/cli.ts', main: conformance },
};

/** Runs a command as `npm run` does (node with tsx), returning its exit code and output. */
async function run(script: string, args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script, ...args], { cwd: REPOSITORY_ROOT, encoding: 'utf8' });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('every command line', () => {
  const entries = Object.entries(COMMANDS);

  // Each command starts a Node process with tsx: seconds each on a loaded machine.
  jest.setTimeout(120_000);

  // In this process: the usage errors below start each command's own process.
  it('prints its usage on --help and exits 0', () => {
    for (const [command, { main }] of entries) {
      const result = runInProcess(() => main(['--help']));
      expect({ command, code: result.status, usage: result.stdout.startsWith(`Usage: npm run ${command}`) }).toEqual({ command, code: 0, usage: true });
    }
  });

  it('answers a usage error with one line saying what is wrong, the usage, exit code 2 and no stack trace', async () => {
    const results = await Promise.all(entries.map(([, { script }]) => run(script, ['--no-such-option'])));
    results.forEach((result, index) => {
      const [first, blank, usage] = result.stderr.split('\n');
      expect({ command: entries[index][0], code: result.code, first, blank, usage: usage.startsWith('Usage:'), trace: /^\s+at /m.test(result.stderr) }).toEqual({
        command: entries[index][0],
        code: 2,
        first: "Unknown option '--no-such-option'",
        blank: '',
        usage: true,
        trace: false,
      });
    });
  });
});

describe('parseCommandLine', () => {
  const spec = { usage: 'Usage: x', options: { name: { type: 'string' as const } }, positionals: { min: 1, max: 1, name: 'input folder' } };

  it('returns the values and positionals of a valid command line', () => {
    expect(parseCommandLine(spec, ['in/', '--name', 'a'])).toMatchObject({ values: { name: 'a' }, positionals: ['in/'] });
  });

  it.each([
    [['--name'], "Option '--name <value>' argument missing"],
    [[], 'missing input folder'],
    [['a', 'b'], 'unexpected argument "b"'],
  ])('refuses %j: %s', (args, message) => {
    expect(() => parseCommandLine(spec, args)).toThrow(new UsageError(message, spec.usage));
  });
});
