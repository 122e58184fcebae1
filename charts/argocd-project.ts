import { Construct } from 'constructs';
import {
  AppProject,
  AppProjectSpecClusterResourceWhitelist,
  AppProjectSpecDestinations,
  AppProjectSpecNamespaceResourceBlacklist,
  AppProjectSpecNamespaceResourceWhitelist,
} from './imports/argocd-appproject-argoproj.io';

export interface ArgoCdProjectProps {
  /** Project name. */
  readonly name: string;
  readonly description: string;
  /** Namespace ArgoCD watches. Default: argocd. */
  readonly argocdNamespace?: string;
  /** Exact repository URLs the project may read. No globs. */
  readonly sourceRepos: readonly string[];
  /** Exact `{server, namespace}` pairs the project may deploy to. */
  readonly destinations: readonly AppProjectSpecDestinations[];
  /** Cluster-scoped kinds the project may manage. Default: none. */
  readonly clusterResourceWhitelist?: readonly AppProjectSpecClusterResourceWhitelist[];
  /** Namespaced kinds the project may manage. Default: all not denied. */
  readonly namespaceResourceWhitelist?: readonly AppProjectSpecNamespaceResourceWhitelist[];
  /** Namespaced kinds the project may not manage. Default: none. */
  readonly namespaceResourceBlacklist?: readonly AppProjectSpecNamespaceResourceBlacklist[];
  /** Warn about objects in the destinations that no Application manages. Default: true. */
  readonly warnOnOrphans?: boolean;
  /** Sync wave of the project itself (projects come before their Applications). Default: -10. */
  readonly syncWave?: number;
}

/** Wildcards that would let a project reach further than the exact values it lists. */
const GLOB = /[*?![\]]/;

/**
 * An ArgoCD AppProject that lists exact sources and destinations. Globs are refused because
 * `geordie*` also matches `geordie-admin` and `*` matches every repository.
 */
export class ArgoCdProject extends Construct {
  public readonly name: string;

  public constructor(scope: Construct, id: string, props: ArgoCdProjectProps) {
    super(scope, id);
    const globs = [
      ...props.sourceRepos.filter((repo) => GLOB.test(repo)),
      ...props.destinations.flatMap((destination) => [destination.namespace ?? '', destination.server ?? '']).filter((value) => GLOB.test(value)),
    ];
    if (globs.length > 0) {
      throw new Error(`AppProject "${props.name}" lists wildcard sources or destinations (${globs.join(', ')}); list exact values instead.`);
    }
    this.name = props.name;
    new AppProject(this, 'Resource', {
      metadata: {
        name: props.name,
        namespace: props.argocdNamespace ?? 'argocd',
        annotations: { 'argocd.argoproj.io/sync-wave': String(props.syncWave ?? -10) },
      },
      spec: {
        description: props.description,
        sourceRepos: [...props.sourceRepos],
        destinations: [...props.destinations],
        clusterResourceWhitelist: [...(props.clusterResourceWhitelist ?? [])],
        ...(props.namespaceResourceWhitelist ? { namespaceResourceWhitelist: [...props.namespaceResourceWhitelist] } : {}),
        ...(props.namespaceResourceBlacklist ? { namespaceResourceBlacklist: [...props.namespaceResourceBlacklist] } : {}),
        orphanedResources: { warn: props.warnOnOrphans ?? true },
      },
    });
  }
}
