import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newerSource } from '../validate/cloud-assembly-freshness';
import { ranLine } from '../validate/ran-line';
import { REPO_ROOT } from './support/fleet-fixtures';
import { nodeArgumentsOf } from './support/npm-script';

/** `npm run validate` and the AWS layer: a stale cloud assembly is refused, and the last line says what ran. */

function fakeAssembly(folder: string, time: Date): string {
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'manifest.json'), JSON.stringify({ version: '48.0.0', artifacts: {} }));
  utimesSync(join(folder, 'manifest.json'), time, time);
  return folder;
}

describe('the age of a cloud assembly', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'freshness-'));
    for (const file of ['clusters/infra/lib/stack.ts', 'clusters/fleet.yaml', 'dist/prod1/a.yaml', 'clusters/validate/cli.ts', 'platform/README.md', 'package-lock.json']) {
      mkdirSync(join(root, file, '..'), { recursive: true });
      writeFileSync(join(root, file), 'x');
      utimesSync(join(root, file), new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z'));
    }
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));
  const sources = () => ({ repositoryRoot: root, fleetFile: join(root, 'clusters', 'fleet.yaml'), distDir: join(root, 'dist') });

  test('an assembly newer than every source is current', () => {
    expect(newerSource(fakeAssembly(join(root, 'cdk.out'), new Date('2026-02-01T00:00:00Z')), sources())).toBeUndefined();
  });

  test.each(['clusters/infra/lib/stack.ts', 'clusters/fleet.yaml', 'dist/prod1/a.yaml', 'package-lock.json'])('a change to %s makes it stale, and is named', (file) => {
    const cdkOut = fakeAssembly(join(root, 'cdk.out'), new Date('2026-02-01T00:00:00Z'));
    utimesSync(join(root, file), new Date('2026-03-01T00:00:00Z'), new Date('2026-03-01T00:00:00Z'));
    expect(newerSource(cdkOut, sources())).toEqual({ file, modified: new Date('2026-03-01T00:00:00Z'), synthesized: new Date('2026-02-01T00:00:00Z') });
  });

  test('the validate and diff code and READMEs are not sources of the AWS layer', () => {
    const cdkOut = fakeAssembly(join(root, 'cdk.out'), new Date('2026-02-01T00:00:00Z'));
    for (const file of ['clusters/validate/cli.ts', 'platform/README.md']) utimesSync(join(root, file), new Date('2026-03-01T00:00:00Z'), new Date('2026-03-01T00:00:00Z'));
    expect(newerSource(cdkOut, sources())).toBeUndefined();
  });
});

describe('npm run validate', () => {
  test('refuses a --cdk-out older than the sources, saying which source and what to run', () => {
    const folder = mkdtempSync(join(tmpdir(), 'stale-cdk-out-'));
    try {
      const cdkOut = fakeAssembly(join(folder, 'cdk.out'), new Date('2000-01-01T00:00:00Z'));
      // As `npm run validate` starts it, without npm.
      const run = spawnSync(process.execPath, [...nodeArgumentsOf('validate'), folder, '--cdk-out', cdkOut], { cwd: REPO_ROOT, encoding: 'utf8' });
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/is stale: it was synthesized at 2000-01-01T00:00:00\.000Z, before \S+ changed \(.*\)\. Run `npm run cdk:synth` again, or leave --cdk-out out and validate synthesizes the AWS layer itself\./);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  test('its last line names every rule set that ran, with counts, and the accepted exceptions', () => {
    const summary = { objects: 142, kubernetesSchemas: 93, crdSchemas: 49, policyRules: 27, templates: 8, templateRules: 7, scannedFiles: 450 };
    expect(ranLine(summary, 6, 'read from clusters/infra/cdk.out')).toBe(
      'Ran: 142 objects (93 against Kubernetes schemas, 49 against CRD schemas); 27 policy rules; 7 CloudFormation rules over 8 templates (read from clusters/infra/cdk.out); secrets scan of 450 files; 6 finding(s) accepted by written exceptions.',
    );
    expect(ranLine({ ...summary, templates: 0, templateRules: 0 }, 0, '--skip-cdk')).toContain('; CloudFormation rules skipped (--skip-cdk);');
  });
});
