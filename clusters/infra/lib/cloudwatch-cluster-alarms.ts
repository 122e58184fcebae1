import { aws_cloudwatch as cloudwatch, aws_cloudwatch_actions as cloudwatchActions, aws_iam as iam, aws_sns as sns, CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ampWriterAccounts } from '../../fleet/derived-names';
import { Fleet } from '../../fleet/fleet-schema';
import { cloudWatchAlarms, CloudWatchAlarmCondition, CloudWatchAlarmSpec, metricsInsightsSql } from '../../../platform/alerts/cloudwatch-alarms';
import { accountOf } from './fleet-names';

/** Name of the fleet's alert topic in the AMP account, fixed so other accounts can name it. */
export const FLEET_ALERT_TOPIC_NAME = 'fleet-alerts';

/** Where a CloudWatch cluster's alarms notify. */
export type AlertTopicRoute =
  /** The fleet's alert topic (AMP account), in the cluster's region: one place to subscribe. */
  | { readonly kind: 'fleet'; readonly topicArn: string }
  /** A topic of the cluster's own stack: the fleet has no alert topic in the cluster's region. */
  | { readonly kind: 'own'; readonly topicName: string };

/**
 * CloudWatch alarms can notify only a topic of their own region. They go to the fleet's alert
 * topic, where AMP's alert manager sends every alert, when that topic exists (some cluster writes
 * to AMP) in the cluster's region; otherwise to a `<cluster>-alerts` topic of the cluster's stack.
 */
export function alertTopicRoute(fleet: Fleet, clusterName: string): AlertTopicRoute {
  const cluster = fleet.clusters[clusterName];
  if (!cluster) throw new Error(`Cluster "${clusterName}" is not in the fleet (known: ${Object.keys(fleet.clusters).join(', ')})`);
  const amp = accountOf(fleet, fleet.amp.account);
  if (ampWriterAccounts(fleet).length > 0 && accountOf(fleet, cluster.account).region === amp.region) {
    return { kind: 'fleet', topicArn: `arn:aws:sns:${amp.region}:${amp.id}:${FLEET_ALERT_TOPIC_NAME}` };
  }
  return { kind: 'own', topicName: `${clusterName}-alerts` };
}

/** Alarm names of a cluster start with this, which topic policies match on. */
export function alarmNamePrefix(clusterName: string): string {
  return `${clusterName}-`;
}

/**
 * Lets the CloudWatch alarms of the fleet's CloudWatch clusters that route to `topic` (the fleet's
 * alert topic) publish to it: the CloudWatch service, on behalf of exactly those accounts and
 * alarm names, and nothing else. Does nothing when no cluster routes there.
 */
export function allowClusterAlarmsToPublish(topic: sns.ITopic, fleet: Fleet): void {
  const stack = Stack.of(topic);
  const sources = Object.entries(fleet.clusters)
    .filter(([name, cluster]) => cluster.metrics.sink === 'cloudwatch' && alertTopicRoute(fleet, name).kind === 'fleet')
    .map(([name, cluster]) => ({ name, account: accountOf(fleet, cluster.account) }))
    .sort((a, b) => a.name.localeCompare(b.name));
  if (sources.length === 0) return;
  topic.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'CloudWatchClusterAlarms',
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['sns:Publish'],
      resources: [topic.topicArn],
      conditions: {
        StringEquals: { 'aws:SourceAccount': [...new Set(sources.map((source) => source.account.id))].sort() },
        ArnLike: { 'aws:SourceArn': sources.map((source) => `arn:${stack.partition}:cloudwatch:${source.account.region}:${source.account.id}:alarm:${alarmNamePrefix(source.name)}*`) },
      },
    }),
  );
}

export interface CloudWatchClusterAlarmsProps {
  /** Fleet key of the cluster: the prefix of the alarm names and the `ClusterName` its queries filter on. */
  readonly clusterName: string;
  /** Where the alarms notify (`alertTopicRoute`). */
  readonly route: AlertTopicRoute;
  /** Web address of an alert's runbook, linked from the alarm description. */
  readonly runbookUrl: (alertName: string) => string;
  /** The alarms. Default: `cloudWatchAlarms(clusterName)`, the equivalents of the AMP alerts. */
  readonly alarms?: readonly CloudWatchAlarmSpec[];
}

/**
 * The alarms of a cluster whose metrics go to CloudWatch, in the cluster's account and region:
 * one metric alarm per single-condition spec, and a composite alarm (every condition in alarm)
 * over silent metric alarms otherwise. Only the alarm standing for a whole spec notifies, on
 * entering ALARM and on returning to OK, as AMP's alert manager reports firing and resolved.
 */
