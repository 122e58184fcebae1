/**
 * What `make destroy` needs from the fleet file, printed as one line of make words so that the
 * Makefile starts Node once: `profile:<stage>=<aws profile>` for every stage, `cluster:<name>` for
 * every workload cluster, `access:<account key>` for every account with a cross-account access
 * stage (each account running clusters, and the AMP account when a cluster writes to AMP), and
 * `amp:yes` when the fleet has the AMP workspace stage. AWS_PROFILE_PREFIX prefixes the profiles.
 *
 *   node ../bundle/run-bundled.js clusters/infra/bin/destroy-stages.ts [fleet file]   (from clusters/infra)
 */
import { resolve } from 'node:path';
import { accessAccounts, ampWriterAccounts } from '../../fleet/derived-names';
import { Fleet } from '../../fleet/fleet-schema';
import { loadFleet } from '../../fleet/load-fleet';
import { runCommand } from '../../run-command';

export function destroyWords(fleet: Fleet, profilePrefix = ''): string[] {
  const clusters = Object.entries(fleet.clusters).sort(([a], [b]) => a.localeCompare(b));
  const profiles: Record<string, string> = {
    ...Object.fromEntries(clusters.map(([name, cluster]) => [name, cluster.account])),
    monitoring: fleet.grafana.account,
    'amp-workspace': fleet.amp.account,
    'rotator-role': fleet.clusters[fleet.grafana.managerCluster].account,
    pipeline: fleet.pipeline.account,
  };
  return [
    ...Object.entries(profiles).map(([stage, account]) => `profile:${stage}=${profilePrefix}${account}`),
    ...clusters.map(([name]) => `cluster:${name}`),
    ...accessAccounts(fleet).map((account) => `access:${account}`),
    ...(ampWriterAccounts(fleet).length > 0 ? ['amp:yes'] : []),
  ];
}

if (require.main === module) {
  runCommand(() => {
    const fleetFile = resolve(process.argv[2] ?? resolve(__dirname, '..', '..', 'fleet.yaml'));
    console.log(destroyWords(loadFleet(fleetFile), process.env.AWS_PROFILE_PREFIX ?? '').join(' '));
    return 0;
  });
}
