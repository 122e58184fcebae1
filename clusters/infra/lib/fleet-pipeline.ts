import * as blueprints from '@aws-quickstart/eks-blueprints';
import { aws_kms as kms, pipelines, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { Fleet } from '../../fleet/fleet-schema';
import { accessAccounts } from '../../fleet/derived-names';
import { AccountAccessStack } from './account-access-stack';
import { AmpStack } from './amp-stack';
import { ClusterStackBuilder } from './cluster-stack-builder';
import { accountOf, gitHubRepository } from './fleet-names';
import { ampWriterAccounts } from '../../fleet/derived-names';
import { FleetStackBuilder } from './fleet-stack-builder';
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
export const PIPELINE_WAVES = { monitoring: 'monitoring', production: 'production', access: 'access' } as const;

/** Stage id of the AMP workspace (monitoring wave) and of an account's access stack (access wave). */
export const AMP_STAGE = 'amp-workspace';
export function accessStageId(account: string): string {
  return `${account}-access`;
}

/** Name of the CodePipeline and of its stack. */
export const PIPELINE_NAME = 'multi-account-observability';

/**
 * The pipeline account's CodePipeline (eks-blueprints' CodePipelineStack): on each commit of the
 * fleet's branch it synthesizes this app and deploys three waves:
 *
 * 1. `monitoring`: the Grafana workspace (the data-source roles trust its role; the manager cluster
 *    reads its facts) and the AMP workspace (the AMP clusters read its facts);
 * 2. `production`: every workload cluster in parallel, after a manual approval when
 *    `pipeline.manualApproval` is set;
 * 3. `access`: each account's cross-account roles, which trust roles created by the waves before
 *    (IAM refuses a trust naming a role that does not exist yet).
 */
export class FleetPipeline {
  public readonly stack: Stack;
  public readonly monitoring: MonitoringStackBuilder;
  /** The AMP workspace's stack; absent when no cluster writes to AMP. */
  public readonly amp?: FleetStackBuilder<AmpStack>;
  public readonly clusters: ReadonlyMap<string, ClusterStackBuilder>;
  /** Access stacks by account key. */
  public readonly access: ReadonlyMap<string, FleetStackBuilder<AccountAccessStack>>;

  public constructor(scope: Construct, id: string, props: FleetPipelineProps) {
    const { fleet } = props;
    const appPath = props.appPath ?? 'clusters/infra';
    const source = gitHubRepository(fleet.repository.url);
    const pipelineAccount = accountOf(fleet, fleet.pipeline.account);
    const connectionArn = fleet.pipeline.connectionArn;
    if (connectionArn === undefined) {
      throw new Error(
        'pipeline.connectionArn is not set in the fleet file: create an AWS CodeConnections connection to the repository host in the pipeline account, authorize it in the console, and write its ARN there (see clusters/infra/README.md).',
      );
    }

    this.monitoring = new MonitoringStackBuilder(fleet);
    const clusters = new Map<string, ClusterStackBuilder>();
    for (const clusterName of Object.keys(fleet.clusters).sort()) {
      clusters.set(clusterName, new ClusterStackBuilder({ fleet, clusterName }));
    }
    this.clusters = clusters;
    if (ampWriterAccounts(fleet).length > 0) {
      this.amp = new FleetStackBuilder(
        (scope, id, stackProps) =>
          new AmpStack(scope, id, { ...stackProps, fleet, distRoot: props.distRoot, stackName: 'amp-workspace', description: 'The AMP workspace every AMP cluster of the fleet writes to' }),
      );
    }
    const access = new Map<string, FleetStackBuilder<AccountAccessStack>>();
    for (const account of accessAccounts(fleet)) {
      access.set(
        account,
        new FleetStackBuilder(
          (scope, id, stackProps) =>
            new AccountAccessStack(scope, id, {
              ...stackProps,
              fleet,
              account,
              stackName: 'telemetry-access',
              description: `Roles other accounts assume to read or write the telemetry of account ${account}`,
            }),
        ),
      );
    }
    this.access = access;
    const monitoringStages = [
      { id: PIPELINE_WAVES.monitoring, stackBuilder: this.monitoring as blueprints.StackBuilder },
      ...(this.amp ? [{ id: AMP_STAGE, stackBuilder: this.amp }] : []),
    ];

    this.stack = blueprints.CodePipelineStack.builder()
      .name(PIPELINE_NAME)
      .owner(source.owner)
      // An AWS CodeConnections connection, authorized once in the console: no personal token.
      .repository({
        repoUrl: source.name,
        codeStarConnectionArn: connectionArn,
        targetRevision: fleet.repository.revision,
        path: appPath,
      })
      // Stages deploy into other accounts, so the artifact bucket needs a KMS key they can use.
      .enableCrossAccountKeys()
      .wave({ id: PIPELINE_WAVES.monitoring, stages: monitoringStages })
      .wave({
        id: PIPELINE_WAVES.production,
        stages: [...clusters.entries()].map(([clusterName, builder]) => ({ id: clusterName, stackBuilder: builder })),
        props: fleet.pipeline.manualApproval ? { pre: [new pipelines.ManualApprovalStep('approve-production', { comment: 'Deploy the workload clusters?' })] } : undefined,
      })
      .wave({ id: PIPELINE_WAVES.access, stages: [...access.entries()].map(([account, builder]) => ({ id: accessStageId(account), stackBuilder: builder })) })
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
    // Stages in other regions than the pipeline's get a replication bucket and key each, in a
    // support stack CodePipeline adds next to the pipeline stack: harden them the same way.
    const supportStacks = this.stack.node.scope?.node.children.filter((child): child is Stack => child instanceof Stack && child.node.id.startsWith('cross-region-stack-')) ?? [];
    for (const scope of [pipeline, ...supportStacks]) {
      for (const node of scope.node.findAll()) {
        if (node instanceof kms.CfnKey) {
          node.enableKeyRotation = true;
        }
      }
      acknowledgePipelineFindings(scope);
    }
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
