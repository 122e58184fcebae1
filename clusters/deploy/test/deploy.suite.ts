import {
  CodePipelineClient,
  GetPipelineExecutionCommand,
  GetPipelineStateCommand,
  ListPipelineExecutionsCommand,
  StartPipelineExecutionCommand,
} from '@aws-sdk/client-codepipeline';
import { EnableSharingWithAwsOrganizationCommand, RAMClient } from '@aws-sdk/client-ram';
import { mockClient } from 'aws-sdk-client-mock';
import { join } from 'node:path';
import { cliBootstrapVersion, EXECUTION_POLICY } from '../bootstrap-plan';
import { deploy, Spawner } from '../deploy';
import { runPreflight } from '../preflight';
import { cleanWorld, deployFleet, FakeAwsMocks, FakeWorld, IDS, mockAws } from './fake-aws';

const ROOT = join(__dirname, '..', '..', '..');

let mocks: FakeAwsMocks | undefined;
afterEach(() => mocks?.restore());

function recordingSpawner(code = 0): { spawn: Spawner; calls: string[] } {
  const calls: string[] = [];
  return { calls, spawn: async (command, args) => (calls.push([command, ...args].join(' ')), code) };
}

async function dryRun(world: FakeWorld, fleet = deployFleet(), options: { skipOrganizationChecks?: boolean } = {}) {
  mocks = mockAws(world);
  const lines: string[] = [];
  const spawner = recordingSpawner();
  const code = await deploy({ fleet, repositoryRoot: ROOT, dryRun: true, spawn: spawner.spawn, progress: (line) => lines.push(line), ...options });
  return { code, output: lines.join('\n'), spawned: spawner.calls };
}

async function problemsOf(world: FakeWorld, fleet = deployFleet()) {
  mocks = mockAws(world);
  return (await runPreflight(fleet, {})).problems;
}

describe('make deploy -- --dry-run on a clean fleet', () => {
  it('passes the preflight and prints every bootstrap with the trust the fleet implies, then the pipeline deploy', async () => {
    const { code, output, spawned } = await dryRun(cleanWorld());
    expect(code).toBe(0);
    expect(spawned).toEqual([]);
    const commands = output.split('\n').filter((line) => line.startsWith('  npx cdk'));
    expect(commands).toEqual([
      `  npx cdk bootstrap aws://${IDS.pipeline}/eu-west-1 --profile pipeline --cloudformation-execution-policies ${EXECUTION_POLICY}`,
      // CDK Pipelines needs the pipeline account bootstrapped in every region it deploys to.
      `  npx cdk bootstrap aws://${IDS.pipeline}/eu-central-1 --profile pipeline --cloudformation-execution-policies ${EXECUTION_POLICY}`,
      `  npx cdk bootstrap aws://${IDS.monitoring}/eu-west-1 --profile monitoring --trust ${IDS.pipeline} --cloudformation-execution-policies ${EXECUTION_POLICY}`,
      `  npx cdk bootstrap aws://${IDS.prod1}/eu-west-1 --profile prod1 --trust ${IDS.pipeline} --cloudformation-execution-policies ${EXECUTION_POLICY}`,
      `  npx cdk bootstrap aws://${IDS.prod2}/eu-central-1 --profile prod2 --trust ${IDS.pipeline} --cloudformation-execution-policies ${EXECUTION_POLICY}`,
      '  npx cdk deploy pipeline --profile pipeline',
    ]);
    expect(output).toContain('nothing was changed');
  });

  it('makes only read calls during the preflight', async () => {
    await dryRun(cleanWorld());
    const stubs = mocks ? [mocks.sts.calls(), mocks.organizations.calls(), mocks.cloudFormation.calls(), mocks.connections.calls()] : [];
    const calls = stubs.flatMap((recorded) => recorded.map((call) => (call.args[0] as object).constructor.name));
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((name) => /^(Get|Describe|List)/.test(name))).toBe(true);
  });
});

