/** What a command printed and its exit code. */
export interface CommandResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a command's entry function in this process, as its process would but without the start-up
 * (seconds with tsx): console output and writes to process.stdout are captured, and the exit code
 * is what the function returns, or else what it left on process.exitCode (restored afterwards).
 * A thrown error propagates, as runCommand would turn it into a message and an exit code.
 */
export function runInProcess(entry: () => number | void): CommandResult {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void stdout.push(`${parts.join(' ')}\n`));
  const error = jest.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => void stderr.push(`${parts.join(' ')}\n`));
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => stdout.push(String(chunk)) > 0);
  const exitCode = process.exitCode;
  try {
    process.exitCode = undefined;
    const returned = entry();
    return { status: typeof returned === 'number' ? returned : Number(process.exitCode ?? 0), stdout: stdout.join(''), stderr: stderr.join('') };
  } finally {
    process.exitCode = exitCode;
    log.mockRestore();
    error.mockRestore();
    write.mockRestore();
  }
}
