import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { Fleet } from '../fleet/fleet-schema';
import { PIPELINE_NAME } from '../infra/lib/fleet-pipeline';
import { bootstrapArguments } from './bootstrap-plan';
import { clientConfig, fleetAccounts, profileOf } from './fleet-accounts';
import { watchPipeline } from './pipeline-run';
import { formatProblems, runPreflight } from './preflight';

/** Runs a command with the terminal attached and resolves with its exit code; tests stub it. */
export type Spawner = (command: string, args: readonly string[], options: { readonly cwd: string }) => Promise<number>;

export const spawnWithTerminal: Spawner = (command, args, options) =>
  new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { cwd: options.cwd, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code ?? 1));
  });

export interface DeployOptions {
  readonly fleet: Fleet;
  /** Repository root; the CDK app is in clusters/infra under it. */
  readonly repositoryRoot: string;
  /** Print the commands and stop after the (read-only) preflight. Default: false. */
  readonly dryRun?: boolean;
  readonly skipOrganizationChecks?: boolean;
  /** GitHub token stored as the pipeline's source secret when that is missing. Default: $GITHUB_TOKEN. */
  readonly gitHubToken?: string;
  /** Do not wait for the pipeline run. Default: false. */
  readonly noWait?: boolean;
  readonly spawn?: Spawner;
  readonly progress?: (line: string) => void;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
  readonly pollMs?: number;
}

/** The CDK CLI as the repository pins it. */
const CDK = { command: 'npx', prefix: ['cdk'] } as const;

/**
 * `make deploy`: preflight (read-only, every problem at once), bootstrap of every account the
 * fleet implies (skipping those already current), deploy of the pipeline stack, then the pipeline
 * run, wave by wave. Returns the exit code.
 */
export async function deploy(options: DeployOptions): Promise<number> {
  const progress = options.progress ?? ((line: string) => console.log(line));
  const run = options.spawn ?? spawnWithTerminal;
  const infraDir = join(options.repositoryRoot, 'clusters', 'infra');
  const { fleet } = options;

  progress('[1/4] preflight (read-only)');
  const preflight = await runPreflight(fleet, { skipOrganizationChecks: options.skipOrganizationChecks, gitHubToken: options.gitHubToken, progress: (line) => progress(`  ${line}`) });
  if (preflight.problems.length > 0) {
    progress(formatProblems(preflight.problems));
    return 1;
  }

  for (const action of preflight.actions) progress(`  to do: ${action.what}`);
  const commands: { readonly what: string; readonly args: string[] }[] = [];
  for (const state of preflight.bootstrap) {
    const where = `aws://${state.target.account.id}/${state.target.region} (${state.target.account.key})`;
    if (state.upToDate) {
      progress(`  bootstrap of ${where}: version ${state.version}, trusts ${state.trusted.join(', ') || 'no other account'}; nothing to do`);
    } else {
      commands.push({ what: `bootstrap ${where}${state.version ? ` (version ${state.version} now)` : ''}`, args: [...CDK.prefix, ...bootstrapArguments(state.target)] });
    }
  }
  const pipelineAccount = fleetAccounts(fleet).find((account) => account.key === fleet.pipeline.account);
  if (!pipelineAccount) throw new Error(`pipeline.account "${fleet.pipeline.account}" names no account`);
  commands.push({ what: `deploy the pipeline stack ${PIPELINE_NAME}`, args: [...CDK.prefix, 'deploy', 'pipeline', '--profile', profileOf(pipelineAccount.key)] });

  if (options.dryRun) {
    progress('Preflight passed. These calls and commands would run:');
    for (const action of preflight.actions) progress(`  ${action.call}`);
    progress(`  in ${infraDir}:`);
    for (const command of commands) progress(`  ${CDK.command} ${command.args.join(' ')}`);
    progress(`then the run of CodePipeline ${PIPELINE_NAME} in aws://${pipelineAccount.id}/${pipelineAccount.region} is followed wave by wave. Dry run: nothing was changed.`);
    return 0;
  }

  const now = options.now ?? Date.now;
  const bootstraps = commands.slice(0, -1);
  for (const action of preflight.actions) {
    progress(`  ${action.what}: ${action.call}`);
    await action.run();
  }
  progress(`[2/4] bootstrap: ${bootstraps.length} of ${preflight.bootstrap.length} account-regions need it`);
  for (const command of bootstraps) {
    progress(`  ${command.what}: ${CDK.command} ${command.args.join(' ')}`);
    const code = await run(CDK.command, command.args, { cwd: infraDir });
    if (code !== 0) {
      progress(`  failed with exit code ${code}; fix what the CDK CLI printed above and run make deploy again (finished steps are skipped)`);
      return code;
    }
  }

  const deployCommand = commands[commands.length - 1];
  progress(`[3/4] ${deployCommand.what}: ${CDK.command} ${deployCommand.args.join(' ')}`);
  const deployStarted = now();
  const deployCode = await run(CDK.command, deployCommand.args, { cwd: infraDir });
  if (deployCode !== 0) {
    progress(`  failed with exit code ${deployCode}; see the CloudFormation events of ${PIPELINE_NAME} in the pipeline account`);
    return deployCode;
  }

  if (options.noWait) {
    progress('[4/4] not waiting for the pipeline run (--no-wait); run make verify once it finished');
    return 0;
  }
  progress('[4/4] pipeline run');
  const result = await watchPipeline({
    client: new CodePipelineClient(clientConfig(pipelineAccount)),
    pipelineName: PIPELINE_NAME,
    region: pipelineAccount.region,
    // A minute of slack for clock skew between this machine and AWS.
    startedAfter: deployStarted - 60_000,
    progress,
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    now,
    pollMs: options.pollMs,
  });
  progress(`pipeline run ${result.status}: ${result.stages.map((stage) => `${stage.name} ${stage.status}`).join(', ')}`);
  if (result.status === 'Succeeded') progress('Next: make verify (ArgoCD needs a few minutes to sync the clusters).');
  return result.status === 'Succeeded' ? 0 : 1;
}
