import {
  CodePipelineClient,
  GetPipelineExecutionCommand,
  GetPipelineStateCommand,
  ListPipelineExecutionsCommand,
  StartPipelineExecutionCommand,
} from '@aws-sdk/client-codepipeline';

export interface WatchPipelineOptions {
  readonly client: CodePipelineClient;
  readonly pipelineName: string;
  readonly region: string;
  /** Executions that started before this (ms since the epoch) belong to an earlier deploy. */
  readonly startedAfter: number;
  readonly progress: (line: string) => void;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
  /** Default: 15 s. */
  readonly pollMs?: number;
  /** Start an execution when none began this long after the deploy. Default: 2 min. */
  readonly startAfterMs?: number;
  /** Give up after. Default: 2 h (cluster creation takes about 20 min per wave). */
  readonly timeoutMs?: number;
}

export interface PipelineRunResult {
  readonly status: string;
  /** Final status per stage (wave), in pipeline order. */
  readonly stages: readonly { readonly name: string; readonly status: string }[];
}

const TERMINAL = ['Succeeded', 'Failed', 'Stopped', 'Cancelled'];

/**
 * Follows the pipeline run the deploy caused and reports each stage (Source, Build, UpdatePipeline,
 * then the waves) as its status changes. The pipeline updates itself first, which supersedes the
 * running execution; the newest execution is followed then.
 */
export async function watchPipeline(options: WatchPipelineOptions): Promise<PipelineRunResult> {
  const pollMs = options.pollMs ?? 15_000;
  const deadline = options.now() + (options.timeoutMs ?? 2 * 60 * 60_000);
  const startBy = options.now() + (options.startAfterMs ?? 2 * 60_000);
  const consoleUrl = `https://${options.region}.console.aws.amazon.com/codesuite/codepipeline/pipelines/${options.pipelineName}/view?region=${options.region}`;
  const reported = new Map<string, string>();
  let executionId: string | undefined;
  let approvalAnnounced = false;

  options.progress(`pipeline: following ${options.pipelineName} (${consoleUrl})`);
  while (options.now() < deadline) {
    const { pipelineExecutionSummaries = [] } = await options.client.send(new ListPipelineExecutionsCommand({ pipelineName: options.pipelineName, maxResults: 5 }));
    const newest = pipelineExecutionSummaries.find((summary) => (summary.startTime?.getTime() ?? 0) >= options.startedAfter);
    if (!newest && !executionId && options.now() >= startBy) {
      const started = await options.client.send(new StartPipelineExecutionCommand({ name: options.pipelineName }));
      options.progress(`pipeline: no run started by itself; started ${started.pipelineExecutionId ?? ''}`);
    }
    if (newest?.pipelineExecutionId && newest.pipelineExecutionId !== executionId) {
      if (executionId) options.progress(`pipeline: run ${executionId} was superseded (the pipeline updated itself); following ${newest.pipelineExecutionId}`);
      executionId = newest.pipelineExecutionId;
      reported.clear();
    }
    if (executionId) {
      const state = await options.client.send(new GetPipelineStateCommand({ name: options.pipelineName }));
      const stages = (state.stageStates ?? []).map((stage) => {
        // A stage not yet reached by this run still shows the previous run's result.
        const ours = stage.latestExecution?.pipelineExecutionId === executionId ? stage.latestExecution?.status : undefined;
        const failed = (stage.actionStates ?? []).find((action) => action.latestExecution?.status === 'Failed');
        const waiting = (stage.actionStates ?? []).find((action) => action.latestExecution?.status === 'InProgress' && /approv/i.test(action.actionName ?? ''));
        return { name: stage.stageName ?? '?', status: ours ?? 'Pending', failed, waiting };
      });
      for (const stage of stages) {
        if (reported.get(stage.name) !== stage.status && stage.status !== 'Pending') {
          reported.set(stage.name, stage.status);
          const detail = stage.status === 'Failed' && stage.failed ? ` (${stage.failed.actionName}: ${stage.failed.latestExecution?.errorDetails?.message ?? 'see the console'})` : '';
          options.progress(`  ${stage.name}: ${stage.status}${detail}`);
        }
        if (stage.waiting && !approvalAnnounced) {
          approvalAnnounced = true;
          options.progress(`  ${stage.name}: waiting for the manual approval "${stage.waiting.actionName}"; approve it in ${consoleUrl}`);
        }
      }
      const { pipelineExecution } = await options.client.send(new GetPipelineExecutionCommand({ pipelineName: options.pipelineName, pipelineExecutionId: executionId }));
      const status = pipelineExecution?.status ?? 'Unknown';
      if (TERMINAL.includes(status)) {
        return { status, stages: stages.map((stage) => ({ name: stage.name, status: stage.status })) };
      }
    }
    await options.sleep(pollMs);
  }
  return { status: 'TimedOut', stages: [...reported.entries()].map(([name, status]) => ({ name, status })) };
}