describe('an already bootstrapped account', () => {
  it('is skipped when current and trusting the pipeline, and bootstrapped again when older or trusting less', async () => {
    const world = cleanWorld();
    world.accounts.prod1.bootstrap['eu-west-1'] = { status: 'UPDATE_COMPLETE', version: cliBootstrapVersion(), trust: [IDS.pipeline] };
    world.accounts.prod2.bootstrap['eu-central-1'] = { status: 'CREATE_COMPLETE', version: cliBootstrapVersion() - 5, trust: [IDS.pipeline] };
    world.accounts.monitoring.bootstrap['eu-west-1'] = { status: 'CREATE_COMPLETE', version: cliBootstrapVersion(), trust: [] };
    const { code, output } = await dryRun(world);
    expect(code).toBe(0);
    expect(output).toContain(`bootstrap of aws://${IDS.prod1}/eu-west-1 (prod1): version ${cliBootstrapVersion()}, trusts ${IDS.pipeline}; nothing to do`);
    expect(output).not.toMatch(new RegExp(`npx cdk bootstrap aws://${IDS.prod1}/`));
    expect(output).toMatch(new RegExp(`npx cdk bootstrap aws://${IDS.prod2}/eu-central-1 .*--trust ${IDS.pipeline}`));
    expect(output).toMatch(new RegExp(`npx cdk bootstrap aws://${IDS.monitoring}/eu-west-1 .*--trust ${IDS.pipeline}`));
  });
});

describe('every preflight check fails the deploy with its fix, and nothing runs', () => {
  it('lists every problem at once and exits 1 without spawning anything', async () => {
    const world = cleanWorld();
    world.accounts.prod2.callerAccount = undefined;
    world.connectionStatus = 'PENDING';
    const { code, output, spawned } = await dryRun(world);
    expect(code).toBe(1);
    expect(spawned).toEqual([]);
    expect(output).toContain('2 problems found before deploying; nothing was changed');
    expect(output).toContain('[credentials] accounts.prod2');
    expect(output).toContain('[source connection] pipeline.connectionArn');
  });

  it('example values left in the fleet file', async () => {
    const fleet = deployFleet((input) => {
      input.accounts.prod1.id = '222222222222';
      // prod2's role keeps a human principal in every cluster's account (a fleet rule); it is no example value.
      input.platformTeam = { principals: ['arn:aws:iam::222222222222:role/PlatformAdmins', `arn:aws:iam::${IDS.prod2}:role/PlatformAdmins`] };
      input.repository.url = 'https://github.com/example-org/multi-account-observability.git';
      input.teams['team-a'].apps.ho11y.images = { ho11y: `public.ecr.aws/mhausenblas/ho11y@sha256:${'0'.repeat(64)}` };
      input.pipeline.connectionArn = `arn:aws:codeconnections:eu-west-1:${IDS.pipeline}:connection/00000000-0000-0000-0000-000000000000`;
      input.clusters.prod2.publicEndpointCidrs = ['198.18.0.0/15', '203.0.113.0/24'];
    });
    const world = cleanWorld();
    world.accounts.prod1.callerAccount = '222222222222';
    const problems = await problemsOf(world, fleet);
    expect(problems.filter((problem) => problem.check === 'example values').map((problem) => problem.subject)).toEqual([
      'accounts.prod1.id',
      'repository.url',
      'pipeline.connectionArn',
      'clusters.prod2.publicEndpointCidrs[1]',
      'platformTeam.principals[0]',
      'teams.team-a.apps.ho11y.images.ho11y',
    ]);
  });

  it('credentials that do not resolve', async () => {
    const world = cleanWorld();
    world.accounts.monitoring.callerAccount = undefined;
    const problems = await problemsOf(world);
    expect(problems).toEqual([expect.objectContaining({ check: 'credentials', subject: 'accounts.monitoring', fix: expect.stringContaining('aws configure sso --profile monitoring') })]);
  });

  it('a profile reaching another account than the fleet says', async () => {
    const world = cleanWorld();
    world.accounts.prod1.callerAccount = '999988887777';
    const problems = await problemsOf(world);
    expect(problems).toEqual([expect.objectContaining({ check: 'caller identity', subject: 'accounts.prod1', problem: expect.stringContaining('999988887777') })]);
  });

  it('an account outside the organization, and accounts in two organizations', async () => {
    const outside = cleanWorld();
    outside.accounts.prod2.organizationId = undefined;
    expect(await problemsOf(outside)).toEqual([expect.objectContaining({ check: 'organization', subject: 'accounts.prod2', problem: 'is not in an AWS Organization' })]);
    const split = cleanWorld();
    split.accounts.monitoring.organizationId = 'o-other';
    expect(await problemsOf(split)).toEqual([expect.objectContaining({ check: 'organization', subject: 'accounts', problem: expect.stringContaining('o-other (monitoring)') })]);
  });

  it('RAM sharing with the organization off is no problem: the deploy turns it on (a dry run only lists the call)', async () => {
    const world = cleanWorld();
    world.managementServices = ['sso.amazonaws.com'];
    expect(await problemsOf(world)).toEqual([]);
    const ram = mockClient(RAMClient);
    try {
      const { code, output } = await dryRun(world);
      expect(code).toBe(0);
      expect(output).toContain('  ram:EnableSharingWithAwsOrganization (profile management)');
      expect(ram.calls()).toHaveLength(0);
    } finally {
      ram.restore();
    }
  });

  it('Identity Center off while Grafana logs in through it (and not needed with SAML)', async () => {
    const world = cleanWorld();
    world.managementServices = ['ram.amazonaws.com'];
    expect(await problemsOf(world)).toEqual([expect.objectContaining({ check: 'organization', subject: 'grafana.authentication' })]);
    const saml = deployFleet((input) => {
      input.grafana.authentication = 'SAML';
    });
    expect(await problemsOf(world, saml)).toEqual([]);
  });

  it('no management credentials to check the organization (unless skipped)', async () => {
    const world = cleanWorld();
    world.managementServices = undefined;
    expect(await problemsOf(world)).toEqual([expect.objectContaining({ check: 'organization', subject: 'profile management', fix: expect.stringContaining('--skip-organization-checks') })]);
    const { code } = await dryRun(world, deployFleet(), { skipOrganizationChecks: true });
    expect(code).toBe(0);
  });

  it('a CDKToolkit stack in a failed state', async () => {
    const world = cleanWorld();
    world.accounts.prod1.bootstrap['eu-west-1'] = { status: 'UPDATE_ROLLBACK_FAILED', version: 20, trust: [] };
    expect(await problemsOf(world)).toEqual([
      expect.objectContaining({ check: 'bootstrap', subject: `aws://${IDS.prod1}/eu-west-1`, fix: expect.stringContaining('aws cloudformation delete-stack --stack-name CDKToolkit --region eu-west-1 --profile prod1') }),
    ]);
  });

  it('a GitHub connection not yet approved', async () => {
    const world = cleanWorld();
    world.connectionStatus = 'PENDING';
    expect(await problemsOf(world)).toEqual([
      expect.objectContaining({ check: 'source connection', subject: 'pipeline.connectionArn', problem: 'the GitHub connection is PENDING', fix: expect.stringContaining('approve it once in the console') }),
    ]);
    world.connectionStatus = 'AVAILABLE';
    expect(await problemsOf(world)).toEqual([]);
  });

  it('no connection in the fleet file (the pipeline never takes a personal token)', async () => {
    const fleet = deployFleet((input) => {
      delete input.pipeline.connectionArn;
    });
    expect(await problemsOf(cleanWorld(), fleet)).toEqual([
      expect.objectContaining({ check: 'source connection', subject: 'pipeline.connectionArn', fix: expect.stringContaining('write its ARN as pipeline.connectionArn') }),
    ]);
  });
});

