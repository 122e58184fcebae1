import { Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { Fleet } from '../../fleet/fleet-schema';
import { accountOf, dataSourceRoleArns } from './fleet-names';
import { GrafanaAccessAssignments } from './grafana-access-assignments';
import { GrafanaOperatorAccess } from './grafana-operator-access';
import { GrafanaWorkspace } from './grafana-workspace';
import { acknowledgeAwsCustomResourceProvider } from './nag-acknowledgements';

export interface MonitoringStackProps extends StackProps {
  /** The validated fleet; the stack is placed in `grafana.account`. */
  readonly fleet: Fleet;
}

/** The monitoring account: the Amazon Managed Grafana workspace and its role. */
export class MonitoringStack extends Stack {
  public readonly grafana: GrafanaWorkspace;
  public readonly operatorAccess: GrafanaOperatorAccess;
  public readonly access: GrafanaAccessAssignments;

  public constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    const account = accountOf(props.fleet, props.fleet.grafana.account);
    super(scope, id, { ...props, env: { account: account.id, region: account.region } });
    const { fleet } = props;
    const manager = fleet.clusters[fleet.grafana.managerCluster];
    if (!manager) {
      throw new Error(`grafana.managerCluster "${fleet.grafana.managerCluster}" names no cluster; set it to one of: ${Object.keys(fleet.clusters).join(', ')}`);
    }
    const clusters = Object.values(fleet.clusters);
    const dataSources = [
      ...(clusters.some((cluster) => cluster.metrics.sink === 'amp') ? ['PROMETHEUS'] : []),
      ...(clusters.some((cluster) => cluster.metrics.sink === 'cloudwatch') ? ['CLOUDWATCH'] : []),
      ...(clusters.some((cluster) => cluster.traces.sink === 'xray') ? ['XRAY'] : []),
    ];
    this.grafana = new GrafanaWorkspace(this, 'Grafana', {
      name: 'multi-account-observability',
      grafanaVersion: fleet.grafana.version,
      authentication: fleet.grafana.authentication,
      dataSourceRoleArns: dataSourceRoleArns(fleet),
      dataSources,
      factsConsumerAccountId: accountOf(fleet, manager.account).id,
    });
    this.operatorAccess = new GrafanaOperatorAccess(this, 'GrafanaOperator', {
      workspaceId: this.grafana.workspace.attrId,
      managerAccountId: accountOf(fleet, manager.account).id,
      managerCluster: fleet.grafana.managerCluster,
    });
    this.access = new GrafanaAccessAssignments(this, 'GrafanaAccess', { workspaceId: this.grafana.workspace.attrId, access: fleet.grafana.access });
    acknowledgeAwsCustomResourceProvider(this);
  }
}
