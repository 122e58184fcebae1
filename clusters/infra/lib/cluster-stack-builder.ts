import { join } from 'node:path';
import * as blueprints from '@aws-quickstart/eks-blueprints';
import { aws_eks as eks, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { Fleet } from '../../fleet/fleet-schema';
import { awsLayerNamespaces, GRAFANA_FACTS, TELEMETRY_FACTS } from '../../../platform/cluster-facts';
import { appProjectKindPlaceholder, argocdHelmValues, argocdInstallation } from '../../../platform/gitops/argocd-installation';
import { CLUSTER_ABSENT_ALERT } from '../../../platform/alerts/meta-monitoring';
import { runbookUrl } from '../../../platform/alerts/runbook-url';
import { AmpWorkspace } from './amp-workspace';
import { CollectorRoles } from './collector-roles';
import { ampReadStatements, cloudWatchReadStatements, DataSourceRole } from './data-source-role';
import { FactsConfigMap } from './facts-config-map';
import { FleetClusterProvider } from './fleet-cluster-provider';
import {
  accountOf,
  AMP_DATA_SOURCE_ROLE_NAME,
  bootstrapPath,
  CLOUDWATCH_DATA_SOURCE_ROLE_NAME,
  GRAFANA_FACTS_PARAMETERS,
  GRAFANA_WORKSPACE_ROLE_NAME,
  roleArn,
  ssmParameterArn,
} from './fleet-names';
import { FleetVpcProvider } from './fleet-vpc-provider';
import { acknowledgeClusterFindings } from './nag-acknowledgements';
import { SharedParameterReader } from './shared-parameter-reader';
import { TeamAccessEntries } from './team-access-entries';
import { TokenRotatorIdentity } from './token-rotator-identity';
import { AWS_LOAD_BALANCER_CONTROLLER_CHART_VERSION, POD_IDENTITY_AGENT_VERSION } from './versions';

export interface ClusterStackBuilderProps {
  /** The validated fleet. */
  readonly fleet: Fleet;
  /** Fleet key of the cluster to build. */
  readonly clusterName: string;
  /** Folder holding the rendered output (`dist/`); the AMP rule file is read from `<distRoot>/amp/rules.yaml`. */
  readonly distRoot: string;
}

/** What a built workload-cluster stack exposes to the pipeline and to tests. */
export interface ClusterStackParts {
  readonly stack: blueprints.EksBlueprint;
  readonly cluster: eks.ICluster;
  readonly collectors: CollectorRoles;
  readonly access: TeamAccessEntries;
  readonly amp?: AmpWorkspace;
  /** The AppProject kind registered before the argo-cd release. */
  readonly appProjectKind: eks.KubernetesManifest;
}

/**
 * Builds the stack of one workload cluster in its account: eks-blueprints' EksBlueprint (VPC,
 * bare EKS cluster, managed node group, ArgoCD bootstrapped to `dist/<cluster>/bootstrap`) plus
 * what the fleet needs around it: collector roles, data-source role, access entries, the AMP
 * workspace where metrics go to AMP, and the facts ConfigMaps.
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
      .resourceProvider(blueprints.GlobalResources.Vpc, new FleetVpcProvider(spec.vpc))
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

    const grafanaRoleArn = roleArn(accountOf(fleet, fleet.grafana.account).id, GRAFANA_WORKSPACE_ROLE_NAME);
    let amp: AmpWorkspace | undefined;
    if (spec.metrics.sink === 'amp') {
      amp = new AmpWorkspace(stack, 'Amp', {
        alias: fleet.amp.alias,
        rulesFile: join(this.props.distRoot, 'amp', 'rules.yaml'),
        ingestionRunbookUrl: runbookUrl(repository, CLUSTER_ABSENT_ALERT),
      });
      new DataSourceRole(stack, 'AmpDataSource', {
        roleName: AMP_DATA_SOURCE_ROLE_NAME,
        grafanaWorkspaceRoleArn: grafanaRoleArn,
        statements: ampReadStatements(amp.workspace.attrArn),
      });
    } else {
      new DataSourceRole(stack, 'CloudWatchDataSource', {
        roleName: CLOUDWATCH_DATA_SOURCE_ROLE_NAME,
        grafanaWorkspaceRoleArn: grafanaRoleArn,
        statements: cloudWatchReadStatements(),
      });
    }

    const collectors = new CollectorRoles(stack, 'Collectors', {
      cluster,
      clusterName,
      spec,
      ampWorkspaceArn: amp?.workspace.attrArn,
      podIdentityAgent,
    });
    const access = new TeamAccessEntries(stack, 'Access', { cluster, accountId: account.id, fleet });

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
        ampRemoteWriteUrl: amp?.remoteWriteUrl ?? '',
        ampWorkspaceId: amp?.workspace.attrWorkspaceId ?? '',
        region: account.region,
        clusterName,
        accountId: account.id,
      },
    });

    if (fleet.grafana.managerCluster === clusterName) {
      const monitoring = accountOf(fleet, fleet.grafana.account);
      const url = new SharedParameterReader(stack, 'GrafanaUrl', { parameterArn: ssmParameterArn(monitoring, GRAFANA_FACTS_PARAMETERS.workspaceUrl) });
      const workspaceId = new SharedParameterReader(stack, 'GrafanaWorkspaceId', { parameterArn: ssmParameterArn(monitoring, GRAFANA_FACTS_PARAMETERS.workspaceId) });
      new FactsConfigMap(stack, 'GrafanaFacts', {
        cluster,
        contract: GRAFANA_FACTS,
        namespace: ownNamespace(GRAFANA_FACTS.namespace),
        // The fleet rules put the Grafana manager on the AMP cluster, so the workspace is here.
        values: { workspaceUrl: url.value, workspaceId: workspaceId.value, ampQueryUrl: amp?.workspace.attrPrometheusEndpoint ?? '' },
      });
      new TokenRotatorIdentity(stack, 'GrafanaTokenRotator', { cluster, clusterName, monitoringAccountId: monitoring.id, podIdentityAgent });
    }

    this.built.push({ stack, cluster, collectors, access, amp, appProjectKind });
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
