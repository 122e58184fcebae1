import { aws_eks as eks, aws_iam as iam, Stack } from 'aws-cdk-lib';
import { Construct, IDependable } from 'constructs';
import { GRAFANA_TOKEN, GRAFANA_TOKEN_ROLE_NAME, tokenRotatorRoleName } from '../../../platform/grafana/token-rotator/token-contract';
import { roleArn } from './fleet-names';

export interface TokenRotatorIdentityProps {
  /** The Grafana manager cluster. */
  readonly cluster: eks.ICluster;
  /** Fleet key (and EKS name) of the cluster. */
  readonly clusterName: string;
  /** Account id of the Grafana workspace, holding the token role. */
  readonly monitoringAccountId: string;
  /** The Pod Identity Agent add-on; the association is created after it. Default: no ordering. */
  readonly podIdentityAgent?: IDependable;
}

/**
 * The rotator's AWS identity and the Secret it fills, in the manager cluster's stack: a role EKS
 * Pod Identity assumes for exactly the rotator's service account, which may do nothing but chain
 * into the monitoring account's token role (the association's target role), and the token Secret,
 * created empty here because RBAC cannot grant `create` for one name.
 */
export class TokenRotatorIdentity extends Construct {
  public readonly role: iam.Role;

  public constructor(scope: Construct, id: string, props: TokenRotatorIdentityProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const clusterArn = stack.formatArn({ service: 'eks', resource: 'cluster', resourceName: props.clusterName });
    const targetRoleArn = roleArn(props.monitoringAccountId, GRAFANA_TOKEN_ROLE_NAME);
    this.role = new iam.Role(this, 'Role', {
      roleName: tokenRotatorRoleName(props.clusterName),
      description: `grafana-operator token rotator of ${props.clusterName} (${GRAFANA_TOKEN.namespace}/${GRAFANA_TOKEN.rotatorServiceAccount})`,
      assumedBy: new iam.ServicePrincipal('pods.eks.amazonaws.com', {
        conditions: {
          StringEquals: {
            'aws:SourceAccount': stack.account,
            'aws:RequestTag/eks-cluster-name': props.clusterName,
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
    const association = new eks.CfnPodIdentityAssociation(this, 'Association', {
      clusterName: props.cluster.clusterName,
      namespace: GRAFANA_TOKEN.namespace,
      serviceAccount: GRAFANA_TOKEN.rotatorServiceAccount,
      roleArn: this.role.roleArn,
      // Pod Identity assumes the role above, then the token role in the monitoring account.
      targetRoleArn,
    });
    if (props.podIdentityAgent) {
      association.node.addDependency(props.podIdentityAgent);
    }

    new eks.KubernetesManifest(this, 'TokenSecret', {
      cluster: props.cluster,
      // Never overwrite: once the rotator has filled it, a stack update must not empty it.
      overwrite: false,
      manifest: [
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: GRAFANA_TOKEN.namespace } },
        {
          apiVersion: 'v1',
          kind: 'Secret',
          type: 'Opaque',
          metadata: { name: GRAFANA_TOKEN.secretName, namespace: GRAFANA_TOKEN.namespace, labels: { 'app.kubernetes.io/managed-by': GRAFANA_TOKEN.rotatorServiceAccount } },
        },
      ],
    });
  }
}
