import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { parse } from 'yaml';
import { alertManagerDefinition } from '../lib/amp-workspace';
import { ampRemoteWriteRoleName, PLATFORM_ADMINS_GROUP, teamGroupName } from '../../fleet/derived-names';
import { GRAFANA_FACTS, TELEMETRY_FACTS } from '../../../platform/cluster-facts';
import { METRICS_COLLECTOR, TRACES_COLLECTOR } from '../../../platform/telemetry/collector-identities';
import { AMP_DATA_SOURCE_ROLE_NAME, AMP_FACTS_PARAMETERS, CLOUDWATCH_DATA_SOURCE_ROLE_NAME, GRAFANA_FACTS_PARAMETERS, GRAFANA_WORKSPACE_ROLE_NAME } from '../lib/fleet-names';
import { ARGOCD_APP_VERSION, ARGOCD_CHART_VERSION, POD_IDENTITY_AGENT_VERSION, VPC_CNI_VERSIONS } from '../lib/versions';
import { accessStack, ampStack, clusterParts, sharedTestFleetApp, SynthesizedFleet } from './synth-fleet';
import {
  actionsOf,
  allTemplateFiles,
  grantedStatements,
  kubernetesObjects,
  readTemplate,
  resourceNamed,
  resourcesOf,
  roleLogicalId,
  roleNamed,
  Statement,
  statementsOf,
} from './template-helpers';

// The example fleet: prod1 (222222222222, AMP), prod2 (333333333333, CloudWatch), monitoring
// (444444444444), pipeline (111111111111), all in us-west-2.
let synthesized: SynthesizedFleet;
let monitoring: Template;
let prod1: Template;
let prod2: Template;
let amp: Template;
/** The access stacks of prod1's and prod2's accounts (prod1's is also the AMP account's). */
let prod1Access: Template;
let prod2Access: Template;

beforeAll(async () => {
  synthesized = await sharedTestFleetApp();
  monitoring = synthesized.template(synthesized.monitoring);
  prod1 = synthesized.template(clusterParts(synthesized, 'prod1').stack);
  prod2 = synthesized.template(clusterParts(synthesized, 'prod2').stack);
  amp = synthesized.template(ampStack(synthesized));
  prod1Access = synthesized.template(accessStack(synthesized, 'prod1'));
  prod2Access = synthesized.template(accessStack(synthesized, 'prod2'));
}, 120_000);

const GRAFANA_ROLE_ARN = 'arn:aws:iam::444444444444:role/amgWorkspaceIamRole';

/** Every policy statement anywhere in a template (IAM, key, topic and bucket policies). */
function allStatements(value: unknown): Statement[] {
  if (Array.isArray(value)) {
    return value.flatMap(allStatements);
  }
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const own = Array.isArray(record.Statement) ? (record.Statement as Statement[]) : [];
    return [...own, ...Object.values(record).flatMap(allStatements)];
  }
  return [];
}

function onlyStatement(document: unknown): Statement {
  const statements = statementsOf(document);
  expect(statements).toHaveLength(1);
  return statements[0];
}

function allowedActions(statements: Statement[]): string[] {
  return statements.filter((statement) => statement.Effect === 'Allow').flatMap(actionsOf).sort();
}

describe('IAM 14: the Grafana workspace role', () => {
  it('is trusted only by grafana.amazonaws.com, for a workspace of its own account and region', () => {
    const trust = onlyStatement(roleNamed(monitoring, GRAFANA_WORKSPACE_ROLE_NAME).Properties?.AssumeRolePolicyDocument);
    expect(trust.Principal).toEqual({ Service: 'grafana.amazonaws.com' });
    expect(actionsOf(trust)).toEqual(['sts:AssumeRole']);
    expect(trust.Condition?.StringEquals).toEqual({ 'aws:SourceAccount': '444444444444' });
    expect(JSON.stringify(trust.Condition?.ArnLike?.['aws:SourceArn'])).toContain(':grafana:us-west-2:444444444444:/workspaces/*');
  });

  it('backs a customer-managed workspace with the fleet\'s authentication and the data sources in use', () => {
    const workspace = resourceNamed(monitoring, 'AWS::Grafana::Workspace', 'Workspace').Properties ?? {};
    expect(workspace).toMatchObject({ PermissionType: 'CUSTOMER_MANAGED', AuthenticationProviders: ['AWS_SSO'], GrafanaVersion: synthesized.fleet.grafana.version, AccountAccessType: 'CURRENT_ACCOUNT' });
    expect(workspace.DataSources).toEqual(['PROMETHEUS', 'CLOUDWATCH', 'XRAY']);
    expect(JSON.stringify(workspace.RoleArn)).toContain(roleLogicalId(monitoring, GRAFANA_WORKSPACE_ROLE_NAME));
  });
});

