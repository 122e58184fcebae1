import type { PodSecurityLevel } from '../../charts/team-namespace';

/** The parts of an AppProject that decide what an Application may create. */
export interface ProjectScope {
  readonly name: string;
  readonly destinations: readonly { readonly namespace?: string; readonly server?: string }[];
  readonly clusterResourceWhitelist?: readonly GroupKind[];
  readonly namespaceResourceWhitelist?: readonly GroupKind[];
  readonly namespaceResourceBlacklist?: readonly GroupKind[];
}

export interface GroupKind {
  readonly group: string;
  readonly kind: string;
}

/**
 * One Helm release the project installs, with exactly the values it passes: the AWS layer's
 * ArgoCD installation, or an ArgoCD Application with a Helm source rendered into `dist/`.
 */
export interface HelmRelease {
  /** Where the release is declared, e.g. `dist/prod1/platform/grafana-operator` or `AWS layer (prod1)`. */
  readonly origin: string;
  readonly cluster: string;
  readonly releaseName: string;
  /** Namespace the release installs into (objects without one land here). */
  readonly namespace: string;
  readonly chart: string;
  readonly version: string;
  readonly repoUrl: string;
  readonly values: Readonly<Record<string, unknown>>;
  /** The Application's project; undefined for a release the AWS layer installs itself. */
  readonly project?: ProjectScope;
  /**
   * Kinds (`group/Kind`) whose definitions are established before this release is installed,
   * so the release may carry objects of those kinds even though it also ships their CRDs.
   */
  readonly kindsEstablishedBefore: readonly string[];
}

/** How one scrape job of the metrics collector recognises the Services it scrapes. */
export interface ScrapeJobSelector {
  readonly job: string;
  readonly namespace: string;
  /** Service label name, as discovery spells it (`app_kubernetes_io_name`) -> regex it must fully match. */
  readonly serviceLabels: Readonly<Record<string, string>>;
  /** Regex the endpoint's port name must fully match, when the job keeps by port name. */
  readonly portName?: string;
}

/** What exists on a cluster independently of any one chart. */
export interface ClusterFacts {
  readonly name: string;
  readonly kubernetesVersion: string;
  /** Namespace name -> enforced Pod Security level (namespaces without a label enforce nothing: privileged). */
  readonly namespaces: ReadonlyMap<string, PodSecurityLevel>;
  /** The metrics collector's Service-selecting scrape jobs, as rendered. */
  readonly scrapeJobs: readonly ScrapeJobSelector[];
}

/** `name version` as people write it. */
export function describeRelease(release: HelmRelease): string {
  return `${release.chart} ${release.version}`;
}
