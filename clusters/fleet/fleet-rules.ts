import { isReservedNamespace } from '../../platform/platform-namespaces';
import { collectorRoleNames, NAME_LIMITS, teamApplicationName } from './derived-names';
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
  { reads: ['amp', 'clusters'], check: checkAmpPlacement },
  { reads: ['accounts', 'clusters', 'teams', 'platformTeam'], check: checkTeams },
  { reads: ['clusters', 'teams'], check: checkDerivedNames },
  { reads: ['grafana'], check: checkGrafanaAccess },
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
  } else if (manager.metrics.sink !== 'amp' && Object.values(fleet.clusters).some((cluster) => cluster.metrics.sink === 'amp')) {
    // The AMP data source reads the workspace's query URL from the manager cluster, which
    // only the cluster holding the workspace knows.
    problems.push({ path: ['grafana', 'managerCluster'], value: fleet.grafana.managerCluster, message: 'must be the cluster that sends metrics to AMP (it holds the workspace the AMP data source reads)' });
  }
  return problems;
}

/**
 * Each named account must be its own AWS account: role names such as
 * `ampPrometheusDataSourceRole` are fixed per account, and the pattern's isolation (pipeline,
 * workloads, monitoring) is only real across account boundaries.
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
  const clustersByAccount = new Map<string, string>();
  for (const [name, cluster] of Object.entries(fleet.clusters)) {
    const other = clustersByAccount.get(cluster.account);
    if (other) {
      problems.push({ path: ['clusters', name, 'account'], value: cluster.account, message: `already holds cluster "${other}"; put each cluster in its own account` });
    } else {
      clustersByAccount.set(cluster.account, name);
    }
    if (cluster.account === fleet.pipeline.account || cluster.account === fleet.grafana.account) {
      problems.push({ path: ['clusters', name, 'account'], value: cluster.account, message: 'is the pipeline or monitoring account; workload clusters need an account of their own' });
    }
  }
  return problems;
}

function checkAmpPlacement(fleet: Fleet): FleetProblem[] {
  return Object.entries(fleet.clusters)
    .filter(([, cluster]) => cluster.metrics.sink === 'amp' && cluster.account !== fleet.amp.account)
    .map(([name, cluster]) => ({
      path: ['clusters', name, 'account'],
      value: cluster.account,
      message: `sends metrics to AMP but the AMP workspace is in account "${fleet.amp.account}"; move the cluster or set amp.account`,
    }));
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
