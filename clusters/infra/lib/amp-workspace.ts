import { existsSync, readFileSync } from 'node:fs';
import { aws_aps as aps, aws_cloudwatch as cloudwatch, aws_cloudwatch_actions as cloudwatchActions, aws_iam as iam, aws_sns as sns, Duration, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { CLUSTER_ABSENT_ALERT, JOB_ABSENT_ALERT, WATCHDOG_ALERT } from '../../../platform/alerts/meta-monitoring';

export interface AmpWorkspaceProps {
  /** Workspace alias (`amp.alias` of the fleet file). */
  readonly alias: string;
  /**
   * Prometheus rule file loaded into the workspace's rule groups namespace. Default: none.
   * When the path is given but the file does not exist yet (the alerting layer has not rendered
   * it), no rule groups namespace is created.
   */
  readonly rulesFile?: string;
  /** Runbook of the ingestion alarm (a web address). Default: none. */
  readonly ingestionRunbookUrl?: string;
}



/**
 * The Amazon Managed Service for Prometheus workspace, its rule groups and an alert manager
 * routing every alert to an SNS topic (subscribe to it to receive alerts), except the always-firing
 * Watchdog, which goes every 5 minutes to the dead-man's-switch topic (subscribe a heartbeat
 * service's HTTPS endpoint to it; the service pages when heartbeats stop). A CloudWatch alarm on
 * the workspace's own ingestion rate (AWS/Usage) notices when no collector writes at all, without
 * relying on any collector or on the workspace's rules.
 */
export class AmpWorkspace extends Construct {
  public readonly workspace: aps.CfnWorkspace;
  public readonly alertTopic: sns.Topic;
  public readonly deadMansSwitchTopic: sns.Topic;
  public readonly ingestionAlarm: cloudwatch.Alarm;
  public readonly rules?: aps.CfnRuleGroupsNamespace;

  public constructor(scope: Construct, id: string, props: AmpWorkspaceProps) {
    super(scope, id);
    const stack = Stack.of(this);

    this.alertTopic = new sns.Topic(this, 'AlertTopic', { displayName: `AMP alerts (${props.alias})`, enforceSSL: true });

    this.deadMansSwitchTopic = new sns.Topic(this, 'DeadMansSwitchTopic', { displayName: `AMP Watchdog heartbeat (${props.alias})`, enforceSSL: true });

    this.workspace = new aps.CfnWorkspace(this, 'Workspace', {
      alias: props.alias,
      alertManagerDefinition: alertManagerDefinition(this.alertTopic.topicArn, this.deadMansSwitchTopic.topicArn, stack.region),
    });

    // Only this workspace's alert manager may publish, and only to these topics.
    for (const topic of [this.alertTopic, this.deadMansSwitchTopic]) {
      topic.addToResourcePolicy(
        new iam.PolicyStatement({
          principals: [new iam.ServicePrincipal('aps.amazonaws.com')],
          actions: ['sns:Publish', 'sns:GetTopicAttributes'],
          resources: [topic.topicArn],
          conditions: { StringEquals: { 'aws:SourceAccount': stack.account }, ArnEquals: { 'aws:SourceArn': this.workspace.attrArn } },
        }),
      );
    }

    // No sample written for 15 minutes: every collector of the workspace is down or cannot write.
    this.ingestionAlarm = new cloudwatch.Alarm(this, 'IngestionStopped', {
      alarmDescription:
        `No metrics reach the AMP workspace ${props.alias}: every metrics collector writing to it is down or refused.` +
        (props.ingestionRunbookUrl ? ` Runbook: ${props.ingestionRunbookUrl}` : ''),
      metric: new cloudwatch.Metric({
        namespace: 'AWS/Usage',
        metricName: 'ResourceCount',
        dimensionsMap: { Service: 'Prometheus', Type: 'Resource', Class: 'None', Resource: 'IngestionRate', ResourceId: this.workspace.attrWorkspaceId },
        statistic: 'Maximum',
        period: Duration.minutes(5),
      }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 3,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
    this.ingestionAlarm.addAlarmAction(new cloudwatchActions.SnsAction(this.alertTopic));
    this.alertTopic.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.alertTopic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account }, ArnLike: { 'aws:SourceArn': `arn:${stack.partition}:cloudwatch:${stack.region}:${stack.account}:alarm:*` } },
      }),
    );

    if (props.rulesFile && existsSync(props.rulesFile)) {
      this.rules = new aps.CfnRuleGroupsNamespace(this, 'Rules', {
        name: 'fleet-rules',
        workspace: this.workspace.attrArn,
        data: readFileSync(props.rulesFile, 'utf8'),
      });
    }
  }

  /** `.../api/v1/remote_write` URL of the workspace (PrometheusEndpoint ends with a slash). */
  public get remoteWriteUrl(): string {
    return `${this.workspace.attrPrometheusEndpoint}api/v1/remote_write`;
  }
}

/**
 * Alert manager configuration: every alert to `topicArn` (AMP's SNS receiver), the Watchdog to
 * `heartbeatTopicArn` every 5 minutes, and a cluster sending nothing silences the per-job absence
 * alerts of that cluster (one notification, not one per job).
 */
export function alertManagerDefinition(topicArn: string, heartbeatTopicArn: string, region: string): string {
  const receiver = (name: string, arn: string) => [`    - name: ${name}`, '      sns_configs:', `        - topic_arn: ${arn}`, '          sigv4:', `            region: ${region}`];
  return [
    'alertmanager_config: |',
    '  route:',
    '    receiver: sns',
    '    group_by: [alertname, cluster]',
    '    routes:',
    '      - receiver: dead-mans-switch',
    '        match:',
    `          alertname: ${WATCHDOG_ALERT}`,
    '        group_wait: 0s',
    '        repeat_interval: 5m',
    '  inhibit_rules:',
    '    - source_match:',
    `        alertname: ${CLUSTER_ABSENT_ALERT}`,
    '      target_match:',
    `        alertname: ${JOB_ABSENT_ALERT}`,
    '      equal: [cluster]',
    '  receivers:',
    ...receiver('sns', topicArn),
    ...receiver('dead-mans-switch', heartbeatTopicArn),
    '',
  ].join('\n');
}
