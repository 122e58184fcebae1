import { aws_iam as iam } from 'aws-cdk-lib';
import { rules } from './nag-rules';
import { Construct } from 'constructs';
import { acknowledgeFindings } from './nag-acknowledgements';

export interface DataSourceRoleProps {
  /** Fixed role name, e.g. `ampPrometheusDataSourceRole`; Grafana data sources refer to it by ARN. */
  readonly roleName: string;
  /** ARN of the Grafana workspace role: the only principal trusted. Never an account root or `*`. */
  readonly grafanaWorkspaceRoleArn: string;
  /** What the data source may read. Read actions only. */
  readonly statements: readonly iam.PolicyStatement[];
}

/**
 * A read-only role in a workload account that the Grafana workspace role, and nothing else,
 * assumes to query that account's telemetry.
 */
export class DataSourceRole extends Construct {
  public readonly role: iam.Role;

  public constructor(scope: Construct, id: string, props: DataSourceRoleProps) {
    super(scope, id);
    if (!/^arn:aws[\w-]*:iam::\d{12}:role\/.+$/.test(props.grafanaWorkspaceRoleArn)) {
      throw new Error(`DataSourceRole ${props.roleName} must trust a role ARN, got "${props.grafanaWorkspaceRoleArn}"; pass the Grafana workspace role's ARN`);
    }
    this.role = new iam.Role(this, 'Role', {
      roleName: props.roleName,
      description: 'Read-only access for the Amazon Managed Grafana workspace role',
      assumedBy: new iam.ArnPrincipal(props.grafanaWorkspaceRoleArn),
      inlinePolicies: { read: new iam.PolicyDocument({ statements: [...props.statements] }) },
    });
    acknowledgeFindings(
      this.role,
      'AwsSolutions-IAM5',
      rules.iam.IAMNoWildcardPermissions,
      'Read-only data-source APIs that accept no resource ARN (CloudWatch and Logs Insights queries, ec2:Describe*, tag:GetResources, X-Ray reads, aps:ListWorkspaces); AMP queries are scoped to the workspace ARN.',
    );
  }
}

/** X-Ray reads; the X-Ray read APIs take no resource ARN. */
export function xrayReadStatement(): iam.PolicyStatement {
  return new iam.PolicyStatement({
    actions: [
      'xray:BatchGetTraces',
      'xray:GetServiceGraph',
      'xray:GetTraceGraph',
      'xray:GetTraceSummaries',
      'xray:GetGroups',
      'xray:GetGroup',
      'xray:GetTimeSeriesServiceStatistics',
      'xray:GetInsightSummaries',
      'xray:GetInsight',
      'xray:GetInsightEvents',
      'xray:GetInsightImpactGraph',
    ],
    resources: ['*'],
  });
}

/** AMP query actions on one workspace; ListWorkspaces has no resource-level permission. */
export function ampReadStatements(workspaceArn: string): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      actions: ['aps:DescribeWorkspace', 'aps:QueryMetrics', 'aps:GetLabels', 'aps:GetSeries', 'aps:GetMetricMetadata'],
      resources: [workspaceArn],
    }),
    new iam.PolicyStatement({ actions: ['aps:ListWorkspaces'], resources: ['*'] }),
    xrayReadStatement(),
  ];
}

/** What Grafana's CloudWatch data source reads: metrics, alarms, Logs Insights, EC2 tags and regions. */
export function cloudWatchReadStatements(): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      actions: [
        'cloudwatch:DescribeAlarmsForMetric',
        'cloudwatch:DescribeAlarmHistory',
        'cloudwatch:DescribeAlarms',
        'cloudwatch:ListMetrics',
        'cloudwatch:GetMetricData',
        'cloudwatch:GetInsightRuleReport',
      ],
      resources: ['*'],
    }),
    new iam.PolicyStatement({
      actions: ['logs:DescribeLogGroups', 'logs:GetLogGroupFields', 'logs:StartQuery', 'logs:StopQuery', 'logs:GetQueryResults', 'logs:GetLogEvents'],
      resources: ['*'],
    }),
    new iam.PolicyStatement({ actions: ['ec2:DescribeTags', 'ec2:DescribeInstances', 'ec2:DescribeRegions'], resources: ['*'] }),
    new iam.PolicyStatement({ actions: ['tag:GetResources'], resources: ['*'] }),
    xrayReadStatement(),
  ];
}
