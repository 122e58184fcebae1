import { existsSync, readFileSync } from 'node:fs';
import { aws_aps as aps, aws_iam as iam, aws_sns as sns, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';

export interface AmpWorkspaceProps {
  /** Workspace alias (`amp.alias` of the fleet file). */
  readonly alias: string;
  /**
   * Prometheus rule file loaded into the workspace's rule groups namespace. Default: none.
   * When the path is given but the file does not exist yet (the alerting layer has not rendered
   * it), no rule groups namespace is created.
   */
  readonly rulesFile?: string;
}

/**
 * The Amazon Managed Service for Prometheus workspace, its rule groups and an alert manager
 * routing every alert to an SNS topic (subscribe to it to receive alerts).
 */
export class AmpWorkspace extends Construct {
  public readonly workspace: aps.CfnWorkspace;
  public readonly alertTopic: sns.Topic;
  public readonly rules?: aps.CfnRuleGroupsNamespace;

  public constructor(scope: Construct, id: string, props: AmpWorkspaceProps) {
    super(scope, id);
    const stack = Stack.of(this);

    this.alertTopic = new sns.Topic(this, 'AlertTopic', { displayName: `AMP alerts (${props.alias})`, enforceSSL: true });

    this.workspace = new aps.CfnWorkspace(this, 'Workspace', {
      alias: props.alias,
      alertManagerDefinition: alertManagerDefinition(this.alertTopic.topicArn, stack.region),
    });

    // Only this workspace's alert manager may publish, and only to this topic.
    this.alertTopic.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('aps.amazonaws.com')],
        actions: ['sns:Publish', 'sns:GetTopicAttributes'],
        resources: [this.alertTopic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account }, ArnEquals: { 'aws:SourceArn': this.workspace.attrArn } },
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

}

/** Alert manager configuration sending every alert to `topicArn` (AMP's SNS receiver). */
export function alertManagerDefinition(topicArn: string, region: string): string {
  return [
    'alertmanager_config: |',
    '  route:',
    '    receiver: sns',
    '    group_by: [alertname, cluster]',
    '  receivers:',
    '    - name: sns',
    '      sns_configs:',
    `        - topic_arn: ${topicArn}`,
    '          sigv4:',
    `            region: ${region}`,
    '',
  ].join('\n');
}
