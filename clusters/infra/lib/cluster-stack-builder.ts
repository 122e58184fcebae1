import * as blueprints from '@aws-quickstart/eks-blueprints';
import { aws_eks as eks, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { Fleet } from '../../fleet/fleet-schema';
import { runbookUrl } from '../../../platform/alerts/runbook-url';
import { awsLayerNamespaces, GRAFANA_FACTS, TELEMETRY_FACTS } from '../../../platform/cluster-facts';
import { appProjectKindPlaceholder, argocdHelmValues, argocdInstallation } from '../../../platform/gitops/argocd-installation';
import { alertTopicRoute, CloudWatchClusterAlarms } from './cloudwatch-cluster-alarms';
import { CollectorRoles } from './collector-roles';
import { FactsConfigMap } from './facts-config-map';
import { FleetClusterProvider } from './fleet-cluster-provider';
import { ampRemoteWriteRoleArn } from '../../fleet/derived-names';
import { accountOf, AMP_FACTS_PARAMETERS, bootstrapPath, GRAFANA_FACTS_PARAMETERS, ssmParameterArn } from './fleet-names';
import { FleetVpcProvider } from './fleet-vpc-provider';
import { acknowledgeClusterFindings } from './nag-acknowledgements';
import { SharedParameterReader } from './shared-parameter-reader';
import { TeamAccessEntries } from './team-access-entries';
import { TokenRotatorIdentity } from './token-rotator-identity';
import { AWS_LOAD_BALANCER_CONTROLLER_CHART_VERSION, POD_IDENTITY_AGENT_VERSION, VPC_CNI_VERSIONS } from './versions';

export interface ClusterStackBuilderProps {
  /** The validated fleet. */
  readonly fleet: Fleet;
  /** Fleet key of the cluster to build. */
  readonly clusterName: string;
}

/** What a built workload-cluster stack exposes to the pipeline and to tests. */
export interface ClusterStackParts {
  readonly stack: blueprints.EksBlueprint;
  readonly cluster: eks.ICluster;
  readonly collectors: CollectorRoles;
  readonly access: TeamAccessEntries;
  /** The AppProject kind registered before the argo-cd release. */
  readonly appProjectKind: eks.KubernetesManifest;
  /** The CloudWatch alarms of a cluster whose metrics go to CloudWatch. */
  readonly alarms?: CloudWatchClusterAlarms;
}

/**
 * Builds the stack of one workload cluster in its account: eks-blueprints' EksBlueprint (VPC,
 * bare EKS cluster, managed node group, ArgoCD bootstrapped to `dist/<cluster>/bootstrap`) plus
 * what the fleet needs around it: collector roles, access entries and the facts ConfigMaps (the
 * AMP workspace's, read from the AMP account, where metrics go to AMP). Roles other accounts
 * assume are in the account's access stack (`account-access-stack.ts`).
 */
export class ClusterStackBuilder implements blueprints.AsyncStackBuilder {
  /** Parts of the stacks built so far (one per stage that used this builder). */
  public readonly built: ClusterStackParts[] = [];
  private readonly pending: Promise<unknown>[] = [];

  public constructor(private readonly props: ClusterStackBuilderProps) {}

  public build(scope: Construct, id: string, stackProps?: StackProps): Stack {
    const { fleet, clusterName } = this.props;
    const spec = fleet.clusters[clusterName];
    if (!spec) {
      throw new Error(`Cluster "${clusterName}" is not in the fleet (known: ${Object.keys(fleet.clusters).join(', ')})`);
    }
    const account = accountOf(fleet, spec.account);
    const repository = fleet.repository;

    // Only an app exposed through a load balancer needs the controller (and its IAM role).
    const exposed = Object.values(fleet.teams).some((team) =>
      Object.values(team.apps).some((app) => app.exposure !== 'none' && app.clusters.includes(clusterName)),
    );
    const loadBalancing = exposed
      ? [new blueprints.AwsLoadBalancerControllerAddOn({ version: AWS_LOAD_BALANCER_CONTROLLER_CHART_VERSION, enableWaf: false, enableWafv2: false, enableShield: false })]
      : [];

    const argocd = argocdInstallation(repository.url);
    const stack = blueprints.EksBlueprint.builder()
      .account(account.id)
      .region(account.region)
      .version(eks.KubernetesVersion.of(spec.kubernetesVersion))
      .resourceProvider(blueprints.GlobalResources.Vpc, new FleetVpcProvider(spec.vpc, account.region))
      .resourceProvider(blueprints.GlobalResources.KmsKey, new blueprints.CreateKmsKeyProvider(undefined, { enableKeyRotation: true }))
      .clusterProvider(new FleetClusterProvider({ clusterName, spec }))
      .enableControlPlaneLogTypes(
        blueprints.ControlPlaneLogType.API,
        blueprints.ControlPlaneLogType.AUDIT,
        blueprints.ControlPlaneLogType.AUTHENTICATOR,
        blueprints.ControlPlaneLogType.CONTROLLER_MANAGER,
        blueprints.ControlPlaneLogType.SCHEDULER,
      )
      .addOns(
        // The managed VPC CNI with its network policy agent: without it every NetworkPolicy the
        // platform renders (default deny, declared flows) is accepted by the API and enforced by nothing.
        new blueprints.VpcCniAddOn({ version: VPC_CNI_VERSIONS[spec.kubernetesVersion], enableNetworkPolicy: true }),
        new blueprints.ArgoCDAddOn({
          version: argocd.version,
          release: argocd.releaseName,
          repository: argocd.repoUrl,
          namespace: argocd.namespace,
          bootstrapRepo: { repoUrl: repository.url, path: bootstrapPath(clusterName), targetRevision: repository.revision, name: 'bootstrap' },
          values: argocdHelmValues(repository.url),
        }),
        ...loadBalancing,
      )
      .build(scope, id, { ...stackProps, stackName: `${clusterName}-cluster`, description: `EKS cluster ${clusterName} of the multi-account observability fleet` });

    const cluster = stack.getClusterInfo().cluster;
    // Registered before the argo-cd release, which adopts it (see appProjectKindPlaceholder).
    const appProjectKind = new eks.KubernetesManifest(stack, 'ArgoCdAppProjectKind', {
      cluster,
      overwrite: true,
      manifest: [appProjectKindPlaceholder(argocd.namespace)],
    });
    const podIdentityAgent = new eks.CfnAddon(stack, 'PodIdentityAgent', {
      addonName: 'eks-pod-identity-agent',
      addonVersion: POD_IDENTITY_AGENT_VERSION,
      clusterName: cluster.clusterName,
      resolveConflicts: 'OVERWRITE',
    });

    const writesToAmp = spec.metrics.sink === 'amp';
    const isManager = fleet.grafana.managerCluster === clusterName;
    const ampAccount = accountOf(fleet, fleet.amp.account);
    const ampParameter = (name: string, id: string) => new SharedParameterReader(stack, id, { parameterArn: ssmParameterArn(ampAccount, name) }).value;
    const fleetUsesAmp = Object.values(fleet.clusters).some((cluster) => cluster.metrics.sink === 'amp');
    const ampEndpoint = writesToAmp || (isManager && fleetUsesAmp) ? ampParameter(AMP_FACTS_PARAMETERS.prometheusEndpoint, 'AmpEndpoint') : '';
    const ampWorkspaceId = writesToAmp ? ampParameter(AMP_FACTS_PARAMETERS.workspaceId, 'AmpWorkspaceId') : '';

    const collectors = new CollectorRoles(stack, 'Collectors', {
      cluster,
      clusterName,
      spec,
      ampRemoteWriteRoleArn: writesToAmp ? ampRemoteWriteRoleArn(fleet, spec.account) : undefined,
      podIdentityAgent,
    });
    const access = new TeamAccessEntries(stack, 'Access', { cluster, accountId: account.id, fleet });
    // AMP's ruler sees only AMP clusters: a CloudWatch cluster is alerted on by CloudWatch alarms.
    const alarms =
      spec.metrics.sink === 'cloudwatch'
        ? new CloudWatchClusterAlarms(stack, 'Alarms', { clusterName, route: alertTopicRoute(fleet, clusterName), runbookUrl: (alert) => runbookUrl(repository, alert) })
        : undefined;

    const ownNamespaces = new Map(awsLayerNamespaces(fleet.grafana.managerCluster === clusterName).map((namespace) => [namespace.name, namespace]));
    const ownNamespace = (name: string) => {
      const namespace = ownNamespaces.get(name);
      if (!namespace) throw new Error(`Namespace ${name} is not one the AWS layer owns on ${clusterName}`);
      return namespace;
    };
    new FactsConfigMap(stack, 'TelemetryFacts', {
      cluster,
      contract: TELEMETRY_FACTS,
      namespace: ownNamespace(TELEMETRY_FACTS.namespace),
      values: {
        ampRemoteWriteUrl: writesToAmp ? `${ampEndpoint}api/v1/remote_write` : '',
        ampWorkspaceId,
        region: account.region,
        clusterName,
        accountId: account.id,
      },
    });

    if (isManager) {
      const monitoring = accountOf(fleet, fleet.grafana.account);
      const url = new SharedParameterReader(stack, 'GrafanaUrl', { parameterArn: ssmParameterArn(monitoring, GRAFANA_FACTS_PARAMETERS.workspaceUrl) });
      const workspaceId = new SharedParameterReader(stack, 'GrafanaWorkspaceId', { parameterArn: ssmParameterArn(monitoring, GRAFANA_FACTS_PARAMETERS.workspaceId) });
      new FactsConfigMap(stack, 'GrafanaFacts', {
        cluster,
        contract: GRAFANA_FACTS,
        namespace: ownNamespace(GRAFANA_FACTS.namespace),
        values: { workspaceUrl: url.value, workspaceId: workspaceId.value, ampQueryUrl: ampEndpoint },
      });
      new TokenRotatorIdentity(stack, 'GrafanaTokenRotator', { cluster, clusterName, monitoringAccountId: monitoring.id, podIdentityAgent });
    }

    this.built.push({ stack, cluster, collectors, access, appProjectKind, alarms });
    return stack;
  }

  public buildAsync(scope: Construct, id: string, stackProps?: StackProps): Promise<Stack> {
    const stack = this.build(scope, id, stackProps);
    const parts = this.built[this.built.length - 1];
    const done = parts.stack.waitForAsyncTasks().then(() => {
      argocdHelmChart(parts.stack).node.addDependency(parts.appProjectKind);
      // eks-blueprints adds the ArgoCD chart (and with it the kubectl provider) asynchronously.
      acknowledgeClusterFindings(stack);
      return stack;
    });
    this.pending.push(done);
    return done;
  }

  /** Resolves once every stack built so far is complete (asynchronous add-ons included). */
  public async whenBuilt(): Promise<void> {
    await Promise.all(this.pending);
  }
}

/** The argo-cd Helm chart eks-blueprints' ArgoCD add-on adds to `stack` (asynchronously). */
export function argocdHelmChart(stack: Stack): eks.HelmChart {
  const charts = stack.node.findAll().filter((construct): construct is eks.HelmChart => construct instanceof eks.HelmChart && construct.node.id.includes('argocd-addon'));
  if (charts.length !== 1) throw new Error(`Expected one ArgoCD Helm chart in ${stack.stackName}, found ${charts.length}`);
  return charts[0];
}
