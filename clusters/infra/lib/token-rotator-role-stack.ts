import { aws_iam as iam, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { Fleet } from '../../fleet/fleet-schema';
import { GRAFANA_TOKEN, GRAFANA_TOKEN_ROLE_NAME, tokenRotatorRoleName } from '../../../platform/grafana/token-rotator/token-contract';
import { accountOf, roleArn } from './fleet-names';

export interface TokenRotatorRoleStackProps extends StackProps {
  /** The validated fleet; the stack is placed in the account of `grafana.managerCluster`. */
  readonly fleet: Fleet;
}

/**
 * The IAM role EKS Pod Identity gives the grafana-operator token rotator, in the manager cluster's
 * account. It is deployed with the monitoring stage, before the monitoring stack, so the token
 * role there can trust exactly this role (IAM refuses a trust in a role that does not exist yet)
 * and the cluster stack of the next wave can associate it. It may do nothing but chain into that
 * token role.
 */
export class TokenRotatorRoleStack extends Stack {
  public readonly role: iam.Role;

  public constructor(scope: Construct, id: string, props: TokenRotatorRoleStackProps) {
    const { fleet } = props;
    const clusterName = fleet.grafana.managerCluster;
    const spec = fleet.clusters[clusterName];
    if (!spec) {
      throw new Error(`grafana.managerCluster "${clusterName}" names no cluster; set it to one of: ${Object.keys(fleet.clusters).join(', ')}`);
    }
    const account = accountOf(fleet, spec.account);
    super(scope, id, { ...props, env: { account: account.id, region: account.region } });
    const clusterArn = this.formatArn({ service: 'eks', resource: 'cluster', resourceName: clusterName });
    const targetRoleArn = roleArn(accountOf(fleet, fleet.grafana.account).id, GRAFANA_TOKEN_ROLE_NAME);
    this.role = new iam.Role(this, 'Role', {
      roleName: tokenRotatorRoleName(clusterName),
      description: `grafana-operator token rotator of ${clusterName} (${GRAFANA_TOKEN.namespace}/${GRAFANA_TOKEN.rotatorServiceAccount})`,
      // Pod Identity assumes it with session tags naming the cluster, namespace and service account.
      assumedBy: new iam.ServicePrincipal('pods.eks.amazonaws.com', {
        conditions: {
          StringEquals: {
            'aws:SourceAccount': account.id,
            'aws:RequestTag/eks-cluster-name': clusterName,
            'aws:RequestTag/kubernetes-namespace': GRAFANA_TOKEN.namespace,
            'aws:RequestTag/kubernetes-service-account': GRAFANA_TOKEN.rotatorServiceAccount,
          },
          ArnEquals: { 'aws:SourceArn': clusterArn },
        },
      }).withSessionTags(),
      inlinePolicies: {
        chainIntoTokenRole: new iam.PolicyDocument({
          statements: [new iam.PolicyStatement({ actions: ['sts:AssumeRole', 'sts:TagSession'], resources: [targetRoleArn] })],
        }),
      },
    });
  }
}
