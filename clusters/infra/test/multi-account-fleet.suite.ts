import { Template } from 'aws-cdk-lib/assertions';
import { ampRemoteWriteRoleName, collectorRoleName } from '../../fleet/derived-names';
import { Fleet } from '../../fleet/fleet-schema';
import { readTemplates } from '../../validate/cloudformation/cloudformation-templates';
import { TEMPLATE_RULES } from '../../validate/cloudformation/template-rules';
import { multiAccountFleet } from '../../test/support/multi-account-fleet';
import { METRICS_COLLECTOR } from '../../../platform/telemetry/collector-identities';
import { AMP_DATA_SOURCE_ROLE_NAME, AMP_FACTS_PARAMETERS, CLOUDWATCH_DATA_SOURCE_ROLE_NAME, GRAFANA_WORKSPACE_ROLE_NAME } from '../lib/fleet-names';
import { accessStack, ampStack, clusterParts, SynthesizedFleet, synthFleet, withNag } from './synth-fleet';
import { actionsOf, CfnResourceJson, grantedStatements, resourcesOf, roleLogicalId, Statement, statementsOf } from './template-helpers';

/**
 * The AWS layer of the 6-cluster, 5-account, 2-region fleet (support/multi-account-fleet.ts),
 * synthesized with cdk-nag: every trust between accounts names exactly the roles it should.
 */
const fleet: Fleet = multiAccountFleet();
const id = (account: string) => fleet.accounts[account].id;
const ampAccountId = id(fleet.amp.account);
const grafanaRoleArn = `arn:aws:iam::${id(fleet.grafana.account)}:role/${GRAFANA_WORKSPACE_ROLE_NAME}`;
const ampClustersOf = (account: string) => Object.keys(fleet.clusters).filter((name) => fleet.clusters[name].account === account && fleet.clusters[name].metrics.sink === 'amp');
const collectorRoleArn = (cluster: string) => `arn:aws:iam::${id(fleet.clusters[cluster].account)}:role/${collectorRoleName(cluster, METRICS_COLLECTOR)}`;

let synthesized: SynthesizedFleet;

beforeAll(async () => {
  synthesized = await synthFleet({ fleet, beforeSynth: withNag });
}, 300_000);

function roles(template: Template): [string, CfnResourceJson][] {
  return Object.entries(resourcesOf(template, 'AWS::IAM::Role'));
}

function trustOf(role: CfnResourceJson): Statement[] {
  return statementsOf(role.Properties?.AssumeRolePolicyDocument);
}

