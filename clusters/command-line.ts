import { parseArgs, ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

/** A command line that cannot be run as given: one line saying why, then the usage, exit 2. */
export class UsageError extends Error {
  public override readonly name = 'UsageError';

  public constructor(
    message: string,
    public readonly usage: string,
  ) {
    super(message);
  }
}

export interface CommandLineSpec<O extends Options> {
  /** Printed on --help (exit 0) and after a usage error (exit 2). */
  readonly usage: string;
  readonly options: O;
  /** How many positional arguments the command takes. Default: none. */
  readonly positionals?: { readonly min: number; readonly max: number; readonly name: string };
}

/**
 * Node's `util.parseArgs`, plus what every command of the project shares: `--help` prints the
 * usage, and an unknown option, a missing value or a wrong number of arguments becomes a
 * `UsageError` (which `runCommand` turns into one line and exit code 2) instead of a stack trace.
 * Returns undefined when the usage was printed for --help.
 */
export function parseCommandLine<O extends Options>(spec: CommandLineSpec<O>, args: readonly string[] = process.argv.slice(2)) {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(spec.usage);
    return undefined;
  }
  const positionals = spec.positionals ?? { min: 0, max: 0, name: '' };
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: spec.options, allowPositionals: positionals.max > 0, strict: true });
  } catch (error) {
    // parseArgs's messages end with advice for programmers ("To specify a positional argument ...").
    // Not `instanceof Error`: parseArgs's errors come from Node's own realm.
    const text = String((error as { message?: unknown }).message ?? error);
    const message = text.split('. ')[0].replace(/\.$/, '');
    throw new UsageError(message, spec.usage);
  }
  const count = parsed.positionals.length;
  if (count < positionals.min) throw new UsageError(`missing ${positionals.name}`, spec.usage);
  if (count > positionals.max) throw new UsageError(`unexpected argument "${parsed.positionals[positionals.max]}"`, spec.usage);
  return parsed;
}
