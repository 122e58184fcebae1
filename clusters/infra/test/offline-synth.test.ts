import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * `cdk synth` of the app, run by the CDK CLI inside a network namespace with no interface but
 * loopback and with no AWS credentials: any lookup, download or credential use would fail it.
 */
const APP_DIR = join(__dirname, '..');

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
    expect(assemblies).toEqual([
      'assembly-pipeline-amp-workspace',
      'assembly-pipeline-monitoring',
      'assembly-pipeline-prod1',
      'assembly-pipeline-prod1-access',
      'assembly-pipeline-prod2',
      'assembly-pipeline-prod2-access',
    ]);
    expect(existsSync(join(outdir, 'pipeline.template.json'))).toBe(true);
  }, 200_000);
});
