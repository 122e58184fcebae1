import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repositoryFiles, scanFiles, scanText } from '../validate/secrets/scan-secrets';
import { REPO_ROOT } from './support/fleet-fixtures';

/**
 * Every sample below is assembled at run time, so this file itself holds nothing the scan of
 * the repository would report.
 */
const join0 = (...parts: string[]) => parts.join('');
const SAMPLES: Record<string, string> = {
  'aws-access-key-id': `aws_access_key_id = ${join0('AK', 'IA', 'QQQQ', 'ABCDEFGHIJKL')}`,
  'aws-secret-access-key': `aws_secret_access_key = ${join0('abcdEFGH1234/+', 'abcdEFGH1234/+', 'abcdEFGH1234')}`,
  'private-key': join0('-----BEGIN ', 'RSA PRIVATE', ' KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----'),
  'github-token': `token: ${join0('gh', 'p_', 'a1B2'.repeat(9))}`,
  'slack-token': `webhook: ${join0('xo', 'xb-', '1234567890-abcdefABCDEF')}`,
  'grafana-token': `GRAFANA_TOKEN=${join0('gl', 'sa_', 'A'.repeat(32), '_deadbeef')}`,
  jwt: `Authorization: Bearer ${join0('ey', 'JhbGciOiJIUzI1NiJ9', '.ey', 'JzdWIiOiIxMjM0In0', '.', 'abcdefghijklmnop')}`,
};

describe('the secrets scan', () => {
  test.each(Object.entries(SAMPLES))('finds %s, with its line and never its value', (id, sample) => {
    const findings = scanText({ path: 'notes.txt', content: `first line\n${sample}\n` });
    expect(findings).toEqual([expect.objectContaining({ file: 'notes.txt', object: `text matching ${id}`, field: 'line 2', rule: 'no-secrets-in-repository' })]);
    expect(JSON.stringify(findings)).not.toContain(sample.split(/[ =]/).pop());
  });

  test.each([
    ['a quoted assignment', `const config = { password: "${join0('hunter', '2hunter2')}" };`],
    // The pattern starts only where a name starts: a key glued to other words in bundled code is still found.
    ['a prefixed key in minified code', `${'x'.repeat(300)} var a=1,db_adminPassword="${join0('hunter', '2hunter2')}",b=2;`],
    ['a YAML value', `env:\n  POSTGRES_PASSWORD: ${join0('s3cr3t', 'value')}`],
    ['a container environment variable', `env:\n  - name: POSTGRES_PASSWORD\n    value: ${join0('s3cr3t', 'value')}`],
    ['a container environment variable in TypeScript', `env: [{ name: 'DB_PASSWORD', value: '${join0('s3cr3t', 'value')}' }]`],
  ])('finds a literal password in %s', (_title, content) => {
    expect(scanText({ path: 'x', content }).map((finding) => finding.object)).toEqual(['text matching literal-password']);
  });

  test.each([
    ['a reference to the environment', 'password: ${env:DB_PASSWORD}'],
    ['a Helm template', 'password: "{{ .Values.password }}"'],
    ['a key naming where the secret lives', 'passwordSecretName: yelb-db'],
    ['a password read from a secret', '- name: POSTGRES_PASSWORD\n  valueFrom:\n    secretKeyRef: { name: db, key: password }'],
    ['an account id', 'id: "222222222222"'],
    ['an IAM role ARN', 'arn:aws:iam::222222222222:role/PlatformAdmins'],
  ])('leaves %s alone', (_title, content) => {
    expect(scanText({ path: 'x', content })).toEqual([]);
  });

  test('skips binary files', () => {
    expect(scanFiles([{ path: 'image.png', content: `\u0000${SAMPLES.jwt}` }])).toEqual([]);
  });

  test('this repository holds no secret', () => {
    expect(scanFiles(repositoryFiles(REPO_ROOT))).toEqual([]);
  });
});

describe('the files scanned', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'secrets-'));
    execFileSync('git', ['init', '-q'], { cwd: root });
    writeFileSync(join(root, 'tracked.txt'), SAMPLES['aws-access-key-id']);
    writeFileSync(join(root, 'untracked.txt'), SAMPLES['github-token']);
    execFileSync('git', ['add', 'tracked.txt'], { cwd: root });
    mkdirSync(join(root, 'dist', 'prod1'), { recursive: true });
    writeFileSync(join(root, 'dist', 'prod1', 'secret.yaml'), SAMPLES.jwt);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test('are the tracked files and everything under dist/, tracked or not', () => {
    const findings = scanFiles(repositoryFiles(root, join(root, 'dist')));
    expect(findings.map(({ file, object }) => `${file} ${object}`)).toEqual(['dist/prod1/secret.yaml text matching jwt', 'tracked.txt text matching aws-access-key-id']);
  });
});
