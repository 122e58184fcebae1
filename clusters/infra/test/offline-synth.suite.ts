import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { WORKLOADS } from '../../../workloads/registry';
import { renderFleet } from '../../render/render-fleet';
import { writeFiles } from '../../render/write-dist';
import { nodeArgumentsOf } from '../../test/support/npm-script';
import { forkFleetBuilder, identityValues, OTHER_IDENTITY, TEST_IDENTITY } from '../../test/support/test-fleet';
import { runGate } from '../../validate/gate';

/**
 * `cdk synth` of the app, run by the CDK CLI inside a network namespace with no interface but
 * loopback and with no AWS credentials: any lookup, download or credential use would fail it.
 * The fleet is a fork's (accounts, region, repository and principals all differ from the test
 * fleet, and a third cluster has an account of its own), so no context of any example account
 * can help: the availability zones must come from the fleet.
 */
const APP_DIR = join(__dirname, '..');
const REPOSITORY_ROOT = join(APP_DIR, '..', '..');

/**
 * The SHA-256 of every file of a cloud assembly but the creation stack traces (*.metadata.json),
 * which name the files the app ran from. Digests, not contents: the staged assets are 60 MB.
 */
function assemblyFiles(folder: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isFile() && !entry.name.endsWith('.metadata.json')) files.set(relative(folder, path), createHash('sha256').update(readFileSync(path)).digest('hex'));
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

interface Manifest {
  readonly missing?: unknown[];
  readonly artifacts?: Record<string, { readonly type: string; readonly environment?: string; readonly properties?: { readonly templateFile?: string } }>;
}

describe('cdk synth offline, for accounts and a region no context knows', () => {
  const builder = forkFleetBuilder();
  const fleet = builder.build({ knownAppCharts: Object.keys(WORKLOADS) });
  let workspace: string;
  let outdir: string;
  beforeAll(() => {
    workspace = mkdtempSync(join(tmpdir(), 'cdk-offline-'));
    outdir = join(workspace, 'cdk.out');
    writeFileSync(join(workspace, 'fleet.yaml'), builder.toYaml());
    writeFiles(join(workspace, 'dist'), renderFleet(fleet));
  });
  afterAll(() => rmSync(workspace, { recursive: true, force: true }));

  it('synthesizes every stack with no network, no credentials and no context file', () => {
    const probe = spawnSync('unshare', ['-n', 'true']);
    if (probe.status !== 0) {
      throw new Error(`unshare -n is unavailable here (${probe.stderr?.toString().trim()}); this proof needs root or user namespaces`);
    }
    const result = spawnSync(
      'unshare',
      // The CLI's own entry point, as `npx cdk` runs it, without npx's start-up.
      ['-n', '--', process.execPath, require.resolve('aws-cdk/bin/cdk'), 'synth', '--quiet', '--output', outdir, '--context', `fleet=${join(workspace, 'fleet.yaml')}`, '--context', `distRoot=${join(workspace, 'dist')}`],
      { cwd: APP_DIR, env: withoutAwsEnvironment(), encoding: 'utf8', timeout: 180_000 },
    );
    expect({ status: result.status, stderr: result.status === 0 ? '' : result.stderr }).toEqual({ status: 0, stderr: '' });
    expect(existsSync(join(APP_DIR, 'cdk.context.json'))).toBe(false);
    const assemblies = readdirSync(outdir).filter((entry) => entry.startsWith('assembly-')).sort();
    expect(assemblies).toEqual([
      'assembly-pipeline-amp-workspace',
      'assembly-pipeline-monitoring',
      'assembly-pipeline-prod1',
      'assembly-pipeline-prod1-access',
      'assembly-pipeline-prod2',
      'assembly-pipeline-prod2-access',
      'assembly-pipeline-prod3',
      'assembly-pipeline-prod3-access',
    ]);
    expect(existsSync(join(outdir, 'pipeline.template.json'))).toBe(true);

    for (const folder of [outdir, ...assemblies.map((assembly) => join(outdir, assembly))]) {
      const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as Manifest;
      expect({ folder, missing: manifest.missing ?? [] }).toEqual({ folder, missing: [] });
    }
    // Each cluster stack deploys to its own account, in the fork's region, over zones named from the region.
    for (const cluster of ['prod1', 'prod2', 'prod3']) {
      const folder = join(outdir, `assembly-pipeline-${cluster}`);
      const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as Manifest;
      const stack = Object.values(manifest.artifacts ?? {}).find((artifact) => artifact.type === 'aws:cloudformation:stack' && artifact.properties?.templateFile?.includes('blueprint'));
      const accountId = fleet.accounts[fleet.clusters[cluster].account].id;
      expect(stack?.environment).toBe(`aws://${accountId}/${OTHER_IDENTITY.region}`);
      const template = readFileSync(join(folder, stack?.properties?.templateFile ?? ''), 'utf8');
      const zones = [...template.matchAll(/"AvailabilityZone": "([^"]+)"/g)].map((match) => match[1]);
      expect(new Set(zones)).toEqual(new Set(['eu-central-1a', 'eu-central-1b', 'eu-central-1c']));
      // Humans reach every cluster: the platform team's role of the cluster's own account has an access entry.
      expect(template).toContain(`"PrincipalArn": "arn:aws:iam::${accountId}:role/${OTHER_IDENTITY.platformRole}"`);
    }
    const templates = readdirSync(outdir, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.template.json'));
    const leaked = templates.filter((file) => identityValues(TEST_IDENTITY).some((value) => readFileSync(join(outdir, file), 'utf8').includes(value)));
    expect(leaked).toEqual([]);
  }, 200_000);

  it('passes the IAM rules of npm run validate over the synthesized templates', () => {
    const { findings } = runGate({ fleet, fleetFile: 'fleet.yaml', distDir: join(workspace, 'dist'), repositoryRoot: REPOSITORY_ROOT, cdkOut: outdir });
    expect(findings).toEqual([]);
  }, 120_000);
  /** `npm run cdk:synth` runs the app without the CLI; run the same way, it writes the same files. */
  it('writes, through npm run cdk:synth, the cloud assembly the CDK CLI writes, offline and without credentials', () => {
    const direct = join(workspace, 'direct');
    const context = ['--context', `fleet=${join(workspace, 'fleet.yaml')}`, '--context', `distRoot=${join(workspace, 'dist')}`];
    const run = spawnSync('unshare', ['-n', '--', process.execPath, ...nodeArgumentsOf('cdk:synth'), '--output', direct, ...context], { cwd: REPOSITORY_ROOT, env: withoutAwsEnvironment(), encoding: 'utf8', timeout: 180_000 });
    expect({ status: run.status, stderr: run.status === 0 ? '' : run.stderr }).toEqual({ status: 0, stderr: '' });
    const cli = assemblyFiles(outdir);
    expect(cli.size).toBeGreaterThan(10);
    expect(assemblyFiles(direct)).toEqual(cli);
  }, 300_000);
});
