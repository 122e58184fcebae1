import { App, CfnJson, CfnOutput, CfnParameter, Stack, aws_iam as iam } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { flatten, LoadedTemplate, readTemplates } from '../validate/cloudformation/cloudformation-templates';
import { TEMPLATE_RULES } from '../validate/cloudformation/template-rules';

/**
 * The IAM rules over synthesized templates, run on small stacks built with aws-cdk-lib itself,
 * so the templates have exactly the shapes CDK writes (joined ARNs, CfnJson conditions).
 */

const MONITORING = '444444444444';
const PROD1 = '222222222222';
const GRAFANA_ROLE = `arn:aws:iam::${MONITORING}:role/amgWorkspaceIamRole`;
const DATA_SOURCE_ROLE = `arn:aws:iam::${PROD1}:role/ampPrometheusDataSourceRole`;

interface Plant {
  grafanaTrust?: (principal: iam.IPrincipal) => iam.IPrincipal;
  grafanaConditions?: Record<string, unknown>;
  grafanaAssumes?: string[];
  dataSourceTrust?: iam.IPrincipal;
  dataSourceActions?: string[];
  collectorSubject?: { operator: string; value: string };
  remoteWriteResource?: string;
  podIdentityServiceAccount?: string;
  extra?: (stack: Stack) => void;
}

function synthesize(plant: Plant = {}): LoadedTemplate {
  const app = new App();
  const stack = new Stack(app, 'Fleet', { env: { account: PROD1, region: 'us-west-2' } });
  new iam.Role(stack, 'GrafanaWorkspaceRole', {
    roleName: 'amgWorkspaceIamRole',
    assumedBy: (plant.grafanaTrust ?? ((principal) => principal))(
      new iam.ServicePrincipal('grafana.amazonaws.com').withConditions(plant.grafanaConditions ?? { StringEquals: { 'aws:SourceAccount': MONITORING }, ArnLike: { 'aws:SourceArn': `arn:aws:grafana:us-west-2:${MONITORING}:/workspaces/*` } }),
    ),
    inlinePolicies: { assume: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: plant.grafanaAssumes ?? [DATA_SOURCE_ROLE] })] }) },
  });
  new iam.Role(stack, 'DataSourceRole', {
    roleName: 'ampPrometheusDataSourceRole',
    assumedBy: plant.dataSourceTrust ?? new iam.ArnPrincipal(GRAFANA_ROLE),
    inlinePolicies: {
      read: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({ actions: ['aps:QueryMetrics', 'aps:GetSeries'], resources: [`arn:aws:aps:us-west-2:${PROD1}:workspace/ws-1`] }),
          new iam.PolicyStatement({ actions: plant.dataSourceActions ?? ['xray:GetTraceSummaries', 'logs:StartQuery', 'logs:StopQuery'], resources: ['*'] }),
        ],
      }),
    },
  });
  const issuer = new CfnParameter(stack, 'Issuer', { type: 'String' }).valueAsString;
  const subject = plant.collectorSubject ?? { operator: 'StringEquals', value: 'system:serviceaccount:observability:adot-metrics-collector' };
  const condition = new CfnJson(stack, 'SubjectCondition', { value: { [`${issuer}:sub`]: subject.value, [`${issuer}:aud`]: 'sts.amazonaws.com' } });
  const collector = new iam.Role(stack, 'CollectorRole', {
    assumedBy: new iam.WebIdentityPrincipal(`arn:aws:iam::${PROD1}:oidc-provider/${issuer}`, { [subject.operator]: condition }),
  });
  collector.addToPolicy(new iam.PolicyStatement({ actions: ['aps:RemoteWrite'], resources: [plant.remoteWriteResource ?? `arn:aws:aps:us-west-2:${PROD1}:workspace/ws-1`] }));
  // The AWS layer binds collectors with EKS Pod Identity: the trust names cluster, namespace and service account.
  new iam.Role(stack, 'PodIdentityRole', {
    assumedBy: new iam.ServicePrincipal('pods.eks.amazonaws.com', {
      conditions: {
        StringEquals: {
          'aws:SourceAccount': PROD1,
          'aws:RequestTag/eks-cluster-name': 'prod1',
          'aws:RequestTag/kubernetes-namespace': 'observability',
          'aws:RequestTag/kubernetes-service-account': plant.podIdentityServiceAccount ?? 'adot-traces-collector',
        },
      },
    }).withSessionTags(),
  });
  plant.extra?.(stack);
  const template = Template.fromStack(stack).toJSON() as { Resources: LoadedTemplate['resources']; Outputs?: LoadedTemplate['outputs'] };
  return { file: 'assembly-Prod1/Fleet.template.json', resources: template.Resources, outputs: template.Outputs ?? {} };
}

function findings(template: LoadedTemplate): { rule: string; object: string }[] {
  return TEMPLATE_RULES.flatMap((rule) => rule.check([template])).map(({ rule, object }) => ({ rule, object }));
}

const clean = synthesize();

