import { DocumentChange, RenderDiff } from './render-diff';

/**
 * Folds a rendered diff for review: a change that is identical on several clusters (same
 * folder, same object, same fields and values) becomes one group listing those clusters, and
 * changes to what isolates tenants (RBAC, NetworkPolicy, AppProject, admission policies and
 * webhooks) are marked so they can be listed first.
 */

/** The kinds of object whose change alters who may do what, or who may reach whom. */
export type IsolationConcern = 'RBAC' | 'NetworkPolicy' | 'AppProject' | 'admission';

const CONCERNS: readonly { readonly group: string; readonly kinds: readonly string[]; readonly concern: IsolationConcern }[] = [
  { group: 'rbac.authorization.k8s.io', kinds: ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'], concern: 'RBAC' },
  { group: 'networking.k8s.io', kinds: ['NetworkPolicy'], concern: 'NetworkPolicy' },
  { group: 'argoproj.io', kinds: ['AppProject'], concern: 'AppProject' },
  {
    group: 'admissionregistration.k8s.io',
    kinds: ['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration'],
    concern: 'admission',
  },
];

/** The isolation concern of a changed object, if any. */
export function isolationConcern(change: DocumentChange): IsolationConcern | undefined {
  return CONCERNS.find((entry) => entry.group === change.group && entry.kinds.includes(change.kind ?? ''))?.concern;
}

/** One change, and every top folder (cluster) where it happens identically. */
export interface ChangeGroup {
  /** Clusters (or fleet-wide folders such as `grafana`), sorted. */
  readonly clusters: readonly string[];
  /** Folder inside each, e.g. `workloads/team-geordie/ho11y`. */
  readonly folder: string;
  readonly change: DocumentChange;
  readonly concern?: IsolationConcern;
}

/** A set of clusters and the changes they share, in review order. */
export interface ClusterSetChanges {
  readonly clusters: readonly string[];
  readonly groups: readonly ChangeGroup[];
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Every change of `diff`, identical ones across clusters merged. */
export function groupChanges(diff: RenderDiff): ChangeGroup[] {
  const groups = new Map<string, { clusters: string[]; folder: string; change: DocumentChange }>();
  for (const folder of diff.folders) {
    for (const change of folder.changes) {
      const key = JSON.stringify([folder.folder, change.change, change.id, change.from ?? '', change.fields, change.content ?? null]);
      const group = groups.get(key) ?? { clusters: [], folder: folder.folder, change };
      group.clusters.push(folder.cluster);
      groups.set(key, group);
    }
  }
  return [...groups.values()].map((group) => {
    const concern = isolationConcern(group.change);
    return { clusters: group.clusters.sort(compare), folder: group.folder, change: group.change, ...(concern ? { concern } : {}) };
  });
}

/**
 * Groups sorted into sections by the set of clusters they touch: larger sets first (a fleet-wide
 * change leads), then by name; inside, by folder then as the diff orders changes.
 */
export function byClusterSet(groups: readonly ChangeGroup[]): ClusterSetChanges[] {
  const sets = new Map<string, ChangeGroup[]>();
  for (const group of groups) {
    const key = group.clusters.join('\u0000');
    sets.set(key, [...(sets.get(key) ?? []), group]);
  }
  const order = { removed: 0, moved: 1, changed: 2, added: 3 } as const;
  return [...sets.values()]
    .map((members) => ({
      clusters: members[0].clusters,
      groups: [...members].sort((a, b) => compare(a.folder, b.folder) || order[a.change.change] - order[b.change.change] || compare(a.change.id, b.change.id)),
    }))
    .sort((a, b) => b.clusters.length - a.clusters.length || compare(a.clusters.join(' '), b.clusters.join(' ')));
}

/** Names shown in full up to this many; longer lists show their ends. */
const LISTED_IN_FULL = 6;
/** A set missing at most this many of all clusters is described by what it misses. */
const LISTED_AS_EXCEPTIONS = 10;

/**
 * How a section's cluster set is introduced: the name of one cluster, or
 * `same change in 200 clusters: prod001 ... prod200`, with the exceptions when the set is not
 * every cluster and not short enough to list. `all` is every cluster of the diff.
 */
export function describeClusters(clusters: readonly string[], all: readonly string[]): { title: string; fullList?: string } {
  if (clusters.length === 1) return { title: clusters[0] };
  const prefix = `same change in ${clusters.length} clusters: `;
  if (clusters.length <= LISTED_IN_FULL) return { title: `${prefix}${clusters.join(', ')}` };
  const ends = `${clusters[0]} ... ${clusters[clusters.length - 1]}`;
  const inSet = new Set(clusters);
  const everyCluster = all.length > 0 && all.every((name) => inSet.has(name)) && clusters.every((name) => all.includes(name));
  if (everyCluster) return { title: `${prefix}${ends} (every cluster)` };
  const missing = all.filter((name) => !inSet.has(name));
  if (clusters.every((name) => all.includes(name)) && missing.length <= LISTED_AS_EXCEPTIONS) return { title: `${prefix}${ends} (every cluster but ${missing.join(', ')})` };
  return { title: `${prefix}${ends}`, fullList: clusters.join(', ') };
}