describe('IAM 16: what the Grafana role may do', () => {
  it('is sts:AssumeRole on exactly the data-source roles (AMP in the AMP account, CloudWatch/X-Ray in each cluster account) and nothing else', () => {
    const statements = grantedStatements(monitoring, roleLogicalId(monitoring, GRAFANA_WORKSPACE_ROLE_NAME));
    expect(statements).toHaveLength(1);
    expect(actionsOf(statements[0])).toEqual(['sts:AssumeRole']);
    expect(statements[0].Resource).toEqual([
      `arn:aws:iam::222222222222:role/${AMP_DATA_SOURCE_ROLE_NAME}`,
      `arn:aws:iam::222222222222:role/${CLOUDWATCH_DATA_SOURCE_ROLE_NAME}`,
      `arn:aws:iam::333333333333:role/${CLOUDWATCH_DATA_SOURCE_ROLE_NAME}`,
    ]);
  });
});

describe('IAM 15 and 17: the data-source roles', () => {
  it.each([
    ['prod1', AMP_DATA_SOURCE_ROLE_NAME],
    ['prod1', CLOUDWATCH_DATA_SOURCE_ROLE_NAME],
    ['prod2', CLOUDWATCH_DATA_SOURCE_ROLE_NAME],
  ])('%s: %s trusts exactly the Grafana role ARN (not :root, not *)', (account, roleName) => {
    const template = account === 'prod1' ? prod1Access : prod2Access;
    const trust = onlyStatement(roleNamed(template, roleName).Properties?.AssumeRolePolicyDocument);
    expect(trust.Principal).toEqual({ AWS: GRAFANA_ROLE_ARN });
    expect(actionsOf(trust)).toEqual(['sts:AssumeRole']);
  });

  it('ampPrometheusDataSourceRole queries AMP on the fleet workspace\'s ARN only', () => {
    const statements = grantedStatements(prod1Access, roleLogicalId(prod1Access, AMP_DATA_SOURCE_ROLE_NAME));
    const query = statements.find((statement) => actionsOf(statement).includes('aps:QueryMetrics'));
    expect(JSON.stringify(query?.Resource)).toMatch(/:aps:us-west-2:222222222222:workspace\/.*Ref/);
    expect(actionsOf(query as Statement)).toEqual(['aps:DescribeWorkspace', 'aps:GetLabels', 'aps:GetMetricMetadata', 'aps:GetSeries', 'aps:QueryMetrics']);
    expect(allowedActions(statements)).toEqual(['aps:DescribeWorkspace', 'aps:GetLabels', 'aps:GetMetricMetadata', 'aps:GetSeries', 'aps:ListWorkspaces', 'aps:QueryMetrics']);
    // The workspace id comes from the AMP stack's parameter in the same account and region.
    expect(Object.values(prod1Access.toJSON().Parameters ?? {}).map((parameter) => (parameter as { Default?: string }).Default)).toContain(AMP_FACTS_PARAMETERS.workspaceId);
  });

  it('cloudwatchDataSourceRole reads CloudWatch, Logs Insights, EC2 tags/regions, tag:GetResources and X-Ray', () => {
    const actions = allowedActions(grantedStatements(prod2Access, roleLogicalId(prod2Access, CLOUDWATCH_DATA_SOURCE_ROLE_NAME)));
    expect(actions).toEqual(expect.arrayContaining(['cloudwatch:GetMetricData', 'cloudwatch:ListMetrics', 'logs:StartQuery', 'logs:GetQueryResults', 'ec2:DescribeTags', 'ec2:DescribeRegions', 'tag:GetResources', 'xray:GetTraceSummaries']));
  });

  it.each([
    ['prod1', AMP_DATA_SOURCE_ROLE_NAME],
    ['prod1', CLOUDWATCH_DATA_SOURCE_ROLE_NAME],
    ['prod2', CLOUDWATCH_DATA_SOURCE_ROLE_NAME],
  ])('%s: %s has no write action, no wildcard action and no SSM access', (account, roleName) => {
    const template = account === 'prod1' ? prod1Access : prod2Access;
    const actions = allowedActions(grantedStatements(template, roleLogicalId(template, roleName)));
    expect(actions.length).toBeGreaterThan(5);
    for (const action of actions) {
      const verb = action.split(':')[1];
      expect(verb).toMatch(/^(Get|List|Describe|Query|BatchGet|StartQuery|StopQuery)/);
      expect(action).not.toContain('*');
      expect(action.startsWith('ssm:')).toBe(false);
    }
  });
});

