import { LoadedTemplate } from '../../validate/cloudformation/cloudformation-templates';

/**
 * The CloudFormation execution policy the bootstrap of an account can use instead of
 * AdministratorAccess: derived from the resource types the synthesized stacks create, so it
 * grows only when the stacks do. Services are allowed whole (the stacks create, update and
 * delete their resources); IAM, which every stack here uses, only for roles, policies and OIDC
 * providers. A resource type of a service not listed below fails the generation rather than
 * being left out.
 */

/** IAM action prefix of each CloudFormation resource namespace the stacks use. */
export const SERVICE_PREFIXES: Readonly<Record<string, string>> = {
  'AWS::APS': 'aps',
  'AWS::CloudFormation': 'cloudformation',
  'AWS::CloudWatch': 'cloudwatch',
  'AWS::CodeBuild': 'codebuild',
  'AWS::CodePipeline': 'codepipeline',
  'AWS::EC2': 'ec2',
  'AWS::EKS': 'eks',
  'AWS::Events': 'events',
  'AWS::Grafana': 'grafana',
  'AWS::IAM': 'iam',
  'AWS::KMS': 'kms',
  'AWS::Lambda': 'lambda',
  'AWS::Logs': 'logs',
  'AWS::RAM': 'ram',
  'AWS::S3': 's3',
  'AWS::SNS': 'sns',
  'AWS::SSM': 'ssm',
  'AWS::StepFunctions': 'states',
};

/** What CloudFormation does to IAM for these stacks: roles, their policies, OIDC providers. */
const IAM_ACTIONS = [
  'iam:AttachRolePolicy', 'iam:CreateOpenIDConnectProvider', 'iam:CreatePolicy', 'iam:CreatePolicyVersion', 'iam:CreateRole',
  'iam:CreateServiceLinkedRole', 'iam:DeleteOpenIDConnectProvider', 'iam:DeletePolicy', 'iam:DeletePolicyVersion', 'iam:DeleteRole',
  'iam:DeleteRolePolicy', 'iam:DetachRolePolicy', 'iam:GetOpenIDConnectProvider', 'iam:GetPolicy', 'iam:GetPolicyVersion', 'iam:GetRole',
  'iam:GetRolePolicy', 'iam:ListAttachedRolePolicies', 'iam:ListPolicyVersions', 'iam:ListRolePolicies', 'iam:PassRole', 'iam:PutRolePolicy',
  'iam:TagOpenIDConnectProvider', 'iam:TagPolicy', 'iam:TagRole', 'iam:UntagOpenIDConnectProvider', 'iam:UntagPolicy', 'iam:UntagRole',
  'iam:UpdateAssumeRolePolicy', 'iam:UpdateOpenIDConnectProviderThumbprint', 'iam:UpdateRole', 'iam:UpdateRoleDescription',
];

/** Resource types that create nothing themselves. */
const NOT_CREATED = new Set(['AWS::CDK::Metadata']);

export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly { readonly Sid: string; readonly Effect: 'Allow'; readonly Action: readonly string[]; readonly Resource: string }[];
}

/** Resource types the templates create, sorted. */
export function createdResourceTypes(templates: readonly LoadedTemplate[]): string[] {
  return [...new Set(templates.flatMap((template) => Object.values(template.resources).map((resource) => resource.Type)))].filter((type) => !NOT_CREATED.has(type)).sort();
}

/** The execution policy for stacks made of `templates`. */
export function executionPolicy(templates: readonly LoadedTemplate[]): PolicyDocument {
  const types = createdResourceTypes(templates);
  const services = new Set<string>();
  const unknown: string[] = [];
  let customResources = false;
  for (const type of types) {
    if (type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource') {
      customResources = true;
      continue;
    }
    const namespace = type.split('::').slice(0, 2).join('::');
    const prefix = SERVICE_PREFIXES[namespace];
    if (prefix === undefined) unknown.push(type);
    else if (prefix !== 'iam') services.add(prefix);
  }
  if (unknown.length > 0) {
    throw new Error(`No IAM service is known for ${unknown.join(', ')}; add its namespace to SERVICE_PREFIXES in clusters/infra/lib/execution-policy.ts.`);
  }
  const usesIam = types.some((type) => type.startsWith('AWS::IAM::'));
  const statements: PolicyDocument['Statement'][number][] = [
    { Sid: 'ServicesTheStacksCreate', Effect: 'Allow', Action: [...services].sort().map((prefix) => `${prefix}:*`), Resource: '*' },
    ...(usesIam ? [{ Sid: 'RolesAndPolicies', Effect: 'Allow' as const, Action: IAM_ACTIONS, Resource: '*' }] : []),
    // Custom resources: CloudFormation invokes their handlers; the CDK bootstrap version parameter.
    ...(customResources ? [{ Sid: 'InvokeCustomResourceHandlers', Effect: 'Allow' as const, Action: ['lambda:InvokeFunction'], Resource: '*' }] : []),
    { Sid: 'ReadBootstrapVersion', Effect: 'Allow', Action: ['ssm:GetParameter', 'ssm:GetParameters'], Resource: 'arn:*:ssm:*:*:parameter/cdk-bootstrap/*' },
  ];
  return { Version: '2012-10-17', Statement: statements.filter((statement) => statement.Action.length > 0) };
}

/** Templates of the stacks the pipeline deploys into other accounts (stage assemblies), or of the pipeline's own stack. */
export function templatesFor(templates: readonly LoadedTemplate[], stacks: 'targets' | 'pipeline'): LoadedTemplate[] {
  return templates.filter((template) => template.file.startsWith('assembly-') === (stacks === 'targets'));
}
