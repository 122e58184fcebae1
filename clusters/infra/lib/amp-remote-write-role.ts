import { aws_iam as iam } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { METRICS_COLLECTOR } from '../../../platform/telemetry/collector-identities';

/** A cluster whose metrics collector writes through the role. */
export interface RemoteWritingCluster {
  /** Fleet key (and EKS name) of the cluster. */
  readonly name: string;
  /** ARN of the cluster's metrics collector role (Pod Identity, in the cluster's account). */
  readonly collectorRoleArn: string;
  /** ARN of the EKS cluster, as EKS Pod Identity tags the collector's session with it. */
  readonly clusterArn: string;
}

export interface AmpRemoteWriteRoleProps {
  /** Fixed role name (`ampRemoteWriteRoleName`); the collectors' configuration names its ARN. */
  readonly roleName: string;
  /** Account id the writing clusters live in; one role per such account. */
  readonly clusterAccountId: string;
  /** The clusters of that account with `metrics.sink: amp`. */
  readonly clusters: readonly RemoteWritingCluster[];
  /** ARN of the AMP workspace the role may write to, and nothing else. */
  readonly workspaceArn: string;
}

/**
 * The role in the AMP account that the metrics collectors of one cluster account assume (the
 * sigv4auth extension's `assume_role`) to remote-write into the fleet's workspace.
 *
 * The trust names each collector role by ARN (never an account root) and checks what holds for a
 * session those roles open through EKS Pod Identity: `aws:PrincipalArn` is the collector role,
 * `aws:PrincipalAccount` its account, and the session tags Pod Identity sets (transitive, so they
 * travel into this role's session) carry the cluster ARN, namespace and service account. There is
 * no `aws:SourceAccount` to test: that key is set when an AWS service calls on a principal's
 * behalf, not when a role session calls STS itself. Because the tags are transitive, the trust
 * also allows `sts:TagSession`, without which STS refuses the chained AssumeRole.
 */
export class AmpRemoteWriteRole extends Construct {
  public readonly role: iam.Role;

  public constructor(scope: Construct, id: string, props: AmpRemoteWriteRoleProps) {
    super(scope, id);
    if (props.clusters.length === 0) {
      throw new Error(`AmpRemoteWriteRole ${props.roleName} needs at least one cluster; create it only for accounts running AMP clusters`);
    }
    const collectorRoles = props.clusters.map((cluster) => cluster.collectorRoleArn);
    const principal = new iam.PrincipalWithConditions(new iam.CompositePrincipal(...collectorRoles.map((arn) => new iam.ArnPrincipal(arn))), {
      StringEquals: {
        'aws:PrincipalAccount': props.clusterAccountId,
        'aws:PrincipalTag/eks-cluster-arn': props.clusters.map((cluster) => cluster.clusterArn),
        'aws:PrincipalTag/kubernetes-namespace': METRICS_COLLECTOR.namespace,
        'aws:PrincipalTag/kubernetes-service-account': METRICS_COLLECTOR.serviceAccount,
      },
      ArnEquals: { 'aws:PrincipalArn': collectorRoles },
    });
    this.role = new iam.Role(this, 'Role', {
      roleName: props.roleName,
      description: `Remote write to the fleet's AMP workspace for the metrics collectors of account ${props.clusterAccountId}`,
      assumedBy: principal.withSessionTags(),
      inlinePolicies: {
        remoteWrite: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ actions: ['aps:RemoteWrite'], resources: [props.workspaceArn] })] }),
      },
    });
  }
}
