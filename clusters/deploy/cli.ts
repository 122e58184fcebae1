/**
 * From a fork to dashboards with data: `npm run deploy`, `npm run verify`, `npm run kubeconfig`
 * (and `make deploy`, `make verify`, `make kubeconfig CLUSTER=<name>`). See clusters/deploy/README.md.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { WORKLOADS } from '../../workloads/registry';
import { loadFleet } from '../fleet/load-fleet';
import { deploy } from './deploy';
import { defaultKubeconfigFile, writeKubeconfig } from './kubeconfig';
import { formatChecklist, verify } from './verify';

const REPOSITORY_ROOT = resolve(__dirname, '..', '..');

export const USAGE = `Usage:
  npm run deploy -- [--dry-run] [--skip-organization-checks] [--no-wait] [--fleet <file>]
      Preflight (read-only; every problem with its fix), CDK bootstrap of every account the fleet
      implies (accounts already current are skipped), deploy of the pipeline stack, then the
      pipeline run wave by wave. --dry-run prints the exact commands after the preflight and stops.
  npm run verify -- [--fleet <file>]
      Read-only checklist: ArgoCD applications, AMP samples, CloudWatch metrics, X-Ray traces,
      Grafana data sources and dashboards. Exit 1 when a check fails.
  npm run kubeconfig -- --cluster <name> [--kubeconfig <file>] [--fleet <file>]
      Adds a context for the cluster as its account's platform principal (default file: ${defaultKubeconfigFile().replace(process.env.HOME ?? '~', '~')}).

AWS profiles: each account is reached through the profile named after its key under accounts: in the
fleet file (pipeline, prod1, ...); organization checks use the profile "management". Set
AWS_PROFILE_PREFIX to prefix them all (AWS_PROFILE_PREFIX=acme- gives acme-prod1).`;

const COMMANDS = ['deploy', 'verify', 'kubeconfig'] as const;
type CommandName = (typeof COMMANDS)[number];

class UsageError extends Error {}

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || rest.includes('--help') || rest.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  if (!COMMANDS.includes(command as CommandName)) {
    throw new UsageError(`Unknown command "${command ?? ''}"; use one of: ${COMMANDS.join(', ')}.`);
  }
  let values: { fleet?: string; 'dry-run'?: boolean; 'skip-organization-checks'?: boolean; 'no-wait'?: boolean; cluster?: string; kubeconfig?: string };
  try {
    values = parseArgs({
      args: [...rest],
      options: {
        fleet: { type: 'string', default: resolve(REPOSITORY_ROOT, 'clusters', 'fleet.yaml') },
        'dry-run': { type: 'boolean', default: false },
        'skip-organization-checks': { type: 'boolean', default: false },
        'no-wait': { type: 'boolean', default: false },
        cluster: { type: 'string' },
        kubeconfig: { type: 'string' },
      },
      strict: true,
    }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const fleet = loadFleet(resolve(values.fleet ?? ''), { knownAppCharts: Object.keys(WORKLOADS) });
  switch (command as CommandName) {
    case 'deploy':
      return deploy({ fleet, repositoryRoot: REPOSITORY_ROOT, dryRun: values['dry-run'], skipOrganizationChecks: values['skip-organization-checks'], noWait: values['no-wait'] });
    case 'verify': {
      const items = await verify(fleet, resolve(REPOSITORY_ROOT, 'dist'));
      console.log(formatChecklist(items));
      return items.every((item) => item.ok) ? 0 : 1;
    }
    case 'kubeconfig':
      if (!values.cluster) throw new UsageError(`--cluster is required; one of: ${Object.keys(fleet.clusters).join(', ')}`);
      console.log(await writeKubeconfig(fleet, values.cluster, values.kubeconfig ? resolve(values.kubeconfig) : undefined));
      return 0;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    if (error instanceof UsageError) console.error('Run with --help for usage.');
    process.exitCode = error instanceof UsageError ? 2 : 1;
  },
);
