import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPLACEMENT_PROPERTIES } from '../diff/replacement-properties';
import { AssemblyDiff, CloudAssembly, diffAssemblies } from '../diff/template-diff';
import { REPO_ROOT } from './support/fleet-fixtures';

/** Comparison of two cloud assemblies, on templates written here. */

const ASSET = 'a'.repeat(64);
const OTHER_ASSET = 'b'.repeat(64);

function assembly(resources: Record<string, unknown>, assetHashes: string[] = []): CloudAssembly {
  return { templates: [{ stack: 'app/stack', template: { Resources: resources, Parameters: { BootstrapVersion: { Type: 'AWS::SSM::Parameter::Value<String>' } } } }], assetHashes: new Set(assetHashes) };
}

function role(principals: unknown, actions: unknown, extra: Record<string, unknown> = {}) {
  return {
    Type: 'AWS::IAM::Role',
    Properties: {
      RoleName: 'reader',
      AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: principals } }] },
      Policies: [{ PolicyName: 'read', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: actions, Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::logs/*']] } }] } }],
      ...extra,
    },
  };
}

function summary(diff: AssemblyDiff): string[] {
  return diff.stacks.flatMap((stack) => stack.changes.map((change) => `${change.change} ${change.logicalId} ${change.flags.join(',')} ${change.replacing.join(',')}`.trim()));
}

describe('comparing CloudFormation templates', () => {
  test('a single trust principal replaced shows the old one removed and the new one added', () => {
    const diff = diffAssemblies(assembly({ Reader: role('arn:aws:iam::111111111111:role/a', 's3:GetObject') }), assembly({ Reader: role('arn:aws:iam::111111111111:role/b', 's3:GetObject') }));
    expect(summary(diff)).toEqual(['changed Reader iam']);
    expect(diff.stacks[0].changes[0].fields).toEqual([
      { path: '.Properties.AssumeRolePolicyDocument.Statement["Allow sts:AssumeRole"].Principal.AWS["arn:aws:iam::111111111111:role/a"]', before: 'arn:aws:iam::111111111111:role/a' },
      { path: '.Properties.AssumeRolePolicyDocument.Statement["Allow sts:AssumeRole"].Principal.AWS["arn:aws:iam::111111111111:role/b"]', after: 'arn:aws:iam::111111111111:role/b' },
    ]);
  });

  test('a widened action names the action and its statement, with the resource ARN written out', () => {
    const diff = diffAssemblies(assembly({ Reader: role('arn:aws:iam::111111111111:role/a', 's3:GetObject') }), assembly({ Reader: role('arn:aws:iam::111111111111:role/a', ['s3:GetObject', 's3:*']) }));
    expect(diff.stacks[0].changes[0].fields).toEqual([{ path: '.Properties.Policies.read.PolicyDocument.Statement["Allow on arn:${AWS::Partition}:s3:::logs/*"].Action["s3:*"]', after: 's3:*' }]);
  });

  test('a changed condition is reported with its path and values', () => {
    const withCondition = (account: string) => {
      const value = role('arn:aws:iam::111111111111:role/a', 's3:GetObject');
      (value.Properties.AssumeRolePolicyDocument.Statement[0] as Record<string, unknown>).Condition = { StringEquals: { 'aws:SourceAccount': account } };
      return value;
    };
    const diff = diffAssemblies(assembly({ Reader: withCondition('111111111111') }), assembly({ Reader: withCondition('222222222222') }));
    expect(diff.stacks[0].changes[0].fields).toEqual([{ path: '.Properties.AssumeRolePolicyDocument.Statement["Allow sts:AssumeRole"].Condition.StringEquals["aws:SourceAccount"]', before: '111111111111', after: '222222222222' }]);
  });

  test('reordered statements, actions, principals, tags and keys, new metadata, dependencies and asset hashes are no change', () => {
    const before = assembly(
      {
        Reader: role(['arn:aws:iam::111111111111:role/a', 'arn:aws:iam::111111111111:role/b'], ['s3:GetObject', 's3:ListBucket'], { Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }] }),
        Handler: { Type: 'AWS::Lambda::Function', Properties: { Code: { S3Bucket: 'assets', S3Key: `${ASSET}.zip` }, Handler: 'index.handler' }, Metadata: { 'aws:asset:path': `asset.${ASSET}` } },
        Meta: { Type: 'AWS::CDK::Metadata', Properties: { Analytics: 'v2:deflate64:abc' } },
      },
      [ASSET],
    );
    const reordered = role(['arn:aws:iam::111111111111:role/b', 'arn:aws:iam::111111111111:role/a'], ['s3:ListBucket', 's3:GetObject'], { Tags: [{ Key: 'b', Value: '2' }, { Key: 'a', Value: '1' }] });
    const after = assembly(
      {
        Handler: { Type: 'AWS::Lambda::Function', Properties: { Handler: 'index.handler', Code: { S3Key: `${OTHER_ASSET}.zip`, S3Bucket: 'assets' } }, DependsOn: ['Reader'], Metadata: { 'aws:cdk:path': 'app/stack/Handler' } },
        Reader: { Properties: Object.fromEntries(Object.entries(reordered.Properties).reverse()), Type: reordered.Type },
        Meta: { Type: 'AWS::CDK::Metadata', Properties: { Analytics: 'v2:deflate64:def' } },
      },
      [OTHER_ASSET],
    );
    expect(diffAssemblies(before, after)).toEqual({ stacks: [], counts: { added: 0, removed: 0, changed: 0 }, flagged: 0 });
  });

  test('a hash that is not an asset of either side is compared like any value', () => {
    const parameter = (value: string) => ({ Digest: { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: value } } });
    expect(summary(diffAssemblies(assembly(parameter(`sha256:${ASSET}`), []), assembly(parameter(`sha256:${OTHER_ASSET}`), [])))).toEqual(['changed Digest']);
  });

  test('a change to a property CloudFormation replaces on is flagged with that property; others are not', () => {
    const nodes = (instanceTypes: string[], desired: number) => ({ Nodes: { Type: 'AWS::EKS::Nodegroup', Properties: { ClusterName: 'prod1', InstanceTypes: instanceTypes, ScalingConfig: { DesiredSize: desired } } } });
    expect(summary(diffAssemblies(assembly(nodes(['m5.large'], 2)), assembly(nodes(['m6i.large'], 2))))).toEqual(['changed Nodes replacement InstanceTypes']);
    expect(summary(diffAssemblies(assembly(nodes(['m5.large'], 2)), assembly(nodes(['m5.large'], 3))))).toEqual(['changed Nodes']);
    expect(summary(diffAssemblies(assembly({ Reader: role('arn:aws:iam::111111111111:role/a', 's3:GetObject') }), assembly({ Reader: role('arn:aws:iam::111111111111:role/a', 's3:GetObject', { RoleName: 'reader2' }) })))).toEqual([
      'changed Reader iam,replacement RoleName',
    ]);
  });

  test('changes are listed IAM first, then security groups, then replacements, then the rest', () => {
    const before = assembly({
      Param: { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: 'a' } },
      Nodes: { Type: 'AWS::EKS::Nodegroup', Properties: { ClusterName: 'a', DiskSize: 20 } },
      Group: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'g', SecurityGroupIngress: [] } },
    });
    const after = assembly({
      Param: { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: 'b' } },
      Nodes: { Type: 'AWS::EKS::Nodegroup', Properties: { ClusterName: 'a', DiskSize: 40 } },
      Group: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'g', SecurityGroupIngress: [{ IpProtocol: '-1', CidrIp: '0.0.0.0/0' }] } },
      Access: { Type: 'AWS::EKS::AccessEntry', Properties: { ClusterName: 'a', PrincipalArn: 'arn:aws:iam::111111111111:role/x' } },
    });
    expect(summary(diffAssemblies(before, after))).toEqual(['added Access iam', 'changed Group security-group', 'changed Nodes replacement DiskSize', 'changed Param']);
  });
});

describe('the table of properties CloudFormation replaces on', () => {
  test("agrees with the resource database of the pinned aws-cdk CLI for every type it lists", () => {
    // The CLI ships the CloudFormation resource schemas it uses for `cdk diff` as db.json.gz.
    const database = JSON.parse(gunzipSync(readFileSync(join(REPO_ROOT, 'node_modules', 'aws-cdk', 'db.json.gz'))).toString('utf8')) as {
      schema: { resource: { entities: { cloudFormationType: string; properties: Record<string, { causesReplacement?: string }> }[] } };
    };
    const byType = new Map(database.schema.resource.entities.map((entity) => [entity.cloudFormationType, entity]));
    for (const [type, properties] of Object.entries(REPLACEMENT_PROPERTIES).filter(([type]) => type.startsWith('AWS::'))) {
      const entity = byType.get(type);
      expect({ type, known: entity !== undefined }).toEqual({ type, known: true });
      const replacing = Object.entries(entity?.properties ?? {})
        .filter(([, property]) => property.causesReplacement === 'yes')
        .map(([name]) => name)
        .sort();
      expect({ type, properties: [...properties].sort() }).toEqual({ type, properties: replacing });
    }
  });
});
