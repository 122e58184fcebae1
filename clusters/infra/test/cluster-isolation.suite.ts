import { Match, Template } from 'aws-cdk-lib/assertions';
import { cloudWatchLogGroup } from '../../../platform/telemetry/cloudwatch-metrics';
import { flatten, readTemplates } from '../../validate/cloudformation/cloudformation-templates';
import { createdResourceTypes, executionPolicy, SERVICE_PREFIXES, templatesFor } from '../lib/execution-policy';
import { NODE_METADATA_HOP_LIMIT } from '../lib/fleet-cluster-provider';
import { CLOUDWATCH_DATA_SOURCE_ROLE_NAME, GRAFANA_WORKSPACE_ROLE_NAME } from '../lib/fleet-names';
import { VPC_CNI_VERSIONS } from '../lib/versions';
import { accessStack, clusterParts, sharedTestFleetApp, SynthesizedFleet } from './synth-fleet';
import { actionsOf, grantedStatements, resourcesOf, statementsOf } from './template-helpers';

// What keeps the example fleet isolated in the AWS layer: the CNI that enforces the rendered
// NetworkPolicies, nodes whose instance metadata pods cannot reach, a pipeline without a personal
// token and with a generated execution policy, and the smaller grants around Grafana and EKS.
let synthesized: SynthesizedFleet;
const templates = new Map<string, Template>();

beforeAll(async () => {
  synthesized = await sharedTestFleetApp();
  for (const name of Object.keys(synthesized.fleet.clusters)) {
    templates.set(name, synthesized.template(clusterParts(synthesized, name).stack));
  }
}, 120_000);

function eachCluster(check: (template: Template, name: string) => void): void {
  expect(templates.size).toBeGreaterThan(0);
  for (const [name, template] of templates) check(template, name);
}

describe('NetworkPolicies are enforced', () => {
  it('every cluster runs the managed VPC CNI, pinned for its Kubernetes version, with its network policy agent on', () => {
    eachCluster((template, name) => {
      const addOns = Object.values(resourcesOf(template, 'AWS::EKS::Addon')).filter((addOn) => addOn.Properties?.AddonName === 'vpc-cni');
      expect(addOns).toHaveLength(1);
      const properties = addOns[0].Properties ?? {};
      expect(properties.AddonVersion).toBe(VPC_CNI_VERSIONS[synthesized.fleet.clusters[name].kubernetesVersion]);
      const configuration = JSON.parse(String(properties.ConfigurationValues)) as { enableNetworkPolicy?: string };
      expect(configuration.enableNetworkPolicy).toBe('true');
    });
  });
});

describe('pods cannot reach instance metadata', () => {
  it('every managed node group launches from a template requiring IMDSv2 with a hop limit of 1', () => {
    expect(NODE_METADATA_HOP_LIMIT).toBe(1);
    eachCluster((template) => {
      const nodeGroups = Object.values(resourcesOf(template, 'AWS::EKS::Nodegroup'));
      expect(nodeGroups.length).toBeGreaterThan(0);
      for (const nodeGroup of nodeGroups) {
        const launchTemplateId = (nodeGroup.Properties?.LaunchTemplate as { Id?: { Ref?: string } } | undefined)?.Id?.Ref;
        expect(launchTemplateId).toBeDefined();
        const launchTemplate = resourcesOf(template, 'AWS::EC2::LaunchTemplate')[launchTemplateId ?? ''];
        expect(launchTemplate?.Properties?.LaunchTemplateData).toMatchObject({
          MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 1 },
        });
      }
      template.hasResourceProperties('AWS::EC2::LaunchTemplate', { LaunchTemplateData: { MetadataOptions: Match.objectLike({ HttpPutResponseHopLimit: 1 }) } });
    });
  });
});

