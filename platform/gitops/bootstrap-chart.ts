import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { ArgoCdApplication, IN_CLUSTER_SERVER } from '../../charts/argocd-application';
import { ArgoCdProject } from '../../charts/argocd-project';
import { ApplicationSpecIgnoreDifferences } from '../../charts/imports/argocd-application-argoproj.io';
import { PLATFORM_NAMESPACES } from '../platform-namespaces';
import { ResourceKind, TEAM_SYNCABLE_KINDS } from '../tenancy/team-resource-kinds';
import { SYNC_WAVES } from '../sync-waves';
import { lockedDefaultProjectProps } from './argocd-installation';

/** The project platform components belong to. */
export const PLATFORM_PROJECT = 'platform';

/**
 * Kinds that change isolation, which a team project must never allow even in its own namespace.
 * Team projects allow only `TEAM_SYNCABLE_KINDS`; this list is what the gate checks that allow-list against.
 */
export const TEAM_DENIED_KINDS: readonly ResourceKind[] = [
  { group: '', kind: 'ResourceQuota' },
  { group: '', kind: 'LimitRange' },
  { group: 'networking.k8s.io', kind: 'NetworkPolicy' },
  { group: 'rbac.authorization.k8s.io', kind: 'Role' },
  { group: 'rbac.authorization.k8s.io', kind: 'RoleBinding' },
  { group: 'argoproj.io', kind: '*' },
];

export interface BootstrapApplication {
  readonly name: string;
  /** Path inside the repository. */
  readonly path: string;
  readonly project: string;
  readonly namespace: string;
  readonly wave: number;
  readonly prune: boolean;
  readonly syncOptions: readonly string[];
  readonly ignoreDifferences: readonly ApplicationSpecIgnoreDifferences[];
}

export interface BootstrapTeam {
  /** Team name, also its AppProject name. */
  readonly name: string;
  readonly namespace: string;
}

export interface BootstrapChartProps extends ChartProps {
  /** The repository every Application reads, exactly as ArgoCD clones it. */
  readonly repoUrl: string;
  /** Branch or tag every Application syncs. */
  readonly revision: string;
  readonly teams: readonly BootstrapTeam[];
  /** Namespaces the platform project may deploy into (besides team namespaces). */
  readonly platformNamespaces: readonly string[];
  /** Helm repositories platform add-ons install from. Default: none. */
  readonly platformHelmRepos?: readonly string[];
  readonly applications: readonly BootstrapApplication[];
}

/**
 * What a cluster's ArgoCD starts from (app-of-apps): the AppProjects, with `default` locked
 * down to what the bootstrap Application itself needs, and one Application per rendered folder.
 */
export class BootstrapChart extends Chart {
  public constructor(scope: Construct, id: string, props: BootstrapChartProps) {
    super(scope, id, props);
    const argocd = PLATFORM_NAMESPACES.argocd;

    // The bootstrap Application the AWS layer creates lives in `default`: it may read this
    // repository and write Applications and AppProjects into the ArgoCD namespace, nothing else.
    new ArgoCdProject(this, 'DefaultProject', lockedDefaultProjectProps(props.repoUrl));

    const teamNamespaces = props.teams.map((team) => team.namespace);
    new ArgoCdProject(this, 'PlatformProject', {
      name: PLATFORM_PROJECT,
      description: 'Platform components: tenancy, operators, collectors, Grafana objects. May create cluster-scoped objects.',
      sourceRepos: [props.repoUrl, ...[...new Set(props.platformHelmRepos ?? [])].sort()],
      destinations: [...new Set([argocd, ...props.platformNamespaces, ...teamNamespaces])].map((namespace) => ({ server: IN_CLUSTER_SERVER, namespace })),
      clusterResourceWhitelist: [{ group: '*', kind: '*' }],
      syncWave: SYNC_WAVES.projects,
    });

    for (const team of props.teams) {
      new ArgoCdProject(this, `Team-${team.name}`, {
        name: team.name,
        description: `Apps of ${team.name}, confined to namespace ${team.namespace}.`,
        sourceRepos: [props.repoUrl],
        destinations: [{ server: IN_CLUSTER_SERVER, namespace: team.namespace }],
        clusterResourceWhitelist: [],
        // An allow-list: a kind not on it, such as a CRD installed later, is denied until the platform adds it.
        namespaceResourceWhitelist: [...TEAM_SYNCABLE_KINDS],
        syncWave: SYNC_WAVES.projects,
      });
    }

    for (const application of props.applications) {
      new ArgoCdApplication(this, `App-${application.name}`, {
        name: application.name,
        project: application.project,
        destinationNamespace: application.namespace,
        syncWave: application.wave,
        prune: application.prune,
        syncOptions: application.syncOptions,
        ignoreDifferences: application.ignoreDifferences,
        source: { repoUrl: props.repoUrl, path: application.path, targetRevision: props.revision },
      });
    }
  }
}
