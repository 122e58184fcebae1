import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

/**
 * `cdk synth` of the app, run by the CDK CLI inside a network namespace with no interface but
 * loopback and with no AWS credentials: any lookup, download or credential use would fail it.
 * `npm run cdk:synth` runs the app without the CLI; run the same way, it writes the same files.
 */
const APP_DIR = join(__dirname, '..');
const REPOSITORY_ROOT = join(APP_DIR, '..', '..');

/** Every file of a cloud assembly but the creation stack traces (*.metadata.json), which name the files the app ran from. */
function assemblyFiles(folder: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isFile() && !entry.name.endsWith('.metadata.json')) files.set(relative(folder, path), readFileSync(path, 'base64'));
  }
  return files;
}

function withoutAwsEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(AWS_|CDK_DEFAULT_)/.test(key)) {
      env[key] = value;
    }
  }
  return { ...env, AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent', AWS_EC2_METADATA_DISABLED: 'true' };
}

describe('cdk synth offline', () => {
  let outdir: string;
  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), 'cdk-offline-'));
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('synthesizes every stack with no network and no credentials', () => {
    const probe = spawnSync('unshare', ['-n', 'true']);
    if (probe.status !== 0) {
      throw new Error(`unshare -n is unavailable here (${probe.stderr?.toString().trim()}); this proof needs root or user namespaces`);
    }
    const result = spawnSync('unshare', ['-n', '--', 'npx', '--no-install', 'cdk', 'synth', '--quiet', '--output', outdir], {
      cwd: APP_DIR,
      env: withoutAwsEnvironment(),
      encoding: 'utf8',
      timeout: 180_000,
    });
    expect({ status: result.status, stderr: result.status === 0 ? '' : result.stderr }).toEqual({ status: 0, stderr: '' });
    const assemblies = readdirSync(outdir).filter((entry) => entry.startsWith('assembly-')).sort();
    expect(assemblies).toEqual(['assembly-pipeline-monitoring', 'assembly-pipeline-prod1', 'assembly-pipeline-prod2']);
    expect(existsSync(join(outdir, 'pipeline.template.json'))).toBe(true);

    const direct = join(outdir, 'direct');
    const script = JSON.parse(readFileSync(join(REPOSITORY_ROOT, 'package.json'), 'utf8')).scripts['cdk:synth'] as string;
    const [command, ...args] = script.split(' ');
    expect(command).toBe('node');
    const run = spawnSync('unshare', ['-n', '--', process.execPath, ...args, '--output', direct], { cwd: REPOSITORY_ROOT, env: withoutAwsEnvironment(), encoding: 'utf8', timeout: 180_000 });
    expect({ status: run.status, stderr: run.status === 0 ? '' : run.stderr }).toEqual({ status: 0, stderr: '' });
    const cli = assemblyFiles(outdir);
    cli.forEach((_, path) => path.startsWith('direct/') && cli.delete(path));
    expect(cli.size).toBeGreaterThan(10);
    expect(assemblyFiles(direct)).toEqual(cli);
  }, 300_000);
});
