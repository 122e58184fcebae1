import { aws_iam as iam, custom_resources as cr, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { GRAFANA_TOKEN, GRAFANA_TOKEN_ROLE_NAME, tokenRotatorRoleName } from '../../../platform/grafana/token-rotator/token-contract';
import { roleArn } from './fleet-names';

export interface GrafanaOperatorAccessProps {
  /** Id of the Grafana workspace (`CfnWorkspace.attrId`). */
  readonly workspaceId: string;
  /** Account id of the Grafana manager cluster, whose token rotator chains into the token role. */
  readonly managerAccountId: string;
  /** Fleet key (and EKS name) of the manager cluster. */
  readonly managerCluster: string;
}

/**
 * What grafana-operator needs in the monitoring account: the workspace service account it acts as
 * (CloudFormation has no resource type for it, so a custom resource creates it and deletes it, with
 * its tokens, on teardown), and the role the in-cluster token rotator reaches through EKS Pod
 * Identity, allowed only the token APIs of this workspace.
 */
export class GrafanaOperatorAccess extends Construct {
  public readonly tokenRole: iam.Role;
  /** Id of the workspace service account (a deploy-time token). */
  public readonly serviceAccountId: string;

  public constructor(scope: Construct, id: string, props: GrafanaOperatorAccessProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const workspaceResource = `arn:${stack.partition}:grafana:${stack.region}:${stack.account}:/workspaces/${props.workspaceId}`;

    const serviceAccount = new cr.AwsCustomResource(this, 'ServiceAccount', {
      installLatestAwsSdk: false,
      onCreate: {
        service: 'Grafana',
        action: 'createWorkspaceServiceAccount',
        parameters: { workspaceId: props.workspaceId, name: GRAFANA_TOKEN.serviceAccountName, grafanaRole: 'ADMIN' },
        physicalResourceId: cr.PhysicalResourceId.fromResponse('id'),
      },
      onDelete: {
        service: 'Grafana',
        action: 'deleteWorkspaceServiceAccount',
        parameters: { workspaceId: props.workspaceId, serviceAccountId: new cr.PhysicalResourceIdReference() },
        // Deleting the workspace first removes the account with it.
        ignoreErrorCodesMatching: 'ResourceNotFoundException',
      },
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({ actions: ['grafana:CreateWorkspaceServiceAccount', 'grafana:DeleteWorkspaceServiceAccount'], resources: [workspaceResource] }),
      ]),
    });
    this.serviceAccountId = serviceAccount.getResponseField('id');

    // The rotator's role is created earlier in the same stage (token-rotator-role-stack.ts).
    const rotatorRoleArn = roleArn(props.managerAccountId, tokenRotatorRoleName(props.managerCluster));
    this.tokenRole = new iam.Role(this, 'TokenRole', {
      roleName: GRAFANA_TOKEN_ROLE_NAME,
      description: 'Assumed (through EKS Pod Identity) by the grafana-operator token rotator of the manager cluster',
      assumedBy: new iam.ArnPrincipal(rotatorRoleArn).withSessionTags(),
      inlinePolicies: {
        rotateOperatorToken: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({
              actions: [
                'grafana:ListWorkspaceServiceAccounts',
                'grafana:ListWorkspaceServiceAccountTokens',
                'grafana:CreateWorkspaceServiceAccountToken',
                'grafana:DeleteWorkspaceServiceAccountToken',
              ],
              resources: [workspaceResource],
            }),
          ],
        }),
      },
    });
  }
}
