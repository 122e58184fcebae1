import { GenericClusterProvider } from '@aws-quickstart/eks-blueprints';
import { aws_ec2 as ec2, aws_eks as eks } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ClusterSpec } from '../../fleet/fleet-schema';

/** Hops an instance metadata answer may travel: 1 reaches the node itself, not its pods. */
export const NODE_METADATA_HOP_LIMIT = 1;

export interface FleetClusterProviderProps {
  /** EKS cluster name: the fleet key of the cluster. */
  readonly clusterName: string;
  /** The cluster's fleet entry (version, node group, VPC). */
  readonly spec: ClusterSpec;
}

/**
 * A bare EKS cluster with one managed node group from the fleet file, authenticated through EKS
 * access entries (API mode) so people get in through `TeamAccessEntries`.
 *
 * eks-blueprints' GenericClusterProvider always adds a "masters" role trusted by the whole
 * account (`:root`) when none is given; this provider removes it, so cluster-admin is exactly
 * the fleet's platform principals (plus the CloudFormation role that created the cluster).
 */
export class FleetClusterProvider extends GenericClusterProvider {
  private readonly clusterName: string;

  public constructor(props: FleetClusterProviderProps) {
    const { nodeGroup } = props.spec;
    super({
      clusterName: props.clusterName,
      version: eks.KubernetesVersion.of(props.spec.kubernetesVersion),
      authenticationMode: eks.AuthenticationMode.API,
      // Private to the VPC, and public only to the fleet's CIDRs (CloudFormation's kubectl
      // handler then runs inside the VPC).
      endpointAccess:
        props.spec.publicEndpointCidrs.length > 0 ? eks.EndpointAccess.PUBLIC_AND_PRIVATE.onlyFrom(...props.spec.publicEndpointCidrs) : eks.EndpointAccess.PRIVATE,
      managedNodeGroups: [
        {
          id: `${props.clusterName}-ng`,
          instanceTypes: [new ec2.InstanceType(nodeGroup.instanceType)],
          minSize: nodeGroup.minSize,
          desiredSize: nodeGroup.desiredSize,
          maxSize: nodeGroup.maxSize,
          amiType: eks.NodegroupAmiType.AL2023_X86_64_STANDARD,
          nodeGroupSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
          // IMDSv2 with a hop limit of 1: the token answer cannot cross the pod network's extra hop,
          // so pods cannot take the node role's credentials. Everything on the nodes that needs AWS
          // credentials gets them through Pod Identity, and the region is passed to them explicitly.
          launchTemplate: { requireImdsv2: true, httpPutResponseHopLimit: NODE_METADATA_HOP_LIMIT },
        },
      ],
    });
    this.clusterName = props.clusterName;
  }

  protected override internalCreateCluster(scope: Construct, id: string, clusterOptions: eks.ClusterProps): eks.Cluster {
    const { mastersRole, ...options } = clusterOptions;
    if (mastersRole) {
      scope.node.tryRemoveChild(`${this.clusterName}-AccessRole`);
    }
    return new eks.Cluster(scope, id, options);
  }
}
