import { ArnFormat, aws_ssm as ssm, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ampRemoteWriteRoleName, ampWriterAccounts, collectorRoleName } from '../../fleet/derived-names';
import { Fleet } from '../../fleet/fleet-schema';
import { METRICS_COLLECTOR } from '../../../platform/telemetry/collector-identities';
import { cloudWatchLogGroup } from '../../../platform/telemetry/cloudwatch-metrics';
import { AmpRemoteWriteRole } from './amp-remote-write-role';
import { ampReadStatements, cloudWatchReadStatements, DataSourceRole } from './data-source-role';
import {
  accountOf,
  AMP_DATA_SOURCE_ROLE_NAME,
  AMP_FACTS_PARAMETERS,
  CLOUDWATCH_DATA_SOURCE_ROLE_NAME,
  GRAFANA_WORKSPACE_ROLE_NAME,
  roleArn,
} from './fleet-names';

export interface AccountAccessStackProps extends StackProps {
  /** The validated fleet. */
  readonly fleet: Fleet;
  /** Key of `accounts` the stack is placed in (its region). */
  readonly account: string;
}

/**
 * The cross-account roles of one account, deployed after the clusters (whose collector roles the
 * AMP remote-write roles trust by ARN: IAM refuses a trust naming a role that does not exist yet)
 * and after the Grafana workspace (whose role the data-source roles trust):
 *
 * - in every account that runs clusters, the CloudWatch/X-Ray data-source role;
 * - in the AMP account, the AMP data-source role and one remote-write role per account running
 *   AMP clusters.
 */
export class AccountAccessStack extends Stack {
  public readonly remoteWriteRoles: ReadonlyMap<string, AmpRemoteWriteRole>;

  public constructor(scope: Construct, id: string, props: AccountAccessStackProps) {
    const { fleet } = props;
    const account = accountOf(fleet, props.account);
    super(scope, id, { ...props, env: { account: account.id, region: account.region } });
    const grafanaWorkspaceRoleArn = roleArn(accountOf(fleet, fleet.grafana.account).id, GRAFANA_WORKSPACE_ROLE_NAME);

    if (Object.values(fleet.clusters).some((cluster) => cluster.account === props.account)) {
      // The EMF log groups of this account's CloudWatch clusters: the only log groups the fleet's dashboards read.
      const logGroupArns = Object.entries(fleet.clusters)
        .filter(([, cluster]) => cluster.account === props.account && cluster.metrics.sink === 'cloudwatch')
        .map(([name]) => this.formatArn({ service: 'logs', resource: 'log-group', resourceName: cloudWatchLogGroup(name), arnFormat: ArnFormat.COLON_RESOURCE_NAME }));
      new DataSourceRole(this, 'CloudWatchDataSource', { roleName: CLOUDWATCH_DATA_SOURCE_ROLE_NAME, grafanaWorkspaceRoleArn, statements: cloudWatchReadStatements(logGroupArns) });
    }

    const remoteWriteRoles = new Map<string, AmpRemoteWriteRole>();
    const writers = ampWriterAccounts(fleet);
    if (props.account === fleet.amp.account && writers.length > 0) {
      // The workspace is created by the AMP stack (an earlier wave) in this account and region.
      const workspaceId = ssm.StringParameter.valueForStringParameter(this, AMP_FACTS_PARAMETERS.workspaceId);
      const workspaceArn = this.formatArn({ service: 'aps', resource: 'workspace', resourceName: workspaceId });
      new DataSourceRole(this, 'AmpDataSource', { roleName: AMP_DATA_SOURCE_ROLE_NAME, grafanaWorkspaceRoleArn, statements: ampReadStatements(workspaceArn) });
      for (const writer of writers) {
        const writerAccount = accountOf(fleet, writer);
        const clusters = Object.entries(fleet.clusters)
          .filter(([, cluster]) => cluster.account === writer && cluster.metrics.sink === 'amp')
          .map(([name]) => ({
            name,
            collectorRoleArn: roleArn(writerAccount.id, collectorRoleName(name, METRICS_COLLECTOR)),
            clusterArn: `arn:aws:eks:${writerAccount.region}:${writerAccount.id}:cluster/${name}`,
          }));
        remoteWriteRoles.set(
          writer,
          new AmpRemoteWriteRole(this, `RemoteWrite-${writer}`, { roleName: ampRemoteWriteRoleName(writer), clusterAccountId: writerAccount.id, clusters, workspaceArn }),
        );
      }
    }
    this.remoteWriteRoles = remoteWriteRoles;
  }
}
