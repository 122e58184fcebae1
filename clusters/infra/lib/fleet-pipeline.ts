import * as blueprints from '@aws-quickstart/eks-blueprints';
import { aws_kms as kms, pipelines, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { Fleet } from '../../fleet/fleet-schema';
import { ClusterStackBuilder } from './cluster-stack-builder';
import { accountOf, gitHubRepository } from './fleet-names';
import { MonitoringStackBuilder } from './monitoring-stack-builder';
import { acknowledgePipelineFindings } from './nag-acknowledgements';

export interface FleetPipelineProps {
  /** The validated fleet. */
  readonly fleet: Fleet;
  /** Folder holding the rendered output (`dist/`), read for the AMP rule file. */
  readonly distRoot: string;
  /** Folder of the CDK app inside the repository; the pipeline synthesizes there. Default: clusters/infra. */
  readonly appPath?: string;
}

/** Stage (and wave) ids of the pipeline. */
export const PIPELINE_WAVES = { monitoring: 'monitoring', production: 'production' } as const;

/** Name of the CodePipeline and of its stack. */
export const PIPELINE_NAME = 'multi-account-observability';

/**
 * The pipeline account's CodePipeline (eks-blueprints' CodePipelineStack): on each commit of the
 * fleet's branch it synthesizes this app and deploys, in order, the monitoring account (Grafana:
 * the data-source roles trust its role, and the manager cluster reads its facts) and then every
 * workload cluster in parallel, after a manual approval when `pipeline.manualApproval` is set.
 */
export class FleetPipeline {
  public readonly stack: Stack;
  public readonly monitoring: MonitoringStackBuilder;
  public readonly clusters: ReadonlyMap<string, ClusterStackBuilder>;

  public constructor(scope: Construct, id: string, props: FleetPipelineProps) {
    const { fleet } = props;
    const appPath = props.appPath ?? 'clusters/infra';
    const source = gitHubRepository(fleet.repository.url);
    const pipelineAccount = accountOf(fleet, fleet.pipeline.account);

    this.monitoring = new MonitoringStackBuilder(fleet);
    const clusters = new Map<string, ClusterStackBuilder>();
    for (const clusterName of Object.keys(fleet.clusters).sort()) {
      clusters.set(clusterName, new ClusterStackBuilder({ fleet, clusterName, distRoot: props.distRoot }));
    }
    this.clusters = clusters;

    this.stack = blueprints.CodePipelineStack.builder()
      .name(PIPELINE_NAME)
      .owner(source.owner)
      .repository(
        fleet.pipeline.connectionArn
          ? { repoUrl: source.name, codeStarConnectionArn: fleet.pipeline.connectionArn, targetRevision: fleet.repository.revision, path: appPath }
          : { repoUrl: source.name, credentialsSecretName: fleet.pipeline.tokenSecretName, targetRevision: fleet.repository.revision, path: appPath },
      )
      // Stages deploy into other accounts, so the artifact bucket needs a KMS key they can use.
      .enableCrossAccountKeys()
      .wave({ id: PIPELINE_WAVES.monitoring, stages: [{ id: PIPELINE_WAVES.monitoring, stackBuilder: this.monitoring }] })
      .wave({
        id: PIPELINE_WAVES.production,
        stages: [...clusters.entries()].map(([clusterName, builder]) => ({ id: clusterName, stackBuilder: builder })),
        props: fleet.pipeline.manualApproval ? { pre: [new pipelines.ManualApprovalStep('approve-production', { comment: 'Deploy the workload clusters?' })] } : undefined,
      })
      .build(scope, id, {
        env: { account: pipelineAccount.id, region: pipelineAccount.region },
        stackName: PIPELINE_NAME,
        description: 'CodePipeline deploying the multi-account observability fleet',
      });
    fixSynthStep(this.stack, appPath);
  }

  /**
   * Builds the CodePipeline now (CDK Pipelines would otherwise do it during synthesis), so its
   * generated resources can be hardened and their cdk-nag findings given reasons. Call once every
   * stage is in, i.e. after the stages' asynchronous add-ons resolved.
   */
  public finalize(): void {
    const pipeline = codePipelineOf(this.stack);
    pipeline.buildPipeline();
    for (const node of pipeline.node.findAll()) {
      if (node instanceof kms.CfnKey) {
        node.enableKeyRotation = true;
      }
    }
    acknowledgePipelineFindings(pipeline);
  }
}

function codePipelineOf(stack: Stack): pipelines.CodePipeline {
  const pipeline = stack.node.findAll().find((construct): construct is pipelines.CodePipeline => construct instanceof pipelines.CodePipeline);
  if (!pipeline) {
    throw new Error('The eks-blueprints pipeline stack holds no CDK Pipelines CodePipeline; review clusters/infra/lib/fleet-pipeline.ts against the library version');
  }
  return pipeline;
}

/**
 * eks-blueprints' synth step installs an old CDK CLI globally, runs `npm install` and a `build`
 * script this repository does not have. Replace its commands in place (the step is only turned
 * into a buildspec at synthesis) with what this repository runs: the Node version of `.nvmrc`,
 * a locked install, the type check and the app's own synth.
 */
function fixSynthStep(stack: Stack, appPath: string): void {
  const synth = codePipelineOf(stack).synth;
  if (!(synth instanceof pipelines.ShellStep)) {
    throw new Error('The eks-blueprints pipeline no longer has a ShellStep synth step; review fixSynthStep in clusters/infra/lib/fleet-pipeline.ts against the library version');
  }
  synth.installCommands.splice(0, synth.installCommands.length, 'cd "$CODEBUILD_SRC_DIR" && n auto', 'cd "$CODEBUILD_SRC_DIR" && npm ci');
  synth.commands.splice(0, synth.commands.length, 'cd "$CODEBUILD_SRC_DIR" && npm run typecheck', `cd "$CODEBUILD_SRC_DIR/${appPath}" && npx cdk synth --quiet`);
}