describe('the pipeline and the accounts it deploys into', () => {
  it('reads the repository through the fleet\'s CodeConnections connection: no personal token, no secret', () => {
    const pipeline = synthesized.template(synthesized.pipeline.stack);
    const [source] = Object.values(resourcesOf(pipeline, 'AWS::CodePipeline::Pipeline')).flatMap(
      (resource) => (resource.Properties?.Stages as { Actions: { ActionTypeId: { Provider: string }; Configuration?: Record<string, unknown> }[] }[])[0].Actions,
    );
    expect(source.ActionTypeId.Provider).toBe('CodeStarSourceConnection');
    expect(source.Configuration?.ConnectionArn).toBe(synthesized.fleet.pipeline.connectionArn);
    expect(JSON.stringify(pipeline.toJSON())).not.toMatch(/secretsmanager|OAuthToken/);
  });

  it('the generated execution policy covers every service the stacks create, without AdministratorAccess or "*"', () => {
    const templates = templatesFor(readTemplates(synthesized.app.outdir), 'targets');
    expect(templates.length).toBeGreaterThan(2);
    const policy = executionPolicy(templates);
    const actions = policy.Statement.flatMap((statement) => statement.Action);
    expect(actions).not.toContain('*');
    expect(actions.filter((action) => action.startsWith('iam:') && action.endsWith('*'))).toEqual([]);
    for (const type of createdResourceTypes(templates).filter((candidate) => candidate.startsWith('AWS::') && !candidate.startsWith('AWS::IAM::') && candidate !== 'AWS::CloudFormation::CustomResource')) {
      expect({ type, covered: actions.includes(`${SERVICE_PREFIXES[type.split('::').slice(0, 2).join('::')]}:*`) }).toEqual({ type, covered: true });
    }
    expect(actions).toEqual(expect.arrayContaining(['eks:*', 'ec2:*', 'iam:CreateRole', 'iam:PassRole', 'lambda:InvokeFunction']));
  });

  it('a resource of a service the policy does not know fails the generation, naming it', () => {
    const planted = { file: 'assembly-x/x.template.json', resources: { Table: { Type: 'AWS::DynamoDB::Table' } }, outputs: {} };
    expect(() => executionPolicy([planted])).toThrow(/AWS::DynamoDB::Table; add its namespace to SERVICE_PREFIXES/);
  });
});

describe('smaller grants', () => {
  it('cloudwatchDataSourceRole queries only the EMF log groups of its account\'s CloudWatch clusters, never every log group', () => {
    // The data-source roles live in each account's access stack (one per account running clusters).
    const template = synthesized.template(accessStack(synthesized, 'prod2'));
    const role = Object.entries(resourcesOf(template, 'AWS::IAM::Role')).find(([, resource]) => resource.Properties?.RoleName === CLOUDWATCH_DATA_SOURCE_ROLE_NAME);
    const statements = grantedStatements(template, role?.[0] ?? '');
    const logs = statements.filter((statement) => actionsOf(statement).some((action) => action.startsWith('logs:')));
    const query = logs.find((statement) => actionsOf(statement).includes('logs:StartQuery'));
    expect(flatten(query?.Resource)).toContain(`log-group:${cloudWatchLogGroup('prod2')}`);
    expect(flatten(query?.Resource)).not.toMatch(/(^|,)\*($|,)/);
    for (const statement of logs.filter((candidate) => flatten(candidate.Resource) === '*')) {
      expect(actionsOf(statement).sort()).toEqual(['logs:GetQueryResults', 'logs:StopQuery']);
    }
  });

  it('the Grafana role\'s trust is narrowed to its own workspace once the workspace exists', () => {
    const monitoring = synthesized.template(synthesized.monitoring);
    const [narrowing] = Object.values(resourcesOf(monitoring, 'Custom::AWS'));
    const create = flatten(narrowing.Properties?.Create);
    expect(create).toContain('updateAssumeRolePolicy');
    expect(create).toContain(GRAFANA_WORKSPACE_ROLE_NAME);
    const workspaceId = Object.keys(resourcesOf(monitoring, 'AWS::Grafana::Workspace'))[0];
    expect(create).toMatch(new RegExp(`aws:SourceArn.*/workspaces/\\$\\{${workspaceId}\\.Id\\}`));
    const handlerPolicies = Object.values(resourcesOf(monitoring, 'AWS::IAM::Policy')).filter((policy) => flatten(policy.Properties?.PolicyDocument).includes('iam:UpdateAssumeRolePolicy'));
    expect(handlerPolicies).toHaveLength(1);
    expect(actionsOf(statementsOf(handlerPolicies[0].Properties?.PolicyDocument)[0])).toEqual(['iam:UpdateAssumeRolePolicy']);
  });

  it('plugin administration is off unless the fleet asks for it', () => {
    synthesized.template(synthesized.monitoring).hasResourceProperties('AWS::Grafana::Workspace', { PluginAdminEnabled: false });
  });

  it('the EKS API endpoint is private, and public only to the fleet\'s CIDRs', () => {
    eachCluster((template, name) => {
      const [cluster] = Object.values(resourcesOf(template, 'Custom::AWSCDK-EKS-Cluster'));
      const vpcConfig = (cluster.Properties?.Config as { resourcesVpcConfig: Record<string, unknown> }).resourcesVpcConfig;
      const cidrs = synthesized.fleet.clusters[name].publicEndpointCidrs;
      expect(cidrs.length).toBeGreaterThan(0);
      expect(vpcConfig).toMatchObject({ endpointPrivateAccess: true, endpointPublicAccess: true, publicAccessCidrs: cidrs });
    });
  });
});
