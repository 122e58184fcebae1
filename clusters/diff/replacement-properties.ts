/**
 * Properties whose change makes CloudFormation replace the resource (create a new one, then
 * delete the old), for the resource types the AWS layer's stacks use. From the CloudFormation
 * resource reference ("Update requires: Replacement", the registry schemas' create-only
 * properties); the CDK EKS cluster entry from aws-cdk-lib's cluster resource handler, which
 * creates a new cluster when these change. A type missing here has no such property, or is not
 * used; `replacement-properties.test.ts` checks the table against the resource database the
 * pinned aws-cdk CLI ships.
 */
export const REPLACEMENT_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  'AWS::APS::RuleGroupsNamespace': ['Name', 'Workspace'],
  'AWS::APS::Workspace': ['KmsKeyArn'],
  'AWS::CodeBuild::Project': ['Name'],
  'AWS::CodePipeline::Pipeline': ['Name'],
  'AWS::CodePipeline::Webhook': ['Name'],
  'AWS::EC2::EIP': ['Address', 'Domain', 'IpamPoolId', 'NetworkBorderGroup', 'TransferAddress'],
  'AWS::EC2::NatGateway': ['AllocationId', 'AvailabilityMode', 'ConnectivityType', 'PrivateIpAddress', 'SubnetId', 'VpcId'],
  'AWS::EC2::Route': ['DestinationCidrBlock', 'DestinationIpv6CidrBlock', 'DestinationPrefixListId', 'RouteTableId'],
  'AWS::EC2::RouteTable': ['VpcId'],
  'AWS::EC2::SecurityGroup': ['GroupDescription', 'GroupName', 'VpcId'],
  'AWS::EC2::SecurityGroupEgress': ['CidrIp', 'CidrIpv6', 'DestinationPrefixListId', 'DestinationSecurityGroupId', 'FromPort', 'GroupId', 'IpProtocol', 'ToPort'],
  'AWS::EC2::SecurityGroupIngress': ['CidrIp', 'CidrIpv6', 'FromPort', 'GroupId', 'GroupName', 'IpProtocol', 'SourcePrefixListId', 'SourceSecurityGroupId', 'SourceSecurityGroupName', 'SourceSecurityGroupOwnerId', 'ToPort'],
  'AWS::EC2::Subnet': ['AvailabilityZone', 'AvailabilityZoneId', 'CidrBlock', 'Ipv4IpamPoolId', 'Ipv4NetmaskLength', 'Ipv6IpamPoolId', 'Ipv6Native', 'Ipv6NetmaskLength', 'OutpostArn', 'VpcId'],
  'AWS::EC2::SubnetRouteTableAssociation': ['RouteTableId', 'SubnetId'],
  'AWS::EC2::VPC': ['CidrBlock', 'Ipv4IpamPoolId', 'Ipv4NetmaskLength'],
  'AWS::EC2::VPCGatewayAttachment': ['VpcId'],
  'AWS::EKS::AccessEntry': ['ClusterName', 'PrincipalArn', 'Type'],
  'AWS::EKS::Addon': ['AddonName', 'ClusterName', 'NamespaceConfig'],
  'AWS::EKS::Nodegroup': ['AmiType', 'CapacityType', 'ClusterName', 'DiskSize', 'InstanceTypes', 'NodeRole', 'NodegroupName', 'RemoteAccess', 'Subnets'],
  'AWS::EKS::PodIdentityAssociation': ['ClusterName', 'Namespace', 'ServiceAccount'],
  'AWS::Grafana::Workspace': ['ClientToken'],
  'AWS::IAM::ManagedPolicy': ['Description', 'ManagedPolicyName', 'Path'],
  'AWS::IAM::Role': ['Path', 'RoleName'],
  'AWS::KMS::Alias': ['AliasName'],
  'AWS::Lambda::Function': ['FunctionName', 'PackageType', 'TenancyConfig'],
  'AWS::Lambda::LayerVersion': ['CompatibleArchitectures', 'CompatibleRuntimes', 'Content', 'Description', 'LayerName', 'LicenseInfo'],
  'AWS::S3::Bucket': ['BucketName', 'BucketNamePrefix', 'BucketNamespace', 'ObjectLockEnabled'],
  'AWS::S3::BucketPolicy': ['Bucket'],
  'AWS::SNS::Topic': ['FifoTopic', 'TopicName'],
  'AWS::SSM::Parameter': ['Name'],
  'AWS::StepFunctions::StateMachine': ['StateMachineName', 'StateMachineType'],
  // The CDK EKS cluster (a custom resource): a new name or role, or a changed bootstrap setting,
  // makes its handler create a new cluster.
  'Custom::AWSCDK-EKS-Cluster': ['Config.name', 'Config.roleArn', 'Config.accessConfig.bootstrapClusterCreatorAdminPermissions', 'Config.bootstrapSelfManagedAddons'],
};

/**
 * The replacing properties among `changedPaths` (jq-like field paths under `.Properties`, e.g.
 * `.Properties.Config.name`) for a resource of `type`.
 */
export function replacingProperties(type: string, changedPaths: readonly string[]): string[] {
  const properties = REPLACEMENT_PROPERTIES[type] ?? [];
  return properties.filter((property) => changedPaths.some((path) => path === `.Properties.${property}` || path.startsWith(`.Properties.${property}.`) || path.startsWith(`.Properties.${property}[`)));
}
