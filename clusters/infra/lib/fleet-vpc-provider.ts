import { ResourceContext, ResourceProvider } from '@aws-quickstart/eks-blueprints';
import { App, aws_ec2 as ec2, cloud_assembly_schema as cxschema } from 'aws-cdk-lib';
import { defaultAvailabilityZones } from '../../fleet/aws-regions';
import { ClusterSpec, Fleet } from '../../fleet/fleet-schema';

/**
 * A new VPC shaped by the fleet's `vpc` entry: CIDR, availability zones and NAT gateways (one by
 * default, so each cluster holds one Elastic IP). The blueprint's own VpcProvider always creates
 * one NAT gateway per AZ. The zones are named, never looked up: `maxAzs` alone makes an
 * environment-specific stack ask AWS (a context lookup that needs credentials and writes
 * cdk.context.json).
 */
export class FleetVpcProvider implements ResourceProvider<ec2.IVpc> {
  public constructor(
    private readonly vpc: ClusterSpec['vpc'],
    private readonly region: string,
  ) {}

  public provide(context: ResourceContext): ec2.IVpc {
    return new ec2.Vpc(context.scope, `${context.scope.node.id}-vpc`, {
      ipAddresses: ec2.IpAddresses.cidr(this.vpc.cidr),
      availabilityZones: clusterAvailabilityZones(this.vpc, this.region),
      natGateways: this.vpc.natGateways,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 },
      ],
    });
  }
}

/** The zones a cluster's VPC spreads over: the fleet's list, or the region's default rule. */
export function clusterAvailabilityZones(vpc: ClusterSpec['vpc'], region: string): string[] {
  return vpc.availabilityZones ?? defaultAvailabilityZones(region, vpc.maxAzs);
}

/**
 * Gives the app, as context, the availability zones of every account and region that runs a
 * cluster. ec2.Vpc checks its zones against `Stack.availabilityZones`, which in an
 * environment-specific stack is a context lookup (AWS credentials, then cdk.context.json);
 * answering it from the fleet keeps synthesis offline for any account. Call on a new App.
 */
export function supplyAvailabilityZones(app: App, fleet: Fleet): void {
  const zones = new Map<string, Set<string>>();
  for (const cluster of Object.values(fleet.clusters)) {
    const account = fleet.accounts[cluster.account];
    const key = `${cxschema.ContextProvider.AVAILABILITY_ZONE_PROVIDER}:account=${account.id}:region=${account.region}`;
    const known = zones.get(key) ?? new Set<string>();
    for (const zone of clusterAvailabilityZones(cluster.vpc, account.region)) known.add(zone);
    zones.set(key, known);
  }
  for (const [key, names] of zones) app.node.setContext(key, [...names].sort());
}
