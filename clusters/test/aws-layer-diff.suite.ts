import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareAwsLayer } from '../diff/aws-layer-diff';
import { synthCommand, synthesizeCheckout } from '../diff/cloud-assembly';
import { formatText } from '../diff/format-diff';
import { diffRenders } from '../diff/render-diff';
import { AssemblyDiff } from '../diff/template-diff';
import { smallAppSource, smallCdkRepository, SmallAppSpec, writeSpec } from './support/small-cdk-repository';

/**
 * The AWS layer's part of `npm run diff`, end to end on a temporary git repository holding a
 * small CDK app: the working tree and the base are both synthesized by the repository's own
 * `cdk:synth`, the base from a clean checkout. The base is synthesized once and shared by the
 * tests that only change the working tree.
 */

const BASE: SmallAppSpec = {
  trustedRoles: ['arn:aws:iam::222222222222:role/pipeline', 'arn:aws:iam::222222222222:role/break-glass'],
  actions: ['s3:GetObject', 's3:ListBucket'],
  accessEntries: ['arn:aws:iam::111111111111:role/platform', 'arn:aws:iam::111111111111:role/geordie'],
  ingressPorts: [443, 8443],
  note: 'first',
};

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8' });
}

/** `stack change type logicalId [flags]` per resource change. */
function lines(diff: AssemblyDiff): string[] {
  return diff.stacks.flatMap((stack) => stack.changes.map((change) => `${stack.stack} ${change.change} ${change.type} ${change.flags.join(',')}`.trim()));
}

function fields(diff: AssemblyDiff, type: string): { path: string; before?: unknown; after?: unknown }[] {
  return diff.stacks.flatMap((stack) => stack.changes.filter((change) => change.type === type).flatMap((change) => change.fields.map((field) => ({ ...field }))));
}

