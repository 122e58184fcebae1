import { UsageError } from './command-line';

/**
 * Runs a command-line entry point: its return value is the exit code, and an error becomes one
 * message on stderr and exit code 1 instead of a stack trace (a FleetError's message already
 * lists every problem with its place in the fleet file). A usage error prints what is wrong and
 * the usage, exit code 2.
 */
export function runCommand(main: () => number, failurePreamble?: string): void {
  try {
    process.exitCode = main();
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${error.usage}`);
      process.exitCode = 2;
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    console.error(failurePreamble && error instanceof Error && error.name !== 'FleetError' ? `${failurePreamble}\n${message}` : message);
    process.exitCode = 1;
  }
}
