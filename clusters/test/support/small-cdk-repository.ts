import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './fleet-fixtures';

/** What the small CDK app of `smallCdkRepository` builds: one stack, shaped by this data. */
export interface SmallAppSpec {
  /** Role ARNs trusted by the `Deployer` role. */
  readonly trustedRoles: readonly string[];
  /** Actions the `Deployer` role's policy allows on the bucket ARN. */
  readonly actions: readonly string[];
  /** IAM role ARNs given an EKS access entry on cluster `demo`. */
  readonly accessEntries: readonly string[];
  /** Ports the security group admits from 10.0.0.0/8. */
  readonly ingressPorts: readonly number[];
  /** Value of an SSM parameter: a change that touches neither IAM nor the network. */
  readonly note: string;
}

/**
 * The CDK app (plain JavaScript: it starts without a TypeScript loader), written into the
 * repository as its own code: what a base checkout synthesizes is the base's app, not the
 * working tree's. `reverse` builds everything in the opposite order.
 */
export function smallAppSource(reverse = false): string {
  const order = reverse ? '.slice().reverse()' : '';
  return `'use strict';
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { App, Stack } = require('aws-cdk-lib');
const { CfnSecurityGroup } = require('aws-cdk-lib/aws-ec2');
const { CfnAccessEntry } = require('aws-cdk-lib/aws-eks');
const { ArnPrincipal, CompositePrincipal, PolicyStatement, Role } = require('aws-cdk-lib/aws-iam');
const { CfnParameter } = require('aws-cdk-lib/aws-ssm');

const spec = JSON.parse(readFileSync(join(__dirname, 'spec.json'), 'utf8'));
const app = new App({ outdir: process.argv[process.argv.indexOf('--output') + 1] });
const stack = new Stack(app, 'small', { env: { account: '111111111111', region: 'eu-west-1' } });
const role = new Role(stack, 'Deployer', { roleName: 'deployer', assumedBy: new CompositePrincipal(...spec.trustedRoles${order}.map((arn) => new ArnPrincipal(arn))) });
role.addToPolicy(new PolicyStatement({ actions: spec.actions${order}, resources: ['arn:aws:s3:::artifacts/*'] }));
role.addToPolicy(new PolicyStatement({ actions: ['logs:PutLogEvents'], resources: ['*'] }));
for (const arn of spec.accessEntries${order}) new CfnAccessEntry(stack, 'Access' + arn.split('/').pop(), { clusterName: 'demo', principalArn: arn });
new CfnSecurityGroup(stack, 'Nodes', {
  groupDescription: 'nodes',
  vpcId: 'vpc-0123456789abcdef0',
  securityGroupIngress: spec.ingressPorts${order}.map((port) => ({ ipProtocol: 'tcp', fromPort: port, toPort: port, cidrIp: '10.0.0.0/8' })),
});
new CfnParameter(stack, 'Note', { type: 'String', value: spec.note });
app.synth();
`;
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8' });
}

/**
 * A git repository holding a small CDK app whose `cdk:synth` script runs it directly with the
 * output folder, as this repository's does, and whose main branch commits `spec`. Its
 * node_modules links to this repository's.
 */
export function smallCdkRepository(spec: SmallAppSpec): string {
  const root = mkdtempSync(join(tmpdir(), 'aws-diff-repo-'));
  mkdirSync(join(root, 'infra'));
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'small', private: true, scripts: { 'cdk:synth': 'node infra/app.js' } }, null, 2));
  writeFileSync(join(root, 'package-lock.json'), JSON.stringify({ name: 'small', lockfileVersion: 3, packages: {} }, null, 2));
  writeFileSync(join(root, '.gitignore'), 'node_modules\ncdk.out\n');
  writeFileSync(join(root, 'infra', 'app.js'), smallAppSource());
  writeSpec(root, spec);
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  git(root, 'init', '-q', '-b', 'main');
  git(root, 'config', 'user.email', 'ci@example.com');
  git(root, 'config', 'user.name', 'CI');
  git(root, 'add', '.');
  git(root, 'commit', '-q', '-m', 'small app');
  return root;
}

export function writeSpec(root: string, spec: SmallAppSpec): void {
  writeFileSync(join(root, 'infra', 'spec.json'), JSON.stringify(spec, null, 2));
}