describe('make deploy', () => {
  const pipeline = mockClient(CodePipelineClient);
  afterEach(() => pipeline.reset());
  afterAll(() => pipeline.restore());

  function stageStates(executionId: string, statuses: Record<string, string>) {
    return {
      stageStates: Object.entries(statuses).map(([stageName, status]) => ({
        stageName,
        latestExecution: { pipelineExecutionId: executionId, status: status as 'Succeeded' },
        actionStates: status === 'Failed' ? [{ actionName: 'prod2.Deploy', latestExecution: { status: 'Failed' as const, errorDetails: { message: 'CREATE_FAILED: VPC limit' } } }] : [],
      })),
    };
  }

  async function fullDeploy(clock: { now: number }, spawnCode = 0, world = cleanWorld()) {
    mocks = mockAws(world);
    const lines: string[] = [];
    const spawner = recordingSpawner(spawnCode);
    const code = await deploy({
      fleet: deployFleet(),
      repositoryRoot: ROOT,
      spawn: spawner.spawn,
      progress: (line) => lines.push(line),
      now: () => clock.now,
      sleep: async (ms) => {
        clock.now += ms;
      },
    });
    return { code, output: lines.join('\n'), spawned: spawner.calls };
  }

  it('bootstraps, deploys the pipeline stack and reports each wave of the run until it succeeds', async () => {
    const clock = { now: Date.UTC(2026, 5, 1) };
    const started = new Date(clock.now + 1000);
    pipeline.on(ListPipelineExecutionsCommand).resolves({ pipelineExecutionSummaries: [{ pipelineExecutionId: 'run-2', startTime: started }] });
    pipeline
      .on(GetPipelineStateCommand)
      .resolvesOnce(stageStates('run-2', { Source: 'Succeeded', Build: 'InProgress' }))
      .resolves(stageStates('run-2', { Source: 'Succeeded', Build: 'Succeeded', UpdatePipeline: 'Succeeded', monitoring: 'Succeeded', production: 'Succeeded' }));
    pipeline.on(GetPipelineExecutionCommand).resolvesOnce({ pipelineExecution: { status: 'InProgress' } }).resolves({ pipelineExecution: { status: 'Succeeded' } });

    const { code, output, spawned } = await fullDeploy(clock);
    expect(code).toBe(0);
    expect(spawned).toHaveLength(6);
    expect(spawned[spawned.length - 1]).toBe('npx cdk deploy pipeline --profile pipeline');
    expect(output).toContain('  Build: InProgress');
    expect(output).toContain('  monitoring: Succeeded');
    expect(output).toContain('  production: Succeeded');
    expect(output).toContain('pipeline run Succeeded');
    expect(pipeline.commandCalls(StartPipelineExecutionCommand)).toHaveLength(0);
  });

  it('reports the failing wave with the action\'s error and exits 1', async () => {
    const clock = { now: Date.UTC(2026, 5, 1) };
    pipeline.on(ListPipelineExecutionsCommand).resolves({ pipelineExecutionSummaries: [{ pipelineExecutionId: 'run-3', startTime: new Date(clock.now) }] });
    pipeline.on(GetPipelineStateCommand).resolves(stageStates('run-3', { Source: 'Succeeded', monitoring: 'Succeeded', production: 'Failed' }));
    pipeline.on(GetPipelineExecutionCommand).resolves({ pipelineExecution: { status: 'Failed' } });
    const { code, output } = await fullDeploy(clock);
    expect(code).toBe(1);
    expect(output).toContain('  production: Failed (prod2.Deploy: CREATE_FAILED: VPC limit)');
  });

  it('starts a run itself when the deploy started none', async () => {
    const clock = { now: Date.UTC(2026, 5, 1) };
    const old = { pipelineExecutionId: 'run-old', startTime: new Date(clock.now - 86_400_000) };
    pipeline.on(ListPipelineExecutionsCommand).callsFake(async () => ({
      pipelineExecutionSummaries: pipeline.commandCalls(StartPipelineExecutionCommand).length > 0 ? [{ pipelineExecutionId: 'run-new', startTime: new Date(clock.now) }, old] : [old],
    }));
    pipeline.on(StartPipelineExecutionCommand).resolves({ pipelineExecutionId: 'run-new' });
    pipeline.on(GetPipelineStateCommand).resolves(stageStates('run-new', { Source: 'Succeeded' }));
    pipeline.on(GetPipelineExecutionCommand).resolves({ pipelineExecution: { status: 'Succeeded' } });
    const { code } = await fullDeploy(clock);
    expect(code).toBe(0);
    expect(pipeline.commandCalls(StartPipelineExecutionCommand)).toHaveLength(1);
  });

  it('turns RAM sharing on before bootstrapping', async () => {
    const world = cleanWorld();
    world.managementServices = ['sso.amazonaws.com'];
    const ram = mockClient(RAMClient);
    ram.on(EnableSharingWithAwsOrganizationCommand).resolves({ returnValue: true });
    try {
      mocks = undefined;
      mocks = mockAws(world);
      const lines: string[] = [];
      const spawner = recordingSpawner(1);
      await deploy({ fleet: deployFleet(), repositoryRoot: ROOT, spawn: spawner.spawn, progress: (line) => lines.push(line) });
      expect(ram.commandCalls(EnableSharingWithAwsOrganizationCommand)).toHaveLength(1);
      expect(spawner.calls).toHaveLength(1);
    } finally {
      ram.restore();
    }
  });

  it('stops at the first failing bootstrap', async () => {
    const { code, spawned, output } = await fullDeploy({ now: 0 }, 1);
    expect(code).toBe(1);
    expect(spawned).toHaveLength(1);
    expect(output).toContain('run make deploy again');
  });
});
