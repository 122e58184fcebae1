import { ArnFormat, aws_eks as eks, aws_iam as iam, Stack } from 'aws-cdk-lib';
import { rules } from './nag-rules';
import { Construct, IDependable } from 'constructs';
import { collectorRoleName } from '../../fleet/derived-names';
import { ClusterSpec } from '../../fleet/fleet-schema';
import { CollectorIdentity, METRICS_COLLECTOR, TRACES_COLLECTOR } from '../../../platform/telemetry/collector-identities';
import { acknowledgeFindings } from './nag-acknowledgements';

export interface CollectorRolesProps {
  /** The cluster the collectors run in; its name is the fleet key. */
  readonly cluster: eks.ICluster;
  /** Fleet key of the cluster (also the EKS cluster name). */
  readonly clusterName: string;
  /** The cluster's fleet entry; `metrics.sink` decides what the metrics role may write. */
  readonly spec: ClusterSpec;
  /** ARN of the AMP workspace; required when `spec.metrics.sink` is `amp`. */
  readonly ampWorkspaceArn?: string;
  /** The Pod Identity Agent add-on; associations are created after it. Default: no ordering. */
  readonly podIdentityAgent?: IDependable;
}

/**
 * IAM roles of the ADOT collectors, each bound by an EKS Pod Identity association to exactly the
 * service account `platform/telemetry/collector-identities.ts` names. Pod Identity (rather than
 * IRSA) keeps the rendered service accounts free of AWS annotations and the trust policy free of
 * cluster-specific OIDC tokens; the trust still names the one cluster, namespace and service account.
 */
export class CollectorRoles extends Construct {
  public readonly metricsRole: iam.Role;
  public readonly tracesRole: iam.Role;

  public constructor(scope: Construct, id: string, props: CollectorRolesProps) {
    super(scope, id);
    this.metricsRole = this.boundRole('Metrics', props, METRICS_COLLECTOR);
    this.tracesRole = this.boundRole('Traces', props, TRACES_COLLECTOR);

    const stack = Stack.of(this);
    if (props.spec.metrics.sink === 'amp') {
      if (!props.ampWorkspaceArn) {
        throw new Error(`Cluster "${props.clusterName}" sends metrics to AMP but no AMP workspace ARN was given; create the AmpWorkspace in the cluster's stack first`);
      }
      this.metricsRole.addToPolicy(new iam.PolicyStatement({ actions: ['aps:RemoteWrite'], resources: [props.ampWorkspaceArn] }));
    } else {
      const logGroupPrefix = `/aws/containerinsights/${props.clusterName}/`;
      this.metricsRole.addToPolicy(
        new iam.PolicyStatement({
          actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams', 'logs:PutRetentionPolicy'],
          resources: [
            stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: `${logGroupPrefix}*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
          ],
        }),
      );
      // PutMetricData supports no resource ARN; the namespace condition is what narrows it.
      this.metricsRole.addToPolicy(
        new iam.PolicyStatement({
          actions: ['cloudwatch:PutMetricData'],
          resources: ['*'],
          conditions: { StringLike: { 'cloudwatch:namespace': 'ContainerInsights/*' } },
        }),
      );
    }
    // X-Ray write APIs take no resource ARN.
    this.tracesRole.addToPolicy(
      new iam.PolicyStatement({
        actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets', 'xray:GetSamplingStatisticSummaries'],
        resources: ['*'],
      }),
    );
    acknowledgeFindings(
      this.metricsRole,
      'AwsSolutions-IAM5',
      rules.iam.IAMNoWildcardPermissions,
      'EMF writes are limited to log groups under this cluster\'s /aws/containerinsights/<cluster>/ prefix; cloudwatch:PutMetricData accepts no resource ARN and is limited by a ContainerInsights/* namespace condition.',
    );
    acknowledgeFindings(this.tracesRole, 'AwsSolutions-IAM5', rules.iam.IAMNoWildcardPermissions, 'X-Ray PutTraceSegments, PutTelemetryRecords and sampling APIs accept no resource ARN.');
  }

  private boundRole(id: string, props: CollectorRolesProps, collector: CollectorIdentity): iam.Role {
    const stack = Stack.of(this);
    const clusterArn = stack.formatArn({ service: 'eks', resource: 'cluster', resourceName: props.clusterName });
    const role = new iam.Role(this, `${id}Role`, {
      roleName: collectorRoleName(props.clusterName, collector),
      description: `ADOT ${collector.name} collector of ${props.clusterName} (${collector.namespace}/${collector.serviceAccount})`,
      // Pod Identity assumes the role with session tags naming the cluster, namespace and service
      // account, so the trust checks them (and TagSession is allowed alongside AssumeRole).
      assumedBy: new iam.ServicePrincipal('pods.eks.amazonaws.com', {
        conditions: {
          StringEquals: {
            'aws:SourceAccount': stack.account,
            'aws:RequestTag/eks-cluster-name': props.clusterName,
            'aws:RequestTag/kubernetes-namespace': collector.namespace,
            'aws:RequestTag/kubernetes-service-account': collector.serviceAccount,
          },
          ArnEquals: { 'aws:SourceArn': clusterArn },
        },
      }).withSessionTags(),
    });
    const association = new eks.CfnPodIdentityAssociation(this, `${id}Association`, {
      clusterName: props.cluster.clusterName,
      namespace: collector.namespace,
      serviceAccount: collector.serviceAccount,
      roleArn: role.roleArn,
    });
    if (props.podIdentityAgent) {
      association.node.addDependency(props.podIdentityAgent);
    }
    return role;
  }
}