describe('IAM rules over synthesized templates', () => {
  test('a well-formed set of roles passes', () => {
    expect(findings(clean)).toEqual([]);
  });

  test.each<[string, Plant, string, string]>([
    ['the workspace role trusting an account too', { grafanaTrust: (principal) => new iam.CompositePrincipal(principal, new iam.AccountPrincipal(MONITORING)) }, 'iam-grafana-workspace-trust', 'GrafanaWorkspaceRole'],
    ['the workspace role without a SourceArn condition', { grafanaConditions: { StringEquals: { 'aws:SourceAccount': MONITORING } } }, 'iam-grafana-workspace-trust', 'GrafanaWorkspaceRole'],
    ['the workspace role assuming any role', { grafanaAssumes: ['*'] }, 'iam-grafana-assumes-only-data-sources', 'GrafanaWorkspaceRole'],
    ['a data-source role trusting the monitoring account root', { dataSourceTrust: new iam.AccountPrincipal(MONITORING) }, 'iam-data-source-role-trust', 'DataSourceRole'],
    ['a data-source role trusting anyone', { dataSourceTrust: new iam.AnyPrincipal() }, 'iam-data-source-role-trust', 'DataSourceRole'],
    ['a data-source role writing traces', { dataSourceActions: ['xray:GetTraceSummaries', 'xray:PutTraceSegments'] }, 'iam-data-source-role-read-only', 'DataSourceRole'],
    ['a data-source role reading every SSM parameter', { dataSourceActions: ['xray:GetTraceSummaries', 'ssm:GetParameter'] }, 'iam-data-source-role-read-only', 'DataSourceRole'],
    ['a data-source role with a wildcard action', { dataSourceActions: ['xray:*'] }, 'iam-data-source-role-read-only', 'DataSourceRole'],
    ['a collector role open to every service account of a namespace', { collectorSubject: { operator: 'StringLike', value: 'system:serviceaccount:observability:*' } }, 'iam-collector-role-scoped', 'CollectorRole'],
    ['a collector role writing to every workspace', { remoteWriteResource: '*' }, 'iam-collector-role-scoped', 'CollectorRole'],
    ['a Pod Identity role open to any service account', { podIdentityServiceAccount: 'adot-*' }, 'iam-collector-role-scoped', 'PodIdentityRole'],
  ])('catches %s', (_title, plant, rule, role) => {
    const found = findings(synthesize(plant));
    expect(found).toContainEqual({ rule, object: expect.stringMatching(new RegExp(`^AWS::IAM::Role ${role}`)) });
    expect(new Set(found.map((finding) => finding.rule))).toEqual(new Set([rule]));
  });

  test('catches an IAM user with an access key, and an output carrying it', () => {
    const found = findings(
      synthesize({
        extra: (stack) => {
          const user = new iam.User(stack, 'Deployer');
          const key = new iam.AccessKey(stack, 'DeployerKey', { user });
          new CfnOutput(stack, 'DeployerSecretAccessKey', { value: key.secretAccessKey.unsafeUnwrap() });
        },
      }),
    );
    expect(found.map((finding) => finding.rule)).toEqual(['iam-no-users-or-keys', 'iam-no-users-or-keys', 'iam-no-users-or-keys']);
    expect(found.map((finding) => finding.object.split(' ')[0]).sort()).toEqual(['AWS::IAM::AccessKey', 'AWS::IAM::User', 'Output']);
  });

  test('catches a cdk-nag suppression without a reason', () => {
    const template = synthesize();
    const [logicalId] = Object.keys(template.resources).filter((id) => template.resources[id].Type === 'AWS::IAM::Role');
    const planted: LoadedTemplate = { ...template, resources: { ...template.resources, [logicalId]: { ...template.resources[logicalId], Metadata: { cdk_nag: { rules_to_suppress: [{ id: 'AwsSolutions-IAM5', reason: '' }] } } } } };
    expect(findings(planted)).toEqual([{ rule: 'cdk-nag-reasoned', object: `AWS::IAM::Role ${logicalId}` }]);
  });
});

describe('reading a cloud assembly', () => {
  test('intrinsic functions are spelled out, so a joined condition (as eks-blueprints writes it) still parses', () => {
    const issuer = { 'Fn::Select': [1, { 'Fn::Split': [':oidc-provider/', { Ref: 'Provider' }] }] };
    const value = { 'Fn::Join': ['', ['{"', issuer, ':sub":"system:serviceaccount:argocd:argocd-server"}']] };
    expect(JSON.parse(flatten(value))).toEqual({ '${Fn::Select}:sub': 'system:serviceaccount:argocd:argocd-server' });
    expect(flatten({ 'Fn::Join': [':', ['arn', { Ref: 'AWS::Partition' }, 'iam::444444444444:root']] })).toBe('arn:${AWS::Partition}:iam::444444444444:root');
  });

  test('finds the templates of nested stage assemblies, and none where there is no folder', () => {
    const cdkOut = mkdtempSync(join(tmpdir(), 'cdk-out-'));
    try {
      mkdirSync(join(cdkOut, 'assembly-Prod1'));
      writeFileSync(join(cdkOut, 'pipeline.template.json'), JSON.stringify({ Resources: {} }));
      writeFileSync(join(cdkOut, 'assembly-Prod1', 'Fleet.template.json'), JSON.stringify({ Resources: clean.resources }));
      writeFileSync(join(cdkOut, 'manifest.json'), '{}');
      const templates = readTemplates(cdkOut);
      expect(templates.map((template) => template.file)).toEqual(['assembly-Prod1/Fleet.template.json', 'pipeline.template.json']);
      expect(TEMPLATE_RULES.flatMap((rule) => rule.check(templates))).toEqual([]);
    } finally {
      rmSync(cdkOut, { recursive: true, force: true });
    }
    expect(readTemplates(join(tmpdir(), 'no-such-cdk-out'))).toEqual([]);
  });
});
