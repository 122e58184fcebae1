import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './support/fleet-fixtures';
import { TSX_CACHE_FOLDER } from './support/temp-root';

/**
 * A test run leaves the temporary directory as it found it: suites that synthesize CDK stacks
 * (each App writes a cdk.out* folder) and cdk8s charts (Testing.app writes cdk8s.outdir.*) run
 * with TMPDIR pointed at an empty folder, which must be empty afterwards but for tsx's cache.
 */
describe('temporary files of a test run', () => {
  it('are all removed: a synthesizing run leaves an empty TMPDIR empty', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'temp-files-'));
    try {
      const emptyTmp = join(scratch, 'tmp');
      mkdirSync(emptyTmp);
      const result = spawnSync(
        process.execPath,
        // Jest's cache is in node_modules/.cache (jest.config.js), whatever TMPDIR says.
        // Two suites that synthesize, run as test files of their own: CDK apps, and cdk8s charts (Testing.app).
        [join(REPO_ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), '--runInBand', '--testMatch', '**/clusters/test/cloudformation-rules.suite.ts', '**/charts/test/opentelemetry-collector.suite.ts'],
        { cwd: REPO_ROOT, env: { ...process.env, TMPDIR: emptyTmp }, encoding: 'utf8' },
      );
      expect({ status: result.status, output: result.status === 0 ? '' : result.stderr }).toEqual({ status: 0, output: '' });
      expect(result.stderr).toMatch(/Test Suites: 2 passed, 2 total/);
      // tsx's compile cache stays, like Jest's (support/temp-root.ts).
      expect(readdirSync(emptyTmp).filter((name) => name !== TSX_CACHE_FOLDER)).toEqual([]);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }, 180_000);

  /**
   * The run links `<TMPDIR>/tsx-<euid>` to the machine's (support/temp-root.ts) because that is
   * where tsx keeps the code it compiled: were it anywhere else, every run would compile every
   * file again in each process it starts.
   */
  it("puts tsx's compile cache where the run links it: <TMPDIR>/tsx-<effective user id>", () => {
    const scratch = mkdtempSync(join(tmpdir(), 'tsx-cache-'));
    try {
      const emptyTmp = join(scratch, 'tmp');
      mkdirSync(emptyTmp);
      const script = join(scratch, 'typed.ts');
      writeFileSync(script, 'const answer: number = 42;\nconsole.log(answer);\n');
      const result = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: REPO_ROOT, env: { ...process.env, TMPDIR: emptyTmp }, encoding: 'utf8' });
      expect({ status: result.status, stdout: result.stdout.trim() }).toEqual({ status: 0, stdout: '42' });
      expect(readdirSync(emptyTmp)).toEqual([TSX_CACHE_FOLDER]);
      expect(readdirSync(join(emptyTmp, TSX_CACHE_FOLDER)).length).toBeGreaterThan(0);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