export class CloudWatchClusterAlarms extends Construct {
  /** The topic the alarms notify. */
  public readonly topic: sns.ITopic;
  /** One notifying alarm per spec, by spec name. */
  public readonly alarms: ReadonlyMap<string, cloudwatch.IAlarm>;

  public constructor(scope: Construct, id: string, props: CloudWatchClusterAlarmsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const prefix = alarmNamePrefix(props.clusterName);
    this.topic = props.route.kind === 'fleet' ? sns.Topic.fromTopicArn(this, 'AlertTopic', props.route.topicArn) : this.ownTopic(props.route.topicName, prefix);
    if (props.route.kind === 'own') {
      new CfnOutput(stack, 'AlertTopicArn', { value: this.topic.topicArn, description: `Subscribe to this topic to receive the alarms of cluster ${props.clusterName}` });
    }
    const action = new cloudwatchActions.SnsAction(this.topic);
    const alarms = new Map<string, cloudwatch.IAlarm>();
    for (const spec of props.alarms ?? cloudWatchAlarms(props.clusterName)) {
      if (alarms.has(spec.name)) throw new Error(`Two CloudWatch alarms of cluster ${props.clusterName} are named ${spec.name}; alarm names must be unique.`);
      if (spec.conditions.length === 0) throw new Error(`CloudWatch alarm ${spec.name} has no condition; give it at least one in platform/alerts/cloudwatch-alarms.ts.`);
      const description = `[${spec.severity}] ${spec.summary} Runbook: ${props.runbookUrl(spec.alert)}`;
      let alarm: cloudwatch.AlarmBase;
      if (spec.conditions.length === 1) {
        alarm = this.metricAlarm(spec.name, `${prefix}${spec.name}`, description, spec.conditions[0]);
      } else {
        const parts = spec.conditions.map((condition) =>
          this.metricAlarm(`${spec.name}-${condition.name}`, `${prefix}${spec.name}-${condition.name}`, `Part of ${prefix}${spec.name} (over ${condition.name}); notifies through it.`, condition),
        );
        alarm = new cloudwatch.CompositeAlarm(this, spec.name, {
          compositeAlarmName: `${prefix}${spec.name}`,
          alarmDescription: description,
          alarmRule: cloudwatch.AlarmRule.allOf(...parts.map((part) => cloudwatch.AlarmRule.fromAlarm(part, cloudwatch.AlarmState.ALARM))),
        });
      }
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
      alarms.set(spec.name, alarm);
    }
    this.alarms = alarms;
  }

  private metricAlarm(id: string, alarmName: string, description: string, condition: CloudWatchAlarmCondition): cloudwatch.Alarm {
    const period = Duration.seconds(condition.periodSeconds);
    const queries = Object.entries(condition.queries).map(([queryId, query]) => [queryId, new cloudwatch.MathExpression({ expression: metricsInsightsSql(query), period })] as const);
    if (!condition.expression && queries.length !== 1) {
      throw new Error(`CloudWatch alarm ${alarmName} has ${queries.length} queries and no expression over them; give it an expression in platform/alerts/cloudwatch-alarms.ts.`);
    }
    const metric = condition.expression ? new cloudwatch.MathExpression({ expression: condition.expression, usingMetrics: Object.fromEntries(queries), period }) : queries[0][1];
    return new cloudwatch.Alarm(this, id, {
      alarmName,
      alarmDescription: description,
      metric,
      threshold: condition.threshold,
      comparisonOperator: cloudwatch.ComparisonOperator[COMPARISONS[condition.comparison]],
      evaluationPeriods: condition.evaluationPeriods,
      datapointsToAlarm: condition.datapointsToAlarm,
      treatMissingData: condition.treatMissingData === 'breaching' ? cloudwatch.TreatMissingData.BREACHING : cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }

  private ownTopic(topicName: string, prefix: string): sns.Topic {
    const stack = Stack.of(this);
    const topic = new sns.Topic(this, 'AlertTopic', { topicName, displayName: `Alarms of ${prefix.slice(0, -1)}`, enforceSSL: true });
    // Only this account's alarms of this cluster may publish.
    topic.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account }, ArnLike: { 'aws:SourceArn': `arn:${stack.partition}:cloudwatch:${stack.region}:${stack.account}:alarm:${prefix}*` } },
      }),
    );
    return topic;
  }
}

const COMPARISONS = {
  GreaterThanThreshold: 'GREATER_THAN_THRESHOLD',
  LessThanThreshold: 'LESS_THAN_THRESHOLD',
} as const satisfies Record<CloudWatchAlarmCondition['comparison'], keyof typeof cloudwatch.ComparisonOperator>;
