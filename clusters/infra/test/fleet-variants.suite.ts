import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { PLATFORM_ADMINS_GROUP, teamGroupName } from '../../fleet/derived-names';
import { AmpWorkspace } from '../lib/amp-workspace';
import { ampStack, clusterParts, fleetFixture, SynthesizedFleet, synthFleet } from './synth-fleet';
import { resourceNamed, resourcesOf } from './template-helpers';

/**
 * A fleet unlike the example (other accounts and region, two NAT gateways over two AZs, 1.34,
 * no manual approval, a principal in two groups) and a dist/ fixture holding an AMP rule file.
 */
const FIXTURE = `
repository: { url: "https://github.com/acme/observability-fork.git", revision: release }
accounts:
  tools:   { id: "010000000001", region: eu-west-1 }
  east:    { id: "010000000002", region: eu-west-1 }
  west:    { id: "010000000003", region: eu-west-1 }
  grafana: { id: "010000000004", region: eu-west-1 }
pipeline: { account: tools, connectionArn: "arn:aws:codeconnections:eu-west-1:010000000001:connection/11111111-2222-3333-4444-555555555555", manualApproval: false }
amp: { account: east, alias: acme-metrics }
grafana: { account: grafana, managerCluster: east }
clusters:
  east:
    account: east
    kubernetesVersion: "1.34"
    vpc: { cidr: 10.20.0.0/16, natGateways: 2, maxAzs: 2 }
    nodeGroup: { instanceType: m6i.xlarge, minSize: 2, desiredSize: 3, maxSize: 4 }
    metrics: { sink: amp }
  west:
    account: west
    metrics: { sink: cloudwatch }
platformTeam:
  principals: ["arn:aws:iam::010000000002:role/Ops"]
teams:
  team-a:
    namespace: alpha
    principals: ["arn:aws:iam::010000000002:role/Ops", "arn:aws:iam::010000000003:role/AlphaDevs"]
    apps:
      ho11y: { clusters: [east], exposure: internet-facing, images: { ho11y: "registry.example.com/ho11y:1.0.0" } }
`;

const RULES = `groups:
  - name: fleet
    rules:
      - alert: Ho11yErrors
        expr: sum(rate(ho11y_total{http_status_code="500"}[5m])) > 0
`;

let distRoot: string;
let synthesized: SynthesizedFleet;
let east: Template;
let west: Template;

beforeAll(async () => {
  distRoot = mkdtempSync(join(tmpdir(), 'infra-dist-'));
  mkdirSync(join(distRoot, 'amp'));
  writeFileSync(join(distRoot, 'amp', 'rules.yaml'), RULES);
  synthesized = await synthFleet({ fleet: fleetFixture(FIXTURE), distRoot });
  east = synthesized.template(clusterParts(synthesized, 'east').stack);
  west = synthesized.template(clusterParts(synthesized, 'west').stack);
}, 120_000);

afterAll(() => rmSync(distRoot, { recursive: true, force: true }));

