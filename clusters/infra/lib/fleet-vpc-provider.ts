import { ResourceContext, ResourceProvider } from '@aws-quickstart/eks-blueprints';
import { aws_ec2 as ec2 } from 'aws-cdk-lib';
import { ClusterSpec } from '../../fleet/fleet-schema';

/**
 * A new VPC shaped by the fleet's `vpc` entry: CIDR, availability zones and NAT gateways (one by
 * default, so each cluster holds one Elastic IP). The blueprint's own VpcProvider always creates
 * one NAT gateway per AZ.
 */
export class FleetVpcProvider implements ResourceProvider<ec2.IVpc> {
  public constructor(private readonly vpc: ClusterSpec['vpc']) {}

  public provide(context: ResourceContext): ec2.IVpc {
    return new ec2.Vpc(context.scope, `${context.scope.node.id}-vpc`, {
      ipAddresses: ec2.IpAddresses.cidr(this.vpc.cidr),
      maxAzs: this.vpc.maxAzs,
      natGateways: this.vpc.natGateways,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 },
      ],
    });
  }
}