describe('the AWS layer of 6 clusters in 5 accounts over two regions', () => {
  it('synthesizes every stack with no unacknowledged cdk-nag finding and no finding of the policy gate\'s template rules', () => {
    expect(synthesized.violations).toEqual([]);
    expect([...synthesized.clusters.keys()].sort()).toEqual(Object.keys(fleet.clusters).sort());
    expect([...synthesized.access.keys()]).toEqual(['core', 'data', 'payments', 'search', 'web']);
    const templates = readTemplates(synthesized.app.outdir);
    expect(TEMPLATE_RULES.flatMap((rule) => rule.check(templates))).toEqual([]);
  });

  it('puts each stack in its account and region, and the one AMP workspace in the AMP account', () => {
    for (const [name, cluster] of Object.entries(fleet.clusters)) {
      const stack = clusterParts(synthesized, name).stack;
      expect([stack.account, stack.region]).toEqual([id(cluster.account), fleet.accounts[cluster.account].region]);
    }
    expect([ampStack(synthesized).account, ampStack(synthesized).region]).toEqual([ampAccountId, 'us-east-1']);
    const workspaces = [...synthesized.clusters.values()].map((parts) => synthesized.template(parts.stack)).flatMap((template) => Object.keys(resourcesOf(template, 'AWS::APS::Workspace')));
    expect(workspaces).toEqual([]);
    synthesized.template(ampStack(synthesized)).resourceCountIs('AWS::APS::Workspace', 1);
  });

  it('has one remote-write role per account running AMP clusters, each trusting exactly those clusters\' metrics collector roles', () => {
    const core = synthesized.template(accessStack(synthesized, 'core'));
    const remoteWriters = roles(core).filter(([, role]) => String(role.Properties?.RoleName).startsWith('amp-remote-write-'));
    expect(remoteWriters.map(([, role]) => role.Properties?.RoleName).sort()).toEqual(['core', 'payments', 'search'].map(ampRemoteWriteRoleName));
    for (const account of ['core', 'payments', 'search']) {
      const [logicalId, role] = remoteWriters.find(([, candidate]) => candidate.Properties?.RoleName === ampRemoteWriteRoleName(account)) ?? ['', {} as CfnResourceJson];
      const trust = trustOf(role);
      expect(trust).toHaveLength(1);
      const clusters = ampClustersOf(account);
      const arns = clusters.map(collectorRoleArn);
      const principals = (trust[0].Principal as { AWS: string | string[] }).AWS;
      expect([principals].flat().sort()).toEqual(arns.sort());
      expect(JSON.stringify(trust[0].Principal)).not.toMatch(/:root|"\*"/);
      expect(actionsOf(trust[0])).toEqual(['sts:AssumeRole', 'sts:TagSession']);
      expect(trust[0].Condition).toEqual({
        StringEquals: {
          'aws:PrincipalAccount': id(account),
          'aws:PrincipalTag/eks-cluster-arn': clusters.map((cluster) => `arn:aws:eks:${fleet.accounts[account].region}:${id(account)}:cluster/${cluster}`),
          'aws:PrincipalTag/kubernetes-namespace': METRICS_COLLECTOR.namespace,
          'aws:PrincipalTag/kubernetes-service-account': METRICS_COLLECTOR.serviceAccount,
        },
        ArnEquals: { 'aws:PrincipalArn': arns },
      });
      const granted = grantedStatements(core, logicalId);
      expect(granted.map(actionsOf)).toEqual([['aps:RemoteWrite']]);
      expect(JSON.stringify(granted[0].Resource)).toContain(`:aps:us-east-1:${ampAccountId}:workspace/`);
    }
    // No other account holds a remote-write role.
    for (const account of ['data', 'payments', 'search', 'web']) {
      expect(roles(synthesized.template(accessStack(synthesized, account))).map(([, role]) => role.Properties?.RoleName)).toEqual([CLOUDWATCH_DATA_SOURCE_ROLE_NAME]);
    }
  });

  it('lets each AMP cluster\'s metrics role assume only its own account\'s remote-write role, and reads the workspace facts from the AMP account\'s region', () => {
    for (const [name, cluster] of Object.entries(fleet.clusters)) {
      const template = synthesized.template(clusterParts(synthesized, name).stack);
      const statements = grantedStatements(template, roleLogicalId(template, collectorRoleName(name, METRICS_COLLECTOR)));
      const assumes = statements.filter((statement) => actionsOf(statement).includes('sts:AssumeRole'));
      const reads = Object.values(resourcesOf(template, 'Custom::AWS')).map((resource) => JSON.stringify(resource.Properties?.Create));
      const ampReads = reads.filter((read) => read.includes('/multi-account-observability/amp/'));
      if (cluster.metrics.sink === 'amp') {
        expect(assumes.map((statement) => statement.Resource)).toEqual([`arn:aws:iam::${ampAccountId}:role/${ampRemoteWriteRoleName(cluster.account)}`]);
        expect(JSON.stringify(statements)).not.toContain('aps:');
        expect(ampReads).toHaveLength(2);
        for (const parameter of Object.values(AMP_FACTS_PARAMETERS)) {
          expect(ampReads.some((read) => read.includes(`arn:aws:ssm:us-east-1:${ampAccountId}:parameter${parameter}`) && /region\\*":\\*"us-east-1/.test(read))).toBe(true);
        }
      } else {
        expect(assumes).toEqual([]);
        // The Grafana manager (web-eu) reads the AMP query endpoint for the AMP data source.
        expect(ampReads).toHaveLength(name === fleet.grafana.managerCluster ? 1 : 0);
      }
    }
  });

  it('shares the AMP facts with exactly the other accounts that read them', () => {
    const share = Object.values(resourcesOf(synthesized.template(ampStack(synthesized)), 'AWS::RAM::ResourceShare'));
    expect(share).toHaveLength(1);
    // payments and search write to AMP; web runs the Grafana manager; core holds the workspace.
    expect(share[0].Properties?.Principals).toEqual([id('search'), id('payments'), id('web')].sort());
  });

  it('gives every account that runs clusters a CloudWatch/X-Ray read role, and the AMP account an AMP read role, each trusting exactly the Grafana workspace role', () => {
    const expected: string[] = [];
    for (const account of ['core', 'data', 'payments', 'search', 'web']) {
      const template = synthesized.template(accessStack(synthesized, account));
      for (const [, role] of roles(template).filter(([, candidate]) => ([CLOUDWATCH_DATA_SOURCE_ROLE_NAME, AMP_DATA_SOURCE_ROLE_NAME] as string[]).includes(String(candidate.Properties?.RoleName)))) {
        const trust = trustOf(role);
        expect(trust).toHaveLength(1);
        expect(trust[0].Principal).toEqual({ AWS: grafanaRoleArn });
        expect(trust[0].Condition).toBeUndefined();
        expected.push(`arn:aws:iam::${id(account)}:role/${String(role.Properties?.RoleName)}`);
      }
    }
    expect(expected).toHaveLength(6);
    const monitoring = synthesized.template(synthesized.monitoring);
    const granted = grantedStatements(monitoring, roleLogicalId(monitoring, GRAFANA_WORKSPACE_ROLE_NAME));
    expect(granted).toHaveLength(1);
    expect([granted[0].Resource].flat().sort()).toEqual(expected.sort());
  });

  it('alarms every CloudWatch cluster in its account: in the AMP region through the fleet topic, which admits only those alarms, elsewhere through a topic of its own', () => {
    const cloudWatch = Object.keys(fleet.clusters).filter((name) => fleet.clusters[name].metrics.sink === 'cloudwatch').sort();
    expect(cloudWatch).toEqual(['core-b', 'data-eu', 'web-eu']);
    const notified = (name: string) =>
      [...Object.values(resourcesOf(synthesized.template(clusterParts(synthesized, name).stack), 'AWS::CloudWatch::Alarm')), ...Object.values(resourcesOf(synthesized.template(clusterParts(synthesized, name).stack), 'AWS::CloudWatch::CompositeAlarm'))]
        .filter((alarm) => alarm.Properties?.AlarmName === `${name}-ClusterMetricsAbsent`)
        .map((alarm) => JSON.stringify(alarm.Properties?.AlarmActions));
    expect(notified('core-b')).toEqual([JSON.stringify([`arn:aws:sns:us-east-1:${ampAccountId}:fleet-alerts`])]);
    for (const name of ['data-eu', 'web-eu']) {
      const template = synthesized.template(clusterParts(synthesized, name).stack);
      template.hasResourceProperties('AWS::SNS::Topic', { TopicName: `${name}-alerts` });
      const [topicId] = Object.keys(resourcesOf(template, 'AWS::SNS::Topic'));
      expect(notified(name)).toEqual([JSON.stringify([{ Ref: topicId }])]);
    }
    for (const name of ['core-a', 'search', 'pay-eu']) synthesized.template(clusterParts(synthesized, name).stack).resourceCountIs('AWS::CloudWatch::Alarm', 0);
    const policy = Object.values(resourcesOf(synthesized.template(ampStack(synthesized)), 'AWS::SNS::TopicPolicy'))
      .flatMap((resource) => statementsOf(resource.Properties?.PolicyDocument))
      .filter((statement) => JSON.stringify(statement).includes('"Sid":"CloudWatchClusterAlarms"'));
    expect(policy).toHaveLength(1);
    expect(policy[0].Condition?.StringEquals).toEqual({ 'aws:SourceAccount': [ampAccountId] });
    const patterns = JSON.stringify(policy[0].Condition?.ArnLike);
    expect(patterns).toContain(`:cloudwatch:us-east-1:${ampAccountId}:alarm:core-b-*`);
    expect(patterns).not.toMatch(/data-eu|web-eu/);
  });
});