describe('a fleet of other shape', () => {
  it('places every stack in its account and region', () => {
    expect([synthesized.pipeline.stack.account, synthesized.monitoring.account, clusterParts(synthesized, 'east').stack.account, clusterParts(synthesized, 'west').stack.account]).toEqual([
      '010000000001', '010000000004', '010000000002', '010000000003',
    ]);
    expect(clusterParts(synthesized, 'east').stack.region).toBe('eu-west-1');
  });

  it('takes the VPC, node group and Kubernetes version from the fleet', () => {
    east.resourceCountIs('AWS::EC2::NatGateway', 2);
    east.resourceCountIs('AWS::EC2::Subnet', 4);
    east.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.20.0.0/16' });
    east.hasResourceProperties('AWS::EKS::Nodegroup', { InstanceTypes: ['m6i.xlarge'], ScalingConfig: { MinSize: 2, DesiredSize: 3, MaxSize: 4 } });
    const config = resourceNamed(east, 'Custom::AWSCDK-EKS-Cluster', 'blueprint').Properties?.Config as { version: string };
    expect(config.version).toBe('1.34');
  });

  it('gives a principal in two groups one access entry carrying both', () => {
    const entries = Object.values(resourcesOf(east, 'AWS::EKS::AccessEntry')).map((entry) => entry.Properties);
    expect(entries).toEqual([expect.objectContaining({ PrincipalArn: 'arn:aws:iam::010000000002:role/Ops', KubernetesGroups: [PLATFORM_ADMINS_GROUP, teamGroupName('team-a')].sort() })]);
    const westEntries = Object.values(resourcesOf(west, 'AWS::EKS::AccessEntry')).map((entry) => entry.Properties);
    expect(westEntries).toEqual([expect.objectContaining({ PrincipalArn: 'arn:aws:iam::010000000003:role/AlphaDevs', KubernetesGroups: [teamGroupName('team-a')] })]);
  });

  it('loads the rendered rule file into the AMP workspace\'s rule groups namespace', () => {
    const amp = synthesized.template(ampStack(synthesized));
    const rules = resourceNamed(amp, 'AWS::APS::RuleGroupsNamespace', 'Amp').Properties;
    expect(rules?.Data).toBe(RULES);
    expect(JSON.stringify(rules?.Workspace)).toContain(Object.keys(resourcesOf(amp, 'AWS::APS::Workspace'))[0]);
    amp.hasResourceProperties('AWS::APS::Workspace', { Alias: 'acme-metrics' });
  });

  it('installs the load balancer controller only where an app is exposed', () => {
    const charts = (template: Template) => Object.values(resourcesOf(template, 'Custom::AWSCDK-EKS-HelmChart')).map((resource) => resource.Properties?.Chart);
    expect(charts(east)).toContain('aws-load-balancer-controller');
    expect(charts(west)).not.toContain('aws-load-balancer-controller');
  });

  it('follows the metrics sink, not the cluster name, and reads Grafana facts only in the manager cluster', () => {
    west.resourceCountIs('AWS::APS::Workspace', 0);
    west.resourceCountIs('Custom::AWS', 0);
    // Grafana URL and id, AMP endpoint and workspace id.
    east.resourceCountIs('Custom::AWS', 4);
    expect(JSON.stringify(east.toJSON())).toContain('arn:aws:ssm:eu-west-1:010000000004:parameter/multi-account-observability/grafana/workspace-url');
    synthesized.template(synthesized.monitoring).hasResourceProperties('AWS::RAM::ResourceShare', { Principals: ['010000000002'] });
  });

  it('reads the fleet\'s repository through its connection and skips the approval when the fleet says so', () => {
    const pipeline = synthesized.template(synthesized.pipeline.stack);
    const stages = resourceNamed(pipeline, 'AWS::CodePipeline::Pipeline', 'Pipeline').Properties?.Stages as { Name: string; Actions: { ActionTypeId: { Category: string }; Configuration?: Record<string, unknown> }[] }[];
    expect(stages[0].Actions[0].Configuration).toMatchObject({
      FullRepositoryId: 'acme/observability-fork',
      BranchName: 'release',
      ConnectionArn: 'arn:aws:codeconnections:eu-west-1:010000000001:connection/11111111-2222-3333-4444-555555555555',
    });
    expect(stages.flatMap((stage) => stage.Actions).some((action) => action.ActionTypeId.Category === 'Approval')).toBe(false);
  });
});

describe('a fleet that lists no public endpoint CIDRs', () => {
  it('gets private-only EKS API endpoints', () => {
    for (const name of ['east', 'west']) {
      const [cluster] = Object.values(resourcesOf(synthesized.template(clusterParts(synthesized, name).stack), 'Custom::AWSCDK-EKS-Cluster'));
      expect((cluster.Properties?.Config as { resourcesVpcConfig: Record<string, unknown> }).resourcesVpcConfig).toMatchObject({ endpointPrivateAccess: true, endpointPublicAccess: false });
    }
  });
});

describe('AmpWorkspace without a rendered rule file', () => {
  it('creates no rule groups namespace but keeps the alert manager, its alert topic and its dead-man\'s-switch topic', () => {
    const stack = new Stack(new App(), 'Amp', { env: { account: '010000000002', region: 'eu-west-1' } });
    new AmpWorkspace(stack, 'Amp', { alias: 'acme', rulesFile: join(tmpdir(), 'no-such-dir', 'rules.yaml') });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::APS::RuleGroupsNamespace', 0);
    template.resourceCountIs('AWS::SNS::Topic', 2);
    expect(JSON.stringify(template.findResources('AWS::APS::Workspace'))).toContain('sns_configs');
  });
});
