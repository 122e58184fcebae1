import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { loadFleet } from '../../fleet/load-fleet';

const INFRA = join(__dirname, '..', '..', 'infra');

/** What `make destroy` would run (make -n prints the commands without running them). */
function destroyPlan(env: Record<string, string> = {}): string {
  return execFileSync('make', ['-n', '--no-print-directory', 'destroy', 'CDK=cdk'], { cwd: INFRA, encoding: 'utf8', env: { ...process.env, ...env } });
}

function destroyCommands(plan: string): string[] {
  return plan.split('\n').flatMap((line) => line.split(' && ')).filter((command) => command.startsWith('cdk destroy'));
}

describe('make destroy', () => {
  const fleet = loadFleet(join(INFRA, '..', 'fleet.yaml'));
  let plan = '';
  beforeAll(() => {
    plan = destroyPlan();
  }, 60_000);

  it('prints only commands the shell can parse', () => {
    const lines = plan.split('\n').filter((line) => line.trim().length > 0);
    expect(lines.length).toBeGreaterThan(10);
    const unparsable = lines.filter((line) => spawnSync('sh', ['-n', '-c', line]).status !== 0);
    expect(unparsable).toEqual([]);
  });

  it('deletes the access stages, every cluster stage, the AMP workspace, then monitoring (the workspace, then the rotator role it trusts), then the pipeline, each with the profile of its account', () => {
    const commands = destroyCommands(plan);
    const clusters = Object.keys(fleet.clusters).sort();
    const writesToAmp = Object.values(fleet.clusters).some((cluster) => cluster.metrics.sink === 'amp');
    const accessAccounts = [...new Set([...Object.values(fleet.clusters).map((cluster) => cluster.account), ...(writesToAmp ? [fleet.amp.account] : [])])].sort();
    expect(commands).toEqual([
      ...accessAccounts.map((account) => `cdk destroy --force --app cdk.out --profile ${account} "pipeline/${account}-access/*"`),
      ...clusters.map((cluster) => `cdk destroy --force --app cdk.out --profile ${fleet.clusters[cluster].account} "pipeline/${cluster}/*"`),
      ...(writesToAmp ? [`cdk destroy --force --app cdk.out --profile ${fleet.amp.account} "pipeline/amp-workspace/*"`] : []),
      `cdk destroy --force --app cdk.out --profile ${fleet.grafana.account} pipeline/monitoring/monitoring-blueprint`,
      `cdk destroy --force --app cdk.out --profile ${fleet.clusters[fleet.grafana.managerCluster].account} pipeline/monitoring/grafana-token-rotator-role`,
      `cdk destroy --force --app cdk.out --profile ${fleet.pipeline.account} pipeline`,
    ]);
  });

  it('takes a PROFILE_<stage> override and the shared profile prefix', () => {
    const [first] = Object.keys(fleet.clusters).sort();
    const commands = destroyCommands(destroyPlan({ [`PROFILE_${first}`]: 'custom-profile', AWS_PROFILE_PREFIX: 'acme-' }));
    expect(commands.find((command) => command.includes(`"pipeline/${first}/*"`))).toContain('--profile custom-profile');
    expect(commands[0]).toMatch(/--profile acme-\S+ "pipeline\/\S+-access\/\*"/);
    expect(commands[commands.length - 1]).toContain(`--profile acme-${fleet.pipeline.account} pipeline`);
  }, 60_000);

  it('says what it keeps before asking', () => {
    expect(plan).toContain('It keeps: the CDK bootstrap stacks (CDKToolkit)');
    expect(plan.indexOf('It keeps')).toBeLessThan(plan.indexOf("Type 'destroy' to continue"));
  });
});
