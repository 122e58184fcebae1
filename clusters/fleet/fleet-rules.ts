import { isReservedNamespace } from '../../platform/platform-namespaces';
import { REGIONS_NEEDING_EXPLICIT_ZONES } from './aws-regions';
import { ampRemoteWriteRoleName, ampWriterAccounts, collectorRoleNames, NAME_LIMITS, teamApplicationName } from './derived-names';
import { Fleet } from './fleet-schema';

/** One problem in the fleet file: where it is, what was there, and what to do. */
export interface FleetProblem {
  /** Path of keys from the root of the file, e.g. ['clusters', 'prod1', 'account']. */
  readonly path: readonly (string | number)[];
  /** The offending value as read from the file (undefined when a key is missing). */
  readonly value: unknown;
  readonly message: string;
}

export interface FleetRuleOptions {
  /** Chart names `workloads/` can render; an app whose chart is not among them is refused. */
  readonly knownAppCharts?: readonly string[];
}

/** A cross-field check and the top-level sections of the fleet it reads. */
interface FleetRule {
  readonly reads: readonly (keyof Fleet)[];
  check(fleet: Fleet, options: FleetRuleOptions): FleetProblem[];
}

const FLEET_RULES: readonly FleetRule[] = [
  { reads: ['accounts', 'pipeline', 'amp', 'grafana', 'clusters'], check: checkAccountReferences },
  { reads: ['accounts', 'pipeline', 'grafana', 'clusters'], check: checkDistinctAccounts },
  { reads: ['accounts', 'clusters', 'teams', 'platformTeam'], check: checkTeams },
  { reads: ['clusters', 'teams'], check: checkDerivedNames },
  { reads: ['grafana'], check: checkGrafanaAccess },
  { reads: ['accounts', 'clusters'], check: checkAvailabilityZones },
  { reads: ['accounts', 'clusters', 'platformTeam', 'teams'], check: checkHumanAccess },
];

/** True when `name` is an entry of `map` itself, not a property every object inherits. */
export function hasEntry(map: object, name: string): boolean {
  return Object.hasOwn(map, name);
}

/**
 * Checks that relate one part of a schema-valid fleet to another. Each returns every problem
 * it sees; none stops at the first. With `validSections`, only the checks whose sections all
 * passed the schema run (the others would report on what the schema already refused), so a
 * fleet with schema problems still gets every cross-field problem of its valid parts.
 */
export function checkFleetRules(fleet: Fleet, options: FleetRuleOptions = {}, validSections?: ReadonlySet<string>): FleetProblem[] {
  return FLEET_RULES.filter((rule) => !validSections || rule.reads.every((section) => validSections.has(section))).flatMap((rule) => rule.check(fleet, options));
}

/**
 * EKS access entries are made only for principals of the cluster's own account: a cluster whose
 * account holds none of the fleet's principals would be created with nobody able to reach it.
 */
function checkHumanAccess(fleet: Fleet): FleetProblem[] {
  const principalAccounts = new Set([...fleet.platformTeam.principals, ...Object.values(fleet.teams).flatMap((team) => team.principals)].map((principal) => principal.split(':')[4]));
  return Object.entries(fleet.clusters).flatMap(([name, cluster]): FleetProblem[] => {
    const accountId = hasEntry(fleet.accounts, cluster.account) ? fleet.accounts[cluster.account].id : undefined;
    if (accountId === undefined || principalAccounts.has(accountId)) return [];
    return [
      {
        path: ['clusters', name, 'account'],
        value: cluster.account,
        message: `gives cluster "${name}" no human access: no principal of platformTeam or of any team is in account ${accountId}; add one, e.g. "arn:aws:iam::${accountId}:role/PlatformAdmins" to platformTeam.principals`,
      },
    ];
  });
}