describe('the AWS layer in npm run diff', () => {
  let root: string;
  let scratch: string;
  let baseAssembly: string;
  const compare = () => {
    const result = compareAwsLayer(root, 'main', 'main', { baseAssembly });
    if (!('diff' in result)) throw new Error(`not compared: ${result.skipped}`);
    return result.diff;
  };

  beforeAll(() => {
    root = smallCdkRepository(BASE);
    scratch = mkdtempSync(join(tmpdir(), 'aws-diff-base-'));
    // The working tree is the main branch here: its synthesis is the base of the later tests.
    baseAssembly = synthesizeCheckout(root, join(scratch, 'base'));
  });
  afterEach(() => git(root, 'checkout', '-q', '--', '.'));
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  });

  test("a new access entry shows, and the base is synthesized from a clean checkout with the base's own code", () => {
    writeSpec(root, { ...BASE, accessEntries: [...BASE.accessEntries, 'arn:aws:iam::111111111111:role/picard'] });
    // Code only the working tree has: had the base been built with it, this would not show.
    writeFileSync(join(root, 'infra', 'app.js'), smallAppSource().replace("resources: ['*'] }));", "resources: ['*'] }));\nrole.addToPolicy(new PolicyStatement({ actions: ['sqs:SendMessage'], resources: ['*'] }));"));
    const before = readdirSync(tmpdir()).filter((name) => name.startsWith('base-checkout-'));
    const result = compareAwsLayer(root, git(root, 'rev-parse', 'main').trim(), 'main');
    if (!('diff' in result)) throw new Error(result.skipped);
    expect(lines(result.diff)).toEqual(['small changed AWS::IAM::Policy iam', 'small added AWS::EKS::AccessEntry iam']);
    const added = result.diff.stacks[0].changes.find((change) => change.change === 'added');
    expect(added?.content).toEqual({ Type: 'AWS::EKS::AccessEntry', Properties: { ClusterName: 'demo', PrincipalArn: 'arn:aws:iam::111111111111:role/picard' } });
    // Two statements now act on "*": each is told apart by its actions, and only the new one shows.
    expect(fields(result.diff, 'AWS::IAM::Policy')).toEqual([{ path: '.Properties.PolicyDocument.Statement["Allow on * sqs:SendMessage"]', after: { Action: { 'sqs:SendMessage': 'sqs:SendMessage' }, Effect: 'Allow', Resource: { '*': '*' } } }]);
    // The temporary checkout is gone, and git no longer lists it.
    expect(git(root, 'worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
    expect(readdirSync(tmpdir()).filter((name) => name.startsWith('base-checkout-'))).toEqual(before);
  });

  test('a widened IAM action is reported on its statement, then a security group rule, then a change that touches neither', () => {
    writeSpec(root, { ...BASE, actions: [...BASE.actions, 's3:PutObject'], ingressPorts: [443, 22], note: 'second' });
    const diff = compare();
    expect(lines(diff)).toEqual(['small changed AWS::IAM::Policy iam', 'small changed AWS::EC2::SecurityGroup security-group', 'small changed AWS::SSM::Parameter']);
    expect(JSON.stringify(fields(diff, 'AWS::EC2::SecurityGroup'))).toContain('"FromPort":22');
    expect(fields(diff, 'AWS::IAM::Policy')).toEqual([{ path: '.Properties.PolicyDocument.Statement["Allow on arn:aws:s3:::artifacts/*"].Action["s3:PutObject"]', after: 's3:PutObject' }]);
    const text = formatText(diffRenders([], []), { base: 'dist/ at main' }, { diff, base: 'main' });
    const iam = text.indexOf('~ AWS::IAM::Policy');
    const parameter = text.indexOf('~ AWS::SSM::Parameter');
    expect(iam).toBeGreaterThan(text.indexOf('== Review first: AWS IAM'));
    expect(parameter).toBeGreaterThan(iam);
    expect(text).toContain('.Properties.Value: "first" -> "second"');
  });

  test('a changed trust principal shows the trust of the principal removed and of the one added', () => {
    writeSpec(root, { ...BASE, trustedRoles: ['arn:aws:iam::222222222222:role/pipeline', 'arn:aws:iam::999999999999:role/outsider'] });
    const diff = compare();
    expect(lines(diff)).toEqual(['small changed AWS::IAM::Role iam']);
    // The app trusts each role in a statement of its own: they are told apart by principal.
    const statement = (arn: string) => `.Properties.AssumeRolePolicyDocument.Statement["Allow sts:AssumeRole by ${arn}"]`;
    expect(fields(diff, 'AWS::IAM::Role').map((field) => [field.path, 'before' in field ? 'removed' : 'added'])).toEqual([
      [statement('arn:aws:iam::222222222222:role/break-glass'), 'removed'],
      [statement('arn:aws:iam::999999999999:role/outsider'), 'added'],
    ]);
    expect(JSON.stringify(fields(diff, 'AWS::IAM::Role')[1].after)).toContain('arn:aws:iam::999999999999:role/outsider');
  });

  test('building everything in another order, from lists in another order, changes nothing', () => {
    writeSpec(root, {
      trustedRoles: [...BASE.trustedRoles].reverse(),
      actions: [...BASE.actions].reverse(),
      accessEntries: [...BASE.accessEntries].reverse(),
      ingressPorts: [...BASE.ingressPorts].reverse(),
      note: BASE.note,
    });
    writeFileSync(join(root, 'infra', 'app.js'), smallAppSource(true));
    const diff = compare();
    expect(diff.stacks).toEqual([]);
    expect(diff.counts).toEqual({ added: 0, removed: 0, changed: 0 });
  });

  test('a repository without an AWS layer is reported as not compared', () => {
    const bare = mkdtempSync(join(tmpdir(), 'aws-diff-bare-'));
    try {
      expect(existsSync(join(bare, 'package.json'))).toBe(false);
      expect(compareAwsLayer(bare, 'main', 'main')).toEqual({ skipped: expect.stringContaining('no AWS layer') });
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });
});

describe("how a checkout's cdk:synth script starts", () => {
  const withScript = (script: string) => {
    const root = mkdtempSync(join(tmpdir(), 'synth-script-'));
    writeFileSync(join(root, 'package.json'), JSON.stringify({ scripts: { 'cdk:synth': script } }));
    return root;
  };

  test('a plain node command line starts with this Node.js directly, the output folder appended', () => {
    const root = withScript('node clusters/bundle/run-bundled.js --packages external clusters/infra/bin/synth.ts');
    expect(synthCommand(root, ['--output', '/tmp/out'])).toEqual({
      command: process.execPath,
      args: ['clusters/bundle/run-bundled.js', '--packages', 'external', 'clusters/infra/bin/synth.ts', '--output', '/tmp/out'],
    });
    rmSync(root, { recursive: true, force: true });
  });

  test.each(['cross-env CDK_X=1 node app.js', 'node app.js && echo done', 'node "app with space.js"', 'node $APP', 'cdk synth'])('%s goes through npm run', (script) => {
    const root = withScript(script);
    expect(synthCommand(root, ['--output', 'out'])).toEqual({ command: 'npm', args: ['run', '--silent', 'cdk:synth', '--', '--output', 'out'] });
    rmSync(root, { recursive: true, force: true });
  });
});
