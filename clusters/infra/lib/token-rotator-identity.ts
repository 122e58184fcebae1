import { aws_eks as eks, Stack } from 'aws-cdk-lib';
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
 * In the manager cluster's stack: the Pod Identity association giving exactly the rotator's service
 * account its role, chained by Pod Identity into the monitoring account's token role (the target
 * role), and the token Secret, created empty here because RBAC cannot grant `create` for one name.
 */
export class TokenRotatorIdentity extends Construct {
  /** The rotator's role (created with the monitoring stage). */
  public readonly roleArn: string;

  public constructor(scope: Construct, id: string, props: TokenRotatorIdentityProps) {
    super(scope, id);
    const stack = Stack.of(this);
    // Created by the monitoring stage (token-rotator-role-stack.ts), so it exists by name here.
    this.roleArn = roleArn(stack.account, tokenRotatorRoleName(props.clusterName));
    const targetRoleArn = roleArn(props.monitoringAccountId, GRAFANA_TOKEN_ROLE_NAME);
    const association = new eks.CfnPodIdentityAssociation(this, 'Association', {
      clusterName: props.cluster.clusterName,
      namespace: GRAFANA_TOKEN.namespace,
      serviceAccount: GRAFANA_TOKEN.rotatorServiceAccount,
      roleArn: this.roleArn,
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