describe('IAM 18: the collector roles', () => {
  it.each([
    ['prod1', 'metrics', METRICS_COLLECTOR],
    ['prod1', 'traces', TRACES_COLLECTOR],
    ['prod2', 'metrics', METRICS_COLLECTOR],
    ['prod2', 'traces', TRACES_COLLECTOR],
  ])('%s: the %s collector role is bound to exactly its service account', (cluster, _name, collector) => {
    const template = cluster === 'prod1' ? prod1 : prod2;
    const account = cluster === 'prod1' ? '222222222222' : '333333333333';
    const roleName = `${cluster}-${collector.serviceAccount}`;
    const trust = onlyStatement(roleNamed(template, roleName).Properties?.AssumeRolePolicyDocument);
    expect(trust.Principal).toEqual({ Service: 'pods.eks.amazonaws.com' });
    expect(actionsOf(trust)).toEqual(['sts:AssumeRole', 'sts:TagSession']);
    expect(trust.Condition?.StringEquals).toEqual({
      'aws:SourceAccount': account,
      'aws:RequestTag/eks-cluster-name': cluster,
      'aws:RequestTag/kubernetes-namespace': collector.namespace,
      'aws:RequestTag/kubernetes-service-account': collector.serviceAccount,
    });
    expect(JSON.stringify(trust.Condition?.ArnEquals)).toContain(`:eks:us-west-2:${account}:cluster/${cluster}`);

    const logicalId = roleLogicalId(template, roleName);
    const associations = Object.values(resourcesOf(template, 'AWS::EKS::PodIdentityAssociation')).filter(
      (association) => JSON.stringify(association.Properties?.RoleArn).includes(logicalId),
    );
    expect(associations).toHaveLength(1);
    expect(associations[0].Properties).toMatchObject({ Namespace: collector.namespace, ServiceAccount: collector.serviceAccount });
  });

  it('prod1 (sink amp): the metrics role may only assume its account\'s remote-write role in the AMP account', () => {
    const statements = grantedStatements(prod1, roleLogicalId(prod1, `prod1-${METRICS_COLLECTOR.serviceAccount}`));
    expect(statements).toHaveLength(1);
    expect(actionsOf(statements[0])).toEqual(['sts:AssumeRole', 'sts:TagSession']);
    expect(statements[0].Resource).toBe(`arn:aws:iam::222222222222:role/${ampRemoteWriteRoleName('prod1')}`);
  });

  it('the remote-write role trusts exactly prod1\'s metrics collector role, with conditions on its Pod Identity session, and writes to the workspace only', () => {
    const role = roleNamed(prod1Access, ampRemoteWriteRoleName('prod1'));
    const trust = onlyStatement(role.Properties?.AssumeRolePolicyDocument);
    const collectorRole = `arn:aws:iam::222222222222:role/prod1-${METRICS_COLLECTOR.serviceAccount}`;
    expect(trust.Principal).toEqual({ AWS: collectorRole });
    expect(actionsOf(trust)).toEqual(['sts:AssumeRole', 'sts:TagSession']);
    expect(trust.Condition).toEqual({
      StringEquals: {
        'aws:PrincipalAccount': '222222222222',
        'aws:PrincipalTag/eks-cluster-arn': ['arn:aws:eks:us-west-2:222222222222:cluster/prod1'],
        'aws:PrincipalTag/kubernetes-namespace': METRICS_COLLECTOR.namespace,
        'aws:PrincipalTag/kubernetes-service-account': METRICS_COLLECTOR.serviceAccount,
      },
      ArnEquals: { 'aws:PrincipalArn': [collectorRole] },
    });
    const statements = grantedStatements(prod1Access, roleLogicalId(prod1Access, ampRemoteWriteRoleName('prod1')));
    expect(statements.map((statement) => actionsOf(statement))).toEqual([['aps:RemoteWrite']]);
    expect(JSON.stringify(statements[0].Resource)).toMatch(/:aps:us-west-2:222222222222:workspace\//);
    prod2Access.resourceCountIs('AWS::IAM::Role', 1);
  });

  it('prod2 (sink cloudwatch): the metrics role writes EMF logs under its prefix and metrics in ContainerInsights only', () => {
    const statements = grantedStatements(prod2, roleLogicalId(prod2, `prod2-${METRICS_COLLECTOR.serviceAccount}`));
    expect(statements).toHaveLength(2);
    const logs = statements.find((statement) => actionsOf(statement).some((action) => action.startsWith('logs:')));
    expect(actionsOf(logs as Statement)).toEqual(['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents', 'logs:PutRetentionPolicy']);
    expect(JSON.stringify(logs?.Resource)).toContain(':logs:us-west-2:333333333333:log-group:/aws/containerinsights/prod2/*');
    const metrics = statements.find((statement) => actionsOf(statement).includes('cloudwatch:PutMetricData'));
    expect(actionsOf(metrics as Statement)).toEqual(['cloudwatch:PutMetricData']);
    expect(metrics?.Condition).toEqual({ StringLike: { 'cloudwatch:namespace': 'ContainerInsights/*' } });
    expect(JSON.stringify(statements)).not.toContain('aps:');
  });

  it.each(['prod1', 'prod2'])('%s: the traces role writes X-Ray only', (cluster) => {
    const template = cluster === 'prod1' ? prod1 : prod2;
    const statements = grantedStatements(template, roleLogicalId(template, `${cluster}-${TRACES_COLLECTOR.serviceAccount}`));
    expect(allowedActions(statements)).toEqual(['xray:GetSamplingRules', 'xray:GetSamplingStatisticSummaries', 'xray:GetSamplingTargets', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
  });
});

describe('IAM 19: no long-lived credentials and no open principals anywhere', () => {
  it('no template holds an IAM user, access key, Grafana API key, a "*" principal or an account-root trust', () => {
    const files = allTemplateFiles(synthesized.app.outdir);
    expect(files.length).toBeGreaterThanOrEqual(7);
    for (const file of files) {
      const template = readTemplate(file);
      const types = Object.values(template.Resources ?? {}).map((resource) => resource.Type);
      expect(types).not.toContain('AWS::IAM::User');
      expect(types).not.toContain('AWS::IAM::AccessKey');
      expect(types).not.toContain('AWS::IAM::UserToGroupAddition');
      expect(types.filter((type) => /ApiKey|ServiceAccountToken/.test(type))).toEqual([]);
      for (const statement of allStatements(template)) {
        if (statement.Effect === 'Allow') {
          expect(JSON.stringify(statement.Principal ?? null)).not.toMatch(/^"\*"$|"\*"/);
        }
      }
      for (const role of Object.values(template.Resources ?? {}).filter((resource) => resource.Type === 'AWS::IAM::Role')) {
        expect(JSON.stringify(role.Properties?.AssumeRolePolicyDocument)).not.toContain(':root');
      }
      expect(JSON.stringify(template.Outputs ?? {})).not.toMatch(/key|token|secret/i);
    }
  });
});

describe('workload clusters', () => {
  it.each(['prod1', 'prod2'])('%s: pinned Kubernetes version, control-plane logs, KMS secrets encryption, API access entries', (cluster) => {
    const template = cluster === 'prod1' ? prod1 : prod2;
    const config = resourceNamed(template, 'Custom::AWSCDK-EKS-Cluster', 'blueprint').Properties?.Config as Record<string, unknown>;
    expect(config.version).toBe('1.35');
    expect(config.name).toBe(cluster);
    expect(JSON.stringify(config.logging)).toBe(JSON.stringify({ clusterLogging: [{ enabled: true, types: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'] }] }));
    expect(JSON.stringify(config.encryptionConfig)).toContain('"resources":["secrets"]');
    expect(config.accessConfig).toMatchObject({ authenticationMode: 'API' });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it.each(['prod1', 'prod2'])('%s: one NAT gateway over three AZs and the fleet\'s node group', (cluster) => {
    const template = cluster === 'prod1' ? prod1 : prod2;
    template.resourceCountIs('AWS::EC2::NatGateway', 1);
    template.resourceCountIs('AWS::EC2::EIP', 1);
    template.resourceCountIs('AWS::EC2::Subnet', 6);
    template.hasResourceProperties('AWS::EKS::Nodegroup', { InstanceTypes: ['m5.large'], ScalingConfig: { MinSize: 1, DesiredSize: 2, MaxSize: 3 }, AmiType: 'AL2023_x86_64_STANDARD' });
  });

  it.each(['prod1', 'prod2'])('%s: ArgoCD chart and every EKS add-on are pinned', (cluster) => {
    const template = cluster === 'prod1' ? prod1 : prod2;
    const charts = Object.values(resourcesOf(template, 'Custom::AWSCDK-EKS-HelmChart'));
    expect(charts.map((chart) => [chart.Properties?.Chart, chart.Properties?.Version])).toEqual([['argo-cd', ARGOCD_CHART_VERSION]]);
    const addons = Object.values(resourcesOf(template, 'AWS::EKS::Addon'));
    expect(addons.map((addon) => [addon.Properties?.AddonName, addon.Properties?.AddonVersion]).sort()).toEqual([
      ['eks-pod-identity-agent', POD_IDENTITY_AGENT_VERSION],
      ['vpc-cni', VPC_CNI_VERSIONS['1.35']],
    ]);
  });

  it('no role trusted by the whole account is left behind by the cluster provider', () => {
    for (const template of [prod1, prod2]) {
      expect(JSON.stringify(template.toJSON())).not.toContain('AccessRole');
    }
  });

  it.each([
    ['prod1', '222222222222'],
    ['prod2', '333333333333'],
  ])('%s: access entries for the principals of its own account, carrying the RBAC groups', (cluster, account) => {
    const template = cluster === 'prod1' ? prod1 : prod2;
    const entries = Object.values(resourcesOf(template, 'AWS::EKS::AccessEntry')).map((entry) => [entry.Properties?.PrincipalArn, entry.Properties?.KubernetesGroups, entry.Properties?.AccessPolicies]);
    expect(entries.sort()).toEqual(
      [
        [`arn:aws:iam::${account}:role/GeordieDevelopers`, [teamGroupName('team-geordie')], undefined],
        [`arn:aws:iam::${account}:role/PlatformAdmins`, [PLATFORM_ADMINS_GROUP], undefined],
      ].sort(),
    );
  });
});

describe('facts known only after deploy reach the clusters', () => {
  function configMap(template: Template, name: string): Record<string, unknown> | undefined {
    return kubernetesObjects(template).find((object) => object.kind === 'ConfigMap' && (object.metadata as { name: string }).name === name);
  }

  it('prod1 (AMP) gets cluster-facts with the workspace id and remote-write URL read from the AMP account\'s parameters', () => {
    const facts = configMap(prod1, TELEMETRY_FACTS.name);
    expect((facts?.metadata as { namespace: string }).namespace).toBe(TELEMETRY_FACTS.namespace);
    expect(facts?.data).toEqual({ AMP_REMOTE_WRITE_URL: '<token>api/v1/remote_write', AMP_WORKSPACE_ID: '<token>', AWS_REGION: 'us-west-2', CLUSTER_NAME: 'prod1', AWS_ACCOUNT_ID: '222222222222' });
    const reads = Object.values(resourcesOf(prod1, 'Custom::AWS')).map((resource) => JSON.stringify(resource.Properties?.Create));
    for (const name of Object.values(AMP_FACTS_PARAMETERS)) {
      expect(reads.some((read) => read.includes(`arn:aws:ssm:us-west-2:222222222222:parameter${name}`))).toBe(true);
    }
    expect(kubernetesObjects(prod1).some((object) => object.kind === 'Namespace' && (object.metadata as { name: string }).name === TELEMETRY_FACTS.namespace)).toBe(true);
  });

  it('prod2 (CloudWatch) gets cluster-facts with empty AMP keys', () => {
    expect(configMap(prod2, TELEMETRY_FACTS.name)?.data).toEqual({ AMP_REMOTE_WRITE_URL: '', AMP_WORKSPACE_ID: '', AWS_REGION: 'us-west-2', CLUSTER_NAME: 'prod2', AWS_ACCOUNT_ID: '333333333333' });
  });

  it('the manager cluster reads the Grafana facts shared by the monitoring account, and only it', () => {
    expect(configMap(prod1, GRAFANA_FACTS.name)?.data).toEqual({ GRAFANA_URL: '<token>', GRAFANA_WORKSPACE_ID: '<token>', AMP_QUERY_URL: '<token>' });
    expect(configMap(prod2, GRAFANA_FACTS.name)).toBeUndefined();
    const arns = [
      ...Object.values(GRAFANA_FACTS_PARAMETERS).map((name) => `arn:aws:ssm:us-west-2:444444444444:parameter${name}`),
      ...Object.values(AMP_FACTS_PARAMETERS).map((name) => `arn:aws:ssm:us-west-2:222222222222:parameter${name}`),
    ];
    const reads = Object.values(resourcesOf(prod1, 'Custom::AWS')).map((resource) => JSON.stringify(resource.Properties?.Create));
    expect(reads).toHaveLength(4);
    arns.forEach((arn) => expect(reads.some((read) => read.includes(arn) && read.includes('getParameter'))).toBe(true));
    const readerPolicies = Object.values(resourcesOf(prod1, 'AWS::IAM::Policy')).filter((policy) => JSON.stringify(policy.Properties?.PolicyDocument).includes('ssm:'));
    const ssmStatements = readerPolicies.flatMap((policy) => statementsOf(policy.Properties?.PolicyDocument));
    expect(ssmStatements.map((statement) => [actionsOf(statement), statement.Resource]).sort()).toEqual(arns.map((arn) => [['ssm:GetParameter'], arn]).sort());
  });

  it('the monitoring account publishes the facts as advanced-tier parameters shared with the manager cluster\'s account only', () => {
    for (const name of Object.values(GRAFANA_FACTS_PARAMETERS)) {
      monitoring.hasResourceProperties('AWS::SSM::Parameter', { Name: name, Tier: 'Advanced', Type: 'String' });
    }
    const share = resourceNamed(monitoring, 'AWS::RAM::ResourceShare', 'FactsShare').Properties;
    expect(share?.Principals).toEqual(['222222222222']);
    expect(share?.AllowExternalPrincipals).toBe(false);
    expect((share?.ResourceArns as unknown[]).length).toBe(2);
    expect(Object.keys(monitoring.toJSON().Outputs)).toEqual(expect.arrayContaining(['GrafanaWorkspaceUrl']));
  });
});

describe('AMP (the AMP account, prod1)', () => {
  it('has the fleet\'s alias and an alert manager routing to its SNS topic, which only that workspace may publish to', () => {
    expect([ampStack(synthesized).account, ampStack(synthesized).region]).toEqual(['222222222222', 'us-west-2']);
    const workspace = resourceNamed(amp, 'AWS::APS::Workspace', 'Amp').Properties;
    expect(workspace?.Alias).toBe('multi-account-monitoring');
    const definition = JSON.stringify(workspace?.AlertManagerDefinition);
    expect(definition).toContain('sns_configs');
    const topics = Object.keys(resourcesOf(amp, 'AWS::SNS::Topic'));
    expect(topics.length).toBe(2);
    for (const topic of topics) expect(definition).toContain(topic);
    for (const topic of ['AmpAlertTopic', 'AmpDeadMansSwitchTopic']) {
      const policy = resourceNamed(amp, 'AWS::SNS::TopicPolicy', topic).Properties?.PolicyDocument;
      const publish = statementsOf(policy).find((statement) => JSON.stringify(statement.Principal).includes('aps.amazonaws.com'));
      expect(actionsOf(publish as Statement)).toEqual(['sns:GetTopicAttributes', 'sns:Publish']);
      expect(publish?.Condition?.StringEquals).toEqual({ 'aws:SourceAccount': '222222222222' });
    }
  });

  it('routes the Watchdog to the dead-man\'s-switch topic every 5 minutes, other alerts to the alert topic, and lets a silent cluster inhibit its per-job alerts', () => {
    const topic = (idPart: string) => Object.keys(resourcesOf(amp, 'AWS::SNS::Topic')).find((id) => id.includes(idPart)) ?? '';
    const text = alertManagerDefinition('ALERTS', 'HEARTBEAT', 'test-region-1');
    const config = parse(String((parse(text) as { alertmanager_config: string }).alertmanager_config)) as {
      route: { receiver: string; routes: { receiver: string; match: Record<string, string>; repeat_interval: string }[] };
      inhibit_rules: { source_match: Record<string, string>; target_match: Record<string, string>; equal: string[] }[];
      receivers: { name: string; sns_configs: { topic_arn: string }[] }[];
    };
    const topicOf = (name: string) => config.receivers.find((receiver) => receiver.name === name)?.sns_configs[0].topic_arn;
    expect(topicOf(config.route.receiver)).toBe('ALERTS');
    expect(config.route.routes).toEqual([expect.objectContaining({ match: { alertname: 'Watchdog' }, repeat_interval: '5m' })]);
    expect(topicOf(config.route.routes[0].receiver)).toBe('HEARTBEAT');
    expect(config.inhibit_rules).toEqual([{ source_match: { alertname: 'ClusterMetricsAbsent' }, target_match: { alertname: 'ScrapeJobAbsent' }, equal: ['cluster'] }]);
    const definition = JSON.stringify(resourceNamed(amp, 'AWS::APS::Workspace', 'Amp').Properties?.AlertManagerDefinition);
    expect(definition).toContain(topic('DeadMansSwitch'));
  });

  it('alarms in CloudWatch when the workspace ingests nothing, independently of collectors and rules', () => {
    const alarm = resourceNamed(amp, 'AWS::CloudWatch::Alarm', 'IngestionStopped').Properties;
    expect(alarm).toMatchObject({ Namespace: 'AWS/Usage', MetricName: 'ResourceCount', TreatMissingData: 'breaching', ComparisonOperator: 'LessThanOrEqualToThreshold', Threshold: 0 });
    const dimensions = alarm?.Dimensions as { Name: string; Value: unknown }[];
    expect(dimensions.find((dimension) => dimension.Name === 'Resource')?.Value).toBe('IngestionRate');
    expect(JSON.stringify(alarm?.AlarmActions)).toContain(Object.keys(resourcesOf(amp, 'AWS::SNS::Topic')).find((id) => id.includes('AlertTopic')));
    expect(String(alarm?.AlarmDescription)).toContain('cluster-metrics-absent.md');
    prod1.resourceCountIs('AWS::CloudWatch::Alarm', 0);
  });

  it('prod2 (CloudWatch) is alarmed on in its own account, notifying the fleet alert topic, which lets only prod2\'s alarms in', () => {
    const topicArn = 'arn:aws:sns:us-west-2:222222222222:fleet-alerts';
    amp.hasResourceProperties('AWS::SNS::Topic', { TopicName: 'fleet-alerts' });
    const alarms = [...Object.values(resourcesOf(prod2, 'AWS::CloudWatch::Alarm')), ...Object.values(resourcesOf(prod2, 'AWS::CloudWatch::CompositeAlarm'))];
    const notifying = alarms.filter((alarm) => alarm.Properties?.AlarmActions !== undefined);
    expect(notifying.map((alarm) => alarm.Properties?.AlarmName).sort()).toEqual(['prod2-ClusterMetricsAbsent', 'prod2-Ho11yAvailabilityErrorBudgetBurn-critical-1h']);
    for (const alarm of notifying) expect(alarm.Properties?.AlarmActions).toEqual([topicArn]);
    for (const alarm of alarms) expect(String(alarm.Properties?.AlarmName)).toMatch(/^prod2-/);
    prod2.resourceCountIs('AWS::SNS::Topic', 0);
    const publish = statementsOf(resourceNamed(amp, 'AWS::SNS::TopicPolicy', 'AmpAlertTopic').Properties?.PolicyDocument).find((statement) => JSON.stringify(statement).includes('"Sid":"CloudWatchClusterAlarms"'));
    expect(publish?.Condition?.StringEquals).toEqual({ 'aws:SourceAccount': ['333333333333'] });
    expect(JSON.stringify(publish?.Condition?.ArnLike)).toContain(':cloudwatch:us-west-2:333333333333:alarm:prod2-*');
  });

  it('is the one workspace: no cluster stack holds one', () => {
    amp.resourceCountIs('AWS::APS::Workspace', 1);
    prod1.resourceCountIs('AWS::APS::Workspace', 0);
    prod2.resourceCountIs('AWS::APS::Workspace', 0);
  });

  it('publishes its id and endpoint as advanced-tier parameters, shared with no one when every reader is in its own account', () => {
    for (const name of Object.values(AMP_FACTS_PARAMETERS)) {
      amp.hasResourceProperties('AWS::SSM::Parameter', { Name: name, Tier: 'Advanced', Type: 'String' });
    }
    amp.resourceCountIs('AWS::RAM::ResourceShare', 0);
  });

  it('loads the rule file the Grafana layer renders into dist/amp/rules.yaml', () => {
    const rules = resourceNamed(amp, 'AWS::APS::RuleGroupsNamespace', 'Amp').Properties;
    expect(rules?.Data).toBe(readFileSync(join(synthesized.distRoot, 'amp', 'rules.yaml'), 'utf8'));
    expect(String(rules?.Data)).toMatch(/alert: /);
    prod1.resourceCountIs('AWS::APS::RuleGroupsNamespace', 0);
  });
});

describe('Argo CD version', () => {
  /** Fixed releases of the newest advisory in policies.md (CVE-2025-55190), by minor line. */
  const FIXED_IN: Readonly<Record<string, number>> = { '2.13': 9, '2.14': 16, '3.0': 14, '3.1': 2 };
  const version = (text: string) => text.split('.').map(Number);

  it('is at or past the fix of every advisory in its release line, or in a line released after them', () => {
    const [major, minor, patch] = version(ARGOCD_APP_VERSION);
    const line = `${major}.${minor}`;
    if (line in FIXED_IN) {
      expect(patch).toBeGreaterThanOrEqual(FIXED_IN[line]);
    } else {
      // A line without a listed fix must be newer than 3.1, the newest line the advisory names.
      expect(major * 1000 + minor).toBeGreaterThan(3 * 1000 + 1);
    }
  });
});

describe('pipeline', () => {
  let pipeline: Template;
  beforeAll(() => {
    pipeline = synthesized.template(synthesized.pipeline.stack);
  });

  it('lives in the pipeline account and reads the fleet\'s repository and branch through its CodeConnections connection', () => {
    expect(synthesized.pipeline.stack.account).toBe('111111111111');
    const stages = (resourceNamed(pipeline, 'AWS::CodePipeline::Pipeline', 'Pipeline').Properties?.Stages as { Name: string; Actions: { Configuration?: Record<string, unknown> }[] }[]);
    const source = stages[0].Actions[0].Configuration;
    expect(source).toMatchObject({ FullRepositoryId: 'example-org/multi-account-observability', BranchName: 'main', ConnectionArn: synthesized.fleet.pipeline.connectionArn });
    expect(source?.OAuthToken).toBeUndefined();
  });

  it('deploys monitoring and the AMP workspace first, then the clusters after a manual approval, then the cross-account roles', () => {
    const stages = (resourceNamed(pipeline, 'AWS::CodePipeline::Pipeline', 'Pipeline').Properties?.Stages as { Name: string; Actions: { Name: string; ActionTypeId: { Category: string } }[] }[]);
    const names = stages.map((stage) => stage.Name);
    expect(names.indexOf('monitoring')).toBeGreaterThan(names.indexOf('UpdatePipeline'));
    expect(names.indexOf('production')).toBeGreaterThan(names.indexOf('monitoring'));
    expect(names.indexOf('access')).toBeGreaterThan(names.indexOf('production'));
    const deploysIn = (wave: string) => stages[names.indexOf(wave)].Actions.filter((action) => action.ActionTypeId.Category === 'Deploy').map((action) => action.Name).join(' ');
    expect(deploysIn('monitoring')).toContain('amp-workspace');
    expect(deploysIn('access')).toMatch(/prod1-access.*prod2-access|prod2-access.*prod1-access/);
    const production = stages[names.indexOf('production')];
    const approval = production.Actions.find((action) => action.ActionTypeId.Category === 'Approval');
    expect(approval).toBeDefined();
    const deployActions = production.Actions.filter((action) => action.ActionTypeId.Category === 'Deploy').map((action) => action.Name);
    expect(deployActions.some((name) => name.includes('prod1'))).toBe(true);
    expect(deployActions.some((name) => name.includes('prod2'))).toBe(true);
  });

  it('synthesizes with this repository\'s own commands: locked install, type check, the app\'s synth', () => {
    const buildSpecs = Object.values(resourcesOf(pipeline, 'AWS::CodeBuild::Project'))
      .map((project) => (project.Properties?.Source as { BuildSpec?: unknown }).BuildSpec)
      .filter((spec): spec is string => typeof spec === 'string')
      .map((spec) => JSON.parse(spec) as { phases: Record<string, { commands: string[] }>; artifacts?: Record<string, string> });
    const synth = buildSpecs.find((spec) => JSON.stringify(spec).includes('cdk synth'));
    expect(synth?.phases.install.commands).toEqual(['cd "$CODEBUILD_SRC_DIR" && n auto', 'cd "$CODEBUILD_SRC_DIR" && npm ci']);
    expect(synth?.phases.build.commands).toEqual(['cd "$CODEBUILD_SRC_DIR" && npm run typecheck', 'cd "$CODEBUILD_SRC_DIR/clusters/infra" && npx cdk synth --quiet']);
    expect(synth?.artifacts?.['base-directory']).toBe('clusters/infra/cdk.out');
    pipeline.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });
});
