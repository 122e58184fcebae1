import { Construct } from 'constructs';
import {
  Application,
  ApplicationSpecIgnoreDifferences,
  ApplicationSpecSource,
} from './imports/argocd-application-argoproj.io';

/** The API server of the cluster ArgoCD runs in. */
export const IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';

export interface ArgoCdApplicationProps {
  /** Application name; unique in the ArgoCD namespace. */
  readonly name: string;
  /** Namespace ArgoCD watches for Applications. Default: argocd. */
  readonly argocdNamespace?: string;
  /** AppProject the Application belongs to. Never `default`. */
  readonly project: string;
  /** Where the objects come from: a Git path or a Helm chart. */
  readonly source: ApplicationSpecSource;
  /** Namespace objects without one are created in. */
  readonly destinationNamespace: string;
  /** Default: the cluster ArgoCD runs in. */
  readonly destinationServer?: string;
  /** Order among the Applications of one parent sync; lower first. Default: 0. */
  readonly syncWave?: number;
  /** Delete objects that disappear from the source. Default: true. */
  readonly prune?: boolean;
  /** Extra ArgoCD sync options, e.g. `ServerSideApply=true`. Default: none. */
  readonly syncOptions?: readonly string[];
  /** Fields that controllers or webhooks own, ignored when comparing. Default: none. */
  readonly ignoreDifferences?: readonly ApplicationSpecIgnoreDifferences[];
}

/** Retry a failed sync 5 times: 10 s, 20 s, 40 s, 80 s, 160 s (capped at 3 min). */
export const SYNC_RETRY = { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '3m' } } as const;

/** `PruneLast` keeps dependents alive until their replacements are healthy. */
const BASE_SYNC_OPTIONS = ['PruneLast=true'];

/**
 * An ArgoCD Application with the policy every Application of this repository follows:
 * automated sync with prune and self-heal, retry with back-off, an explicit project, and a
 * sync wave. Projects enforce tenancy; this construct refuses the `default` project.
 */
export class ArgoCdApplication extends Construct {
  public readonly name: string;

  public constructor(scope: Construct, id: string, props: ArgoCdApplicationProps) {
    super(scope, id);
    if (props.project === 'default' || props.project === '') {
      throw new Error(`Application "${props.name}" must name an AppProject other than "default"; the default project is locked down.`);
    }
    this.name = props.name;
    const syncOptions = [...BASE_SYNC_OPTIONS, ...(props.syncOptions ?? [])];
    new Application(this, 'Resource', {
      metadata: {
        name: props.name,
        namespace: props.argocdNamespace ?? 'argocd',
        annotations: { 'argocd.argoproj.io/sync-wave': String(props.syncWave ?? 0) },
        // Deleting a pruning Application deletes what it deployed instead of orphaning it; one
        // that must not prune (namespaces, stateful data) must not cascade either.
        ...(props.prune ?? true ? { finalizers: ['resources-finalizer.argocd.argoproj.io'] } : {}),
      },
      spec: {
        project: props.project,
        source: props.source,
        destination: { server: props.destinationServer ?? IN_CLUSTER_SERVER, namespace: props.destinationNamespace },
        syncPolicy: {
          automated: { prune: props.prune ?? true, selfHeal: true, allowEmpty: false },
          retry: SYNC_RETRY,
          syncOptions: [...new Set(syncOptions)],
        },
        ...(props.ignoreDifferences && props.ignoreDifferences.length > 0
          ? { ignoreDifferences: [...props.ignoreDifferences] }
          : {}),
      },
    });
  }
}
