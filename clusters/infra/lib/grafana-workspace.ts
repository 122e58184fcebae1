import { ArnFormat, aws_grafana as grafana, aws_iam as iam, aws_ram as ram, aws_ssm as ssm, CfnOutput, custom_resources as cr, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { GRAFANA_FACTS_PARAMETERS, GRAFANA_WORKSPACE_ROLE_NAME } from './fleet-names';
import { acknowledgeFindings } from './nag-acknowledgements';
import { rules } from './nag-rules';

export interface GrafanaWorkspaceProps {
  /** Workspace name. */
  readonly name: string;
  /** Grafana version of the workspace (`grafana.version`). */
  readonly grafanaVersion: string;
  /** `AWS_SSO` or `SAML` (`grafana.authentication`). */
  readonly authentication: 'AWS_SSO' | 'SAML';
  /** Data-source role ARNs the workspace role may assume; exactly these and no other. */
  readonly dataSourceRoleArns: readonly string[];
  /** Grafana data source types enabled in the workspace, e.g. PROMETHEUS, CLOUDWATCH, XRAY. */
  readonly dataSources: readonly string[];
  /**
   * Account id that receives the workspace facts (URL, id) through AWS RAM: the account of the
   * cluster running grafana-operator.
   */
  readonly factsConsumerAccountId: string;
  /** Let workspace admins install plugins from the Grafana catalog (`grafana.pluginAdmin`). Default: false. */
  readonly pluginAdmin?: boolean;
}

/**
 * The Amazon Managed Grafana workspace with a customer-managed role that only Grafana, acting
 * for a workspace of this account and region, may assume, and that may assume only the listed
 * data-source roles. Its URL and id are published as advanced-tier SSM parameters shared with
 * the manager cluster's account, which writes them into the cluster.
 */
export class GrafanaWorkspace extends Construct {
  public readonly role: iam.Role;
  public readonly workspace: grafana.CfnWorkspace;
  /** Deploy-time call that narrows the role's trust to this workspace's ARN. */
  public readonly trustNarrowing: cr.AwsCustomResource;
  /** `https://<id>.grafana-workspace.<region>.amazonaws.com`. */
  public readonly url: string;

  public constructor(scope: Construct, id: string, props: GrafanaWorkspaceProps) {
    super(scope, id);
    const stack = Stack.of(this);
    if (props.dataSourceRoleArns.length === 0) {
      throw new Error('GrafanaWorkspace needs at least one data-source role ARN; the fleet must define a cluster');
    }

    // The workspace ARN is unknown until the workspace exists (and the workspace needs the role
    // first), so SourceArn first matches any workspace of this account and region; the
    // TrustOnlyThisWorkspace call below narrows it to this workspace once it exists.
    this.role = new iam.Role(this, 'Role', {
      roleName: GRAFANA_WORKSPACE_ROLE_NAME,
      description: 'Customer-managed role of the Amazon Managed Grafana workspace',
      assumedBy: new iam.ServicePrincipal('grafana.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: { 'aws:SourceArn': `arn:${stack.partition}:grafana:${stack.region}:${stack.account}:/workspaces/*` },
        },
      }),
      inlinePolicies: {
        assumeDataSourceRoles: new iam.PolicyDocument({
          statements: [new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: [...props.dataSourceRoleArns] })],
        }),
      },
    });

    this.workspace = new grafana.CfnWorkspace(this, 'Workspace', {
      name: props.name,
      description: 'Dashboards and alerts over every account of the fleet',
      accountAccessType: 'CURRENT_ACCOUNT',
      authenticationProviders: [props.authentication],
      permissionType: 'CUSTOMER_MANAGED',
      roleArn: this.role.roleArn,
      grafanaVersion: props.grafanaVersion,
      dataSources: [...props.dataSources],
      // Off unless the fleet asks: every data source the dashboards use is built into the workspace.
      pluginAdminEnabled: props.pluginAdmin ?? false,
    });
    this.url = `https://${this.workspace.attrEndpoint}`;

    // The trust above must exist before the workspace, so it can only name "a workspace of this
    // account"; once the workspace exists, narrow it to that workspace's ARN.
    const workspaceArn = stack.formatArn({ service: 'grafana', resource: 'workspaces', resourceName: this.workspace.attrId, arnFormat: ArnFormat.SLASH_RESOURCE_SLASH_RESOURCE_NAME });
    const trustOnlyThisWorkspace = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'grafana.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceAccount': stack.account, 'aws:SourceArn': workspaceArn } },
        },
      ],
    };
    const narrowTrust: cr.AwsSdkCall = {
      service: 'IAM',
      action: 'updateAssumeRolePolicy',
      parameters: { RoleName: GRAFANA_WORKSPACE_ROLE_NAME, PolicyDocument: stack.toJsonString(trustOnlyThisWorkspace) },
      physicalResourceId: cr.PhysicalResourceId.of(`${GRAFANA_WORKSPACE_ROLE_NAME}-trust`),
    };
    this.trustNarrowing = new cr.AwsCustomResource(this, 'TrustOnlyThisWorkspace', {
      onCreate: narrowTrust,
      onUpdate: narrowTrust,
      installLatestAwsSdk: false,
      policy: cr.AwsCustomResourcePolicy.fromStatements([new iam.PolicyStatement({ actions: ['iam:UpdateAssumeRolePolicy'], resources: [this.role.roleArn] })]),
    });
    // aws-cdk-lib's one handler function for every AwsCustomResource of the stack.
    const handler = stack.node.tryFindChild(`AWS${cr.AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '')}`);
    if (handler) {
      acknowledgeFindings(handler, 'AwsSolutions-IAM4', rules.iam.IAMNoManagedPolicies, 'AWSLambdaBasicExecutionRole (its own logs) on the handler aws-cdk-lib creates for AwsCustomResource calls.');
    }

    const urlParameter = new ssm.StringParameter(this, 'UrlParameter', {
      parameterName: GRAFANA_FACTS_PARAMETERS.workspaceUrl,
      stringValue: this.url,
      // Only advanced-tier parameters can be shared through AWS RAM.
      tier: ssm.ParameterTier.ADVANCED,
      description: 'URL of the Grafana workspace, read by the manager cluster',
    });
    const idParameter = new ssm.StringParameter(this, 'IdParameter', {
      parameterName: GRAFANA_FACTS_PARAMETERS.workspaceId,
      stringValue: this.workspace.attrId,
      tier: ssm.ParameterTier.ADVANCED,
      description: 'Id of the Grafana workspace, read by the manager cluster',
    });
    new ram.CfnResourceShare(this, 'FactsShare', {
      name: 'grafana-workspace-facts',
      resourceArns: [urlParameter.parameterArn, idParameter.parameterArn],
      principals: [props.factsConsumerAccountId],
      // Within the organization the share is accepted automatically: no hand step.
      allowExternalPrincipals: false,
    });

    new CfnOutput(stack, 'GrafanaWorkspaceUrl', { value: this.url, description: 'URL of the Amazon Managed Grafana workspace' });
    new CfnOutput(stack, 'GrafanaWorkspaceId', { value: this.workspace.attrId });
  }
}
