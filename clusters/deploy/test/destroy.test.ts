import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { loadFleet } from '../../fleet/load-fleet';

const INFRA = join(__dirname, '..', '..', 'infra');

/** What `make destroy` would run (make -n prints the commands without running them). */
function destroyCommands(env: Record<string, string> = {}): string[] {
  const output = execFileSync('make', ['-n', '--no-print-directory', 'destroy', 'CDK=cdk'], { cwd: INFRA, encoding: 'utf8', env: { ...process.env, ...env } });
  return output.split('\n').flatMap((line) => line.split(' && ')).filter((command) => command.startsWith('cdk destroy'));
}

describe('make destroy', () => {
  const fleet = loadFleet(join(INFRA, '..', 'fleet.yaml'));

  it('deletes the access stages, every cluster stage, the AMP workspace, then monitoring (the workspace, then the rotator role it trusts), then the pipeline, each with the profile of its account', () => {
    const commands = destroyCommands();
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
  }, 60_000);

  it('takes a PROFILE_<stage> override and the shared profile prefix', () => {
    const [first] = Object.keys(fleet.clusters).sort();
    const commands = destroyCommands({ [`PROFILE_${first}`]: 'custom-profile', AWS_PROFILE_PREFIX: 'acme-' });
    expect(commands.find((command) => command.includes(`"pipeline/${first}/*"`))).toContain('--profile custom-profile');
    expect(commands[0]).toMatch(/--profile acme-\S+ "pipeline\/\S+-access\/\*"/);
    expect(commands[commands.length - 1]).toContain(`--profile acme-${fleet.pipeline.account} pipeline`);
  }, 60_000);

  it('says what it keeps before asking', () => {
    const output = execFileSync('make', ['-n', '--no-print-directory', 'destroy', 'CDK=cdk'], { cwd: INFRA, encoding: 'utf8' });
    expect(output).toContain('It keeps: the CDK bootstrap stacks (CDKToolkit)');
    expect(output.indexOf('It keeps')).toBeLessThan(output.indexOf("Type 'destroy' to continue"));
  }, 60_000);
});