/** Zones must be in the cluster's region; where the region alone cannot name them, the fleet must. */
function checkAvailabilityZones(fleet: Fleet): FleetProblem[] {
  const problems: FleetProblem[] = [];
  for (const [name, cluster] of Object.entries(fleet.clusters)) {
    const region = hasEntry(fleet.accounts, cluster.account) ? fleet.accounts[cluster.account].region : undefined;
    if (!region) continue;
    const zones = cluster.vpc.availabilityZones;
    if (zones === undefined && REGIONS_NEEDING_EXPLICIT_ZONES.includes(region)) {
      problems.push({ path: ['clusters', name, 'vpc'], value: undefined, message: `needs availabilityZones: accounts in ${region} see different zones; list the two your account has (aws ec2 describe-availability-zones --region ${region})` });
    }
    (zones ?? []).forEach((zone, index) => {
      if (zone.slice(0, -1) !== region) problems.push({ path: ['clusters', name, 'vpc', 'availabilityZones', index], value: zone, message: `is not in the region of account "${cluster.account}" (${region})` });
    });
    if (zones && new Set(zones).size !== zones.length) problems.push({ path: ['clusters', name, 'vpc', 'availabilityZones'], value: zones, message: 'lists a zone twice' });
  }
  return problems;
}

/** Identity Center assignments exist only for a workspace that logs in through Identity Center. */
function checkGrafanaAccess(fleet: Fleet): FleetProblem[] {
  if (fleet.grafana.authentication === 'AWS_SSO') return [];
  const assigned = Object.values(fleet.grafana.access).some((members) => members.groups.length + members.users.length > 0);
  return assigned
    ? [{ path: ['grafana', 'access'], value: undefined, message: 'assigns IAM Identity Center users or groups, which needs grafana.authentication: AWS_SSO; with SAML, map roles in the IdP\'s assertion instead' }]
    : [];
}

function checkAccountReferences(fleet: Fleet): FleetProblem[] {
  const problems: FleetProblem[] = [];
  const known = Object.keys(fleet.accounts);
  const reference = (path: (string | number)[], account: string) => {
    if (!known.includes(account)) {
      problems.push({ path, value: account, message: `names no account; define it under accounts (known: ${known.join(', ') || 'none'})` });
    }
  };
  reference(['pipeline', 'account'], fleet.pipeline.account);
  reference(['amp', 'account'], fleet.amp.account);
  reference(['grafana', 'account'], fleet.grafana.account);
  for (const [name, cluster] of Object.entries(fleet.clusters)) {
    reference(['clusters', name, 'account'], cluster.account);
  }
  const manager = hasEntry(fleet.clusters, fleet.grafana.managerCluster) ? fleet.clusters[fleet.grafana.managerCluster] : undefined;
  if (!manager) {
    problems.push({
      path: ['grafana', 'managerCluster'],
      value: fleet.grafana.managerCluster,
      message: `names no cluster (known: ${Object.keys(fleet.clusters).join(', ')})`,
    });
  }
  return problems;
}

/**
 * Each named account must be its own AWS account: the pattern's isolation (pipeline, workloads,
 * monitoring) is only real across account boundaries. An account may run any number of clusters,
 * but not the pipeline or Grafana as well.
 */
function checkDistinctAccounts(fleet: Fleet): FleetProblem[] {
  const problems: FleetProblem[] = [];
  const firstById = new Map<string, string>();
  for (const [name, account] of Object.entries(fleet.accounts)) {
    const first = firstById.get(account.id);
    if (first) {
      problems.push({ path: ['accounts', name, 'id'], value: account.id, message: `is also the id of account "${first}"; each account must be a distinct AWS account` });
    } else {
      firstById.set(account.id, name);
    }
  }
  for (const [name, cluster] of Object.entries(fleet.clusters)) {
    if (cluster.account === fleet.pipeline.account || cluster.account === fleet.grafana.account) {
      problems.push({ path: ['clusters', name, 'account'], value: cluster.account, message: 'is the pipeline or monitoring account; workload clusters need an account of their own' });
    }
  }
  return problems;
}

