import { Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { Fleet } from '../../fleet/fleet-schema';
import { accountOf, dataSourceRoleArns } from './fleet-names';
import { GrafanaWorkspace } from './grafana-workspace';

export interface MonitoringStackProps extends StackProps {
  /** The validated fleet; the stack is placed in `grafana.account`. */
  readonly fleet: Fleet;
}

/** The monitoring account: the Amazon Managed Grafana workspace and its role. */
export class MonitoringStack extends Stack {
  public readonly grafana: GrafanaWorkspace;

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
      pluginAdmin: fleet.grafana.pluginAdmin,
    });
  }
}
