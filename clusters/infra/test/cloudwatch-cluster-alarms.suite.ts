import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, aws_sns as sns, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { testFleet, TestFleetBuilder } from '../../test/support/test-fleet';
import { cloudWatchAlarms } from '../../../platform/alerts/cloudwatch-alarms';
import { CLUSTER_ABSENT_ALERT } from '../../../platform/alerts/meta-monitoring';
import { runbookUrl } from '../../../platform/alerts/runbook-url';
import { alertTopicRoute, allowClusterAlarmsToPublish, CloudWatchClusterAlarms, FLEET_ALERT_TOPIC_NAME } from '../lib/cloudwatch-cluster-alarms';

const fleet = new TestFleetBuilder().withCluster('eu1', { accountId: '210987654321', region: 'eu-west-1' }).build();
const env = (cluster: string) => {
  const account = fleet.accounts[fleet.clusters[cluster].account];
  return { account: account.id, region: account.region };
};

function build(cluster: string, options: { nag?: boolean } = {}) {
  const app = new App();
  const stack = new Stack(app, `${cluster}-cluster`, { env: env(cluster) });
  const alarms = new CloudWatchClusterAlarms(stack, 'Alarms', { clusterName: cluster, route: alertTopicRoute(fleet, cluster), runbookUrl: (alert) => runbookUrl(fleet.repository, alert) });
  if (options.nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack, alarms };
}

