import { Chart } from 'cdk8s';
import { ApplicationSpecIgnoreDifferences } from '../../charts/imports/argocd-application-argoproj.io';
import { KubernetesObject } from './leaf-files';

/**
 * One folder of `dist/<cluster>/`: the objects of one cdk8s chart, one file each, with a
 * kustomization.yaml, and the ArgoCD Application (in the bootstrap app-of-apps) that syncs it.
 */
export interface Leaf {
  /** Folder under `dist/<cluster>/`, e.g. `platform/cert-manager` or `workloads/team-geordie/ho11y`. */
  readonly path: string;
  /** The chart whose objects fill the folder. */
  readonly chart: Chart;
  readonly sync: LeafSync;
  /** Subfolder of the leaf an object's file goes in, so that each owner's objects sit together (e.g. one per team). Default: none. */
  readonly subfolder?: (object: KubernetesObject) => string | undefined;
}

export interface LeafSync {
  /** ArgoCD Application name. Default: the path with "/" replaced by "-". */
  readonly applicationName?: string;
  /** AppProject the Application belongs to. */
  readonly project: string;
  /** Namespace objects without one land in. */
  readonly namespace: string;
  /** See platform/sync-waves.ts. */
  readonly wave: number;
  /** Prune objects removed from the folder. Default: true. */
  readonly prune?: boolean;
  /** Extra sync options (`ServerSideApply=true`, `SkipDryRunOnMissingResource=true`). Default: none. */
  readonly syncOptions?: readonly string[];
  /** Fields owned by controllers. Default: none. */
  readonly ignoreDifferences?: readonly ApplicationSpecIgnoreDifferences[];
}

export function leafApplicationName(leaf: Leaf): string {
  return leaf.sync.applicationName ?? leaf.path.replace(/\//g, '-');
}
