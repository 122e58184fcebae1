import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { main as bench } from '../../bench/run';
import { parseCommandLine, UsageError } from '../command-line';
import { main as conformance } from '../conformance/cli';
import { runDiff as diff } from '../diff/cli';
import { main as importCrds } from '../import-crds';
import { runCommand } from '../run-command';
import { main as synth } from '../synth';
import { main as validate } from '../validate/cli';
import { runInProcess } from './support/in-process-command';
import { nodeArgumentsOf } from './support/npm-script';

const REPOSITORY_ROOT = join(__dirname, '..', '..');

/**
 * Each command's entry function, and whether this file starts its process: the commands whose
 * process another test starts end to end (synth-cli, validate-cli, render-diff) are run here in
 * this process, through the same `runCommand` their process calls.
 */
const COMMANDS: Record<string, { readonly main: (args: readonly string[]) => number; readonly spawned: boolean }> = {
  synth: { main: synth, spawned: false },
  validate: { main: validate, spawned: false },
  diff: { main: diff, spawned: false },
  bench: { main: bench, spawned: true },
  'import:crds': { main: importCrds, spawned: true },
  conformance: { main: conformance, spawned: true },
};

interface Outcome {
  readonly code: number;
  readonly stderr: string;
}

/** Runs a command's npm script as `npm run` would (without npm), returning its exit code and stderr. */
async function runScript(command: string, args: readonly string[]): Promise<Outcome> {
  try {
    const { stderr } = await promisify(execFile)(process.execPath, [...nodeArgumentsOf(command), ...args], { cwd: REPOSITORY_ROOT, encoding: 'utf8' });
    return { code: 0, stderr };
  } catch (error) {
    const failed = error as { code: number; stderr: string };
    return { code: failed.code, stderr: failed.stderr };
  }
}

/** Runs a command's entry function as its process does (`runCommand`), in this process. */
function runHere(main: (args: readonly string[]) => number, args: readonly string[]): Outcome {
  const result = runInProcess(() => runCommand(() => main(args)));
  return { code: result.status, stderr: result.stderr };
}

describe('every command line', () => {
  const entries = Object.entries(COMMANDS);

  // Each spawned command starts a Node process: a second or more each on a loaded machine.
  jest.setTimeout(120_000);

  it('prints its usage on --help and exits 0', () => {
    for (const [command, { main }] of entries) {
      const result = runInProcess(() => main(['--help']));
      expect({ command, code: result.status, usage: result.stdout.startsWith(`Usage: npm run ${command}`) }).toEqual({ command, code: 0, usage: true });
    }
  });

  it('answers a usage error with one line saying what is wrong, the usage, exit code 2 and no stack trace', async () => {
    const results = await Promise.all(entries.map(([command, { main, spawned }]) => (spawned ? runScript(command, ['--no-such-option']) : runHere(main, ['--no-such-option']))));
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