describe('CloudWatchClusterAlarms', () => {
  test('alarms route to the fleet alert topic in the AMP region, else to a topic of the cluster', () => {
    const amp = fleet.accounts[fleet.amp.account];
    expect(alertTopicRoute(fleet, 'prod2')).toEqual({ kind: 'fleet', topicArn: `arn:aws:sns:${amp.region}:${amp.id}:${FLEET_ALERT_TOPIC_NAME}` });
    expect(alertTopicRoute(fleet, 'eu1')).toEqual({ kind: 'own', topicName: 'eu1-alerts' });
    // No AMP cluster: no AMP workspace, so no fleet topic either.
    const cloudWatchOnly = testFleet((input) => {
      input.clusters.prod1.metrics.sink = 'cloudwatch';
    });
    expect(alertTopicRoute(cloudWatchOnly, 'prod2').kind).toBe('own');
    expect(() => alertTopicRoute(fleet, 'nope')).toThrow(/Cluster "nope" is not in the fleet/);
  });

  test('one notifying alarm per spec, scoped to the cluster, linking the runbook, notifying the fleet topic', () => {
    const { stack } = build('prod2');
    const template = Template.fromStack(stack);
    const specs = cloudWatchAlarms('prod2');
    const route = alertTopicRoute(fleet, 'prod2');
    const topicArn = route.kind === 'fleet' ? route.topicArn : '';
    const single = specs.filter((spec) => spec.conditions.length === 1);
    const composite = specs.filter((spec) => spec.conditions.length > 1);
    template.resourceCountIs('AWS::CloudWatch::Alarm', single.length + composite.reduce((total, spec) => total + spec.conditions.length, 0));
    template.resourceCountIs('AWS::CloudWatch::CompositeAlarm', composite.length);
    template.resourceCountIs('AWS::SNS::Topic', 0);
    for (const spec of single) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `prod2-${spec.name}`,
        AlarmDescription: Match.stringLikeRegexp(runbookUrl(fleet.repository, spec.alert).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
        AlarmActions: [topicArn],
        OKActions: [topicArn],
      });
    }
    for (const spec of composite) {
      const [rule] = Object.values(template.findResources('AWS::CloudWatch::CompositeAlarm', { Properties: { AlarmName: `prod2-${spec.name}`, AlarmActions: [topicArn], OKActions: [topicArn] } })).map(
        (resource) => JSON.stringify(resource.Properties.AlarmRule),
      );
      expect(rule).toContain(' AND ');
      for (const condition of spec.conditions) {
        // Parts are silent: only the composite, in alarm when all of them are, notifies.
        const parts = template.findResources('AWS::CloudWatch::Alarm', { Properties: { AlarmName: `prod2-${spec.name}-${condition.name}`, Threshold: condition.threshold } });
        expect(Object.keys(parts)).toHaveLength(1);
        const [[logicalId, part]] = Object.entries(parts);
        expect(part.Properties.AlarmActions).toBeUndefined();
        expect(rule).toContain(`"Fn::GetAtt":["${logicalId}","Arn"]`);
      }
    }
    // Every Metrics Insights query names the cluster.
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    for (const alarm of alarms) {
      const queries = (alarm.Properties.Metrics as { Expression: string }[]).map((metric) => metric.Expression).filter((expression) => expression.startsWith('SELECT'));
      expect(queries.length).toBeGreaterThan(0);
      for (const query of queries) expect(query).toContain("ClusterName = 'prod2'");
    }
  });

  test('a dead collector is an alarm: no data is breaching', () => {
    const { stack } = build('prod2');
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: `prod2-${CLUSTER_ABSENT_ALERT}`,
      TreatMissingData: 'breaching',
      ComparisonOperator: 'LessThanThreshold',
      Metrics: [Match.objectLike({ Expression: Match.stringLikeRegexp("^SELECT COUNT\\(.*WHERE ClusterName = 'prod2'$"), ReturnData: true })],
    });
  });

  test('outside the AMP region the cluster gets its own topic, which only its alarms may publish to, and cdk-nag is clean', () => {
    const { app, stack } = build('eu1', { nag: true });
    const template = Template.fromStack(stack);
    // cdk-nag (a validation plugin) writes its findings into the assembly's report.
    const report = join(app.outdir, 'validation-report.json');
    const findings = existsSync(report) ? (JSON.parse(readFileSync(report, 'utf8')) as { pluginReports: { violations: { ruleName: string }[] }[] }).pluginReports.flatMap((plugin) => plugin.violations.map((violation) => violation.ruleName)) : [];
    expect(findings).toEqual([]);
    template.hasResourceProperties('AWS::SNS::Topic', { TopicName: 'eu1-alerts' });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: { StringEquals: { 'aws:SourceAccount': env('eu1').account }, ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:cloudwatch:eu-west-1:${env('eu1').account}:alarm:eu1-*`]] } } },
          }),
        ]),
      },
    });
    template.hasOutput('AlertTopicArn', {});
  });

  test('the fleet topic lets exactly the alarms of the CloudWatch clusters routed to it publish', () => {
    const amp = fleet.accounts[fleet.amp.account];
    const stack = new Stack(new App(), 'amp', { env: { account: amp.id, region: amp.region } });
    const topic = new sns.Topic(stack, 'Topic', { topicName: FLEET_ALERT_TOPIC_NAME });
    allowClusterAlarmsToPublish(topic, fleet);
    const prod2 = env('prod2');
    Template.fromStack(stack).hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: [
          {
            Sid: 'CloudWatchClusterAlarms',
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Resource: { Ref: Match.anyValue() },
            // eu1 (another region) is not among them: its alarms cannot reach this topic.
            Condition: {
              StringEquals: { 'aws:SourceAccount': [prod2.account] },
              ArnLike: { 'aws:SourceArn': [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:cloudwatch:${prod2.region}:${prod2.account}:alarm:prod2-*`]] }] },
            },
          },
        ],
      },
    });
    // No CloudWatch cluster routed here: no statement at all.
    const ampOnly = testFleet((input) => {
      input.clusters.prod2.metrics.sink = 'amp';
    });
    const other = new Stack(new App(), 'amp2', { env: { account: amp.id, region: amp.region } });
    allowClusterAlarmsToPublish(new sns.Topic(other, 'Topic'), ampOnly);
    Template.fromStack(other).resourceCountIs('AWS::SNS::TopicPolicy', 0);
  });
});
