import { Fleet } from '../fleet/fleet-schema';

/**
 * The AWS accounts a deploy touches, and how the commands reach each one.
 *
 * Profile rule (stated once): every account is reached through the AWS CLI profile named after its
 * key in `accounts:` of the fleet file (`pipeline`, `prod1`, ...); organization-wide checks use the
 * profile `management` (the organization's management account). `AWS_PROFILE_PREFIX=acme-` makes
 * them `acme-pipeline`, `acme-prod1`, `acme-management`.
 */
export const MANAGEMENT_PROFILE_KEY = 'management';

export interface FleetAccount {
  /** Key of `accounts:` in the fleet file. */
  readonly key: string;
  readonly id: string;
  readonly region: string;
  /** What the fleet uses the account for, for messages. */
  readonly roles: readonly string[];
}

/** Every account the fleet uses, each once, pipeline first then by key. */
export function fleetAccounts(fleet: Fleet): FleetAccount[] {
  const roles = new Map<string, string[]>();
  const add = (key: string, role: string) => roles.set(key, [...(roles.get(key) ?? []), role]);
  add(fleet.pipeline.account, 'pipeline');
  add(fleet.grafana.account, 'Grafana workspace');
  add(fleet.amp.account, 'AMP workspace');
  for (const [name, cluster] of Object.entries(fleet.clusters)) add(cluster.account, `cluster ${name}`);
  return [...roles.entries()]
    .sort(([a], [b]) => (a === fleet.pipeline.account ? -1 : b === fleet.pipeline.account ? 1 : a.localeCompare(b)))
    .map(([key, accountRoles]) => {
      const account = fleet.accounts[key];
      return { key, id: account.id, region: account.region, roles: accountRoles };
    });
}

/** The profile of an account key (see the rule above). */
export function profileOf(key: string, env: NodeJS.ProcessEnv = process.env): string {
  return `${env.AWS_PROFILE_PREFIX ?? ''}${key}`;
}

/** SDK client configuration reaching `account` in `region` (default: the account's region). */
export function clientConfig(account: { readonly key: string; readonly region: string }, region = account.region): { region: string; profile: string } {
  return { region, profile: profileOf(account.key) };
}
