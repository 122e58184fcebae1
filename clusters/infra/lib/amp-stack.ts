import { join } from 'node:path';
import { aws_ram as ram, aws_ssm as ssm, CfnOutput, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ampWriterAccounts } from '../../fleet/derived-names';
import { Fleet } from '../../fleet/fleet-schema';
import { CLUSTER_ABSENT_ALERT } from '../../../platform/alerts/meta-monitoring';
import { runbookUrl } from '../../../platform/alerts/runbook-url';
import { AmpWorkspace } from './amp-workspace';
import { allowClusterAlarmsToPublish, FLEET_ALERT_TOPIC_NAME } from './cloudwatch-cluster-alarms';
import { accountOf, AMP_FACTS_PARAMETERS } from './fleet-names';

export interface AmpStackProps extends StackProps {
  /** The validated fleet; the stack is placed in `amp.account` and its region. */
  readonly fleet: Fleet;
  /** Folder holding the rendered output (`dist/`); the rule file is `<distRoot>/amp/rules.yaml`. */
  readonly distRoot: string;
}

/**
 * The fleet's one AMP workspace, in the AMP account's region, with its rule groups and alert
 * manager. Every cluster with `metrics.sink: amp`, in any account and region, writes here, so
 * dashboards, recording rules and alerts see the whole AMP path through one data source.
 *
 * The workspace id and endpoint exist only after deploy: they are published as advanced-tier SSM
 * parameters and shared through AWS RAM with the accounts that read them (the AMP clusters'
 * accounts and the Grafana manager cluster's), whose stacks write them into the clusters.
 */
export class AmpStack extends Stack {
  public readonly amp: AmpWorkspace;

  public constructor(scope: Construct, id: string, props: AmpStackProps) {
    const { fleet } = props;
    const account = accountOf(fleet, fleet.amp.account);
    super(scope, id, { ...props, env: { account: account.id, region: account.region } });
    this.amp = new AmpWorkspace(this, 'Amp', {
      alias: fleet.amp.alias,
      rulesFile: join(props.distRoot, 'amp', 'rules.yaml'),
      ingestionRunbookUrl: runbookUrl(fleet.repository, CLUSTER_ABSENT_ALERT),
      alertTopicName: FLEET_ALERT_TOPIC_NAME,
    });
    // The alarms of CloudWatch clusters in this region notify the same topic as AMP's alert manager.
    allowClusterAlarmsToPublish(this.amp.alertTopic, fleet);

    const parameters = [
      new ssm.StringParameter(this, 'WorkspaceIdParameter', {
        parameterName: AMP_FACTS_PARAMETERS.workspaceId,
        stringValue: this.amp.workspace.attrWorkspaceId,
        // Only advanced-tier parameters can be shared through AWS RAM.
        tier: ssm.ParameterTier.ADVANCED,
        description: 'Id of the fleet\'s AMP workspace, read by the clusters that write to it',
      }),
      new ssm.StringParameter(this, 'EndpointParameter', {
        parameterName: AMP_FACTS_PARAMETERS.prometheusEndpoint,
        stringValue: this.amp.workspace.attrPrometheusEndpoint,
        tier: ssm.ParameterTier.ADVANCED,
        description: 'Prometheus endpoint of the fleet\'s AMP workspace, read by the clusters that write to it and by the Grafana manager cluster',
      }),
    ];
    const readers = ampFactsReaders(fleet).filter((reader) => reader !== account.id);
    if (readers.length > 0) {
      new ram.CfnResourceShare(this, 'FactsShare', {
        name: 'amp-workspace-facts',
        resourceArns: parameters.map((parameter) => parameter.parameterArn),
        principals: readers,
        // Within the organization the share is accepted automatically: no hand step.
        allowExternalPrincipals: false,
      });
    }
    new CfnOutput(this, 'AmpWorkspaceId', { value: this.amp.workspace.attrWorkspaceId });
  }
}

/** Account ids that read the AMP facts: every AMP cluster's account and the Grafana manager's, sorted. */
export function ampFactsReaders(fleet: Fleet): string[] {
  const manager = fleet.clusters[fleet.grafana.managerCluster];
  const accounts = [...ampWriterAccounts(fleet), ...(manager ? [manager.account] : [])];
  return [...new Set(accounts.map((name) => accountOf(fleet, name).id))].sort();
}