function checkTeams(fleet: Fleet, options: FleetRuleOptions = {}): FleetProblem[] {
  const problems: FleetProblem[] = [];
  const ownerOfNamespace = new Map<string, string>();
  const clusterAccounts = new Set(Object.values(fleet.clusters).map((cluster) => fleet.accounts[cluster.account]?.id));
  for (const [teamName, team] of Object.entries(fleet.teams)) {
    if (isReservedNamespace(team.namespace)) {
      problems.push({ path: ['teams', teamName, 'namespace'], value: team.namespace, message: 'is reserved for Kubernetes or the platform; choose a namespace of the team\'s own' });
    }
    const owner = ownerOfNamespace.get(team.namespace);
    if (owner) {
      problems.push({ path: ['teams', teamName, 'namespace'], value: team.namespace, message: `is already the namespace of team "${owner}"; a namespace belongs to one team` });
    } else {
      ownerOfNamespace.set(team.namespace, teamName);
    }
    team.principals.forEach((principal, index) => {
      const account = principal.split(':')[4];
      if (!clusterAccounts.has(account)) {
        problems.push({ path: ['teams', teamName, 'principals', index], value: principal, message: 'is in an account that runs no cluster, so it could never be granted access' });
      }
    });
    for (const [appName, app] of Object.entries(team.apps)) {
      app.clusters.forEach((cluster, index) => {
        if (!hasEntry(fleet.clusters, cluster)) {
          problems.push({ path: ['teams', teamName, 'apps', appName, 'clusters', index], value: cluster, message: `names no cluster (known: ${Object.keys(fleet.clusters).join(', ')})` });
        }
      });
      const chart = app.chart ?? appName;
      if (options.knownAppCharts && !options.knownAppCharts.includes(chart)) {
        problems.push({
          path: ['teams', teamName, 'apps', appName, ...(app.chart ? ['chart'] : [])],
          value: chart,
          message: `has no chart in workloads/ (known: ${options.knownAppCharts.join(', ')}); set "chart" or add a chart class`,
        });
      }
    }
  }
  fleet.platformTeam.principals.forEach((principal, index) => {
    if (!clusterAccounts.has(principal.split(':')[4])) {
      problems.push({ path: ['platformTeam', 'principals', index], value: principal, message: 'is in an account that runs no cluster, so it could never be granted access' });
    }
  });
  return problems;
}

function checkDerivedNames(fleet: Fleet): FleetProblem[] {
  const problems: FleetProblem[] = [];
  for (const name of Object.keys(fleet.clusters)) {
    for (const role of collectorRoleNames(name)) {
      if (role.length > NAME_LIMITS.iamRoleName) {
        problems.push({ path: ['clusters', name], value: name, message: `makes the IAM role name "${role}" ${role.length} characters long (limit ${NAME_LIMITS.iamRoleName}); shorten the cluster name` });
      }
    }
  }
  for (const account of ampWriterAccounts(fleet)) {
    const role = ampRemoteWriteRoleName(account);
    if (role.length > NAME_LIMITS.iamRoleName) {
      const cluster = Object.keys(fleet.clusters).find((name) => fleet.clusters[name].account === account && fleet.clusters[name].metrics.sink === 'amp') ?? '';
      problems.push({ path: ['clusters', cluster, 'account'], value: account, message: `makes the AMP remote-write role name "${role}" ${role.length} characters long (limit ${NAME_LIMITS.iamRoleName}); shorten the account name` });
    }
  }
  for (const [teamName, team] of Object.entries(fleet.teams)) {
    for (const appName of Object.keys(team.apps)) {
      const application = teamApplicationName(teamName, appName);
      if (application.length > NAME_LIMITS.kubernetesLabelValue) {
        problems.push({
          path: ['teams', teamName, 'apps', appName],
          value: appName,
          message: `makes the ArgoCD Application name "${application}" ${application.length} characters long (limit ${NAME_LIMITS.kubernetesLabelValue}); shorten the team or app name`,
        });
      }
    }
  }
  return problems;
}
