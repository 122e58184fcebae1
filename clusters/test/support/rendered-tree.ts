import { posix } from 'node:path';
import { Fleet } from '../../fleet/fleet-schema';
import { clusterContext } from '../../render/cluster-context';
import { renderCluster } from '../../render/render-cluster';
import { renderFleet } from '../../render/render-fleet';
import { RenderedFile } from '../../render/rendered-file';
import { ManifestObject } from '../../validate/object-problem';
import { holdsObjects, RenderedObject } from '../../validate/rendered-objects';
import { WorkloadDefinition } from '../../../workloads/workload-definition';
import { WORKLOADS } from '../../../workloads/registry';
import { TEST_WORKLOADS } from './echo-workload';
import { yamlDocuments } from './parsed-yaml';

/**
 * Renders by fleet (its JSON) and cluster selection: the suites of one Jest file that read the
 * render of the same fleet share one (a render takes a few hundred milliseconds under Jest).
 */
const renders = new Map<string, readonly RenderedFile[]>();

/**
 * Renders `fleet` in memory with the test app charts. A fleet rendered before in this Jest file
 * is not rendered again: tests that must render twice call `renderFleet` themselves.
 */
export function renderForTest(fleet: Fleet, clusters?: readonly string[]): RenderedFile[] {
  return shared(renders, JSON.stringify([fleet, clusters ?? null]), () => renderFleet(fleet, { workloads: TEST_WORKLOADS, ...(clusters ? { clusters } : {}) }));
}

/** The files `cache` holds for `key`, rendered (and frozen: callers only read them) when absent. */
function shared(cache: Map<string, readonly RenderedFile[]>, key: string, render: () => RenderedFile[]): RenderedFile[] {
  let files = cache.get(key);
  if (!files) {
    files = Object.freeze(render().map((file) => Object.freeze(file)));
    cache.set(key, files);
  }
  return [...files];
}

/** Cluster renders by app charts, then by fleet (its JSON) and cluster: shared like `renders`. */
const clusterRenders = new WeakMap<Readonly<Record<string, WorkloadDefinition>>, Map<string, readonly RenderedFile[]>>();

/**
 * The files of one cluster, rendered through the real pipeline with `workloads` (default: the
 * registry). A cluster of a fleet rendered before in this Jest file is not rendered again: the
 * suites that read it share one render (callers parse the files themselves, so the objects they
 * get are their own).
 */
export function renderClusterForTest(fleet: Fleet, cluster: string, workloads: Readonly<Record<string, WorkloadDefinition>> = WORKLOADS): RenderedFile[] {
  let byFleet = clusterRenders.get(workloads);
  if (!byFleet) {
    byFleet = new Map();
    clusterRenders.set(workloads, byFleet);
  }
  return shared(byFleet, JSON.stringify([fleet, cluster]), () => renderCluster(clusterContext(fleet, cluster, workloads)));
}

/** The Kubernetes objects among rendered files, as `npm run validate` reads them back from disk. */
export function objectsOf(files: readonly RenderedFile[]): RenderedObject[] {
  return files
    .filter((file) => holdsObjects(file.path))
    .flatMap((file) =>
      yamlDocuments(file.content).map((object) => ({ file: file.path, cluster: file.path.split('/')[0], object: object as ManifestObject })),
    );
}

export function findObject(objects: readonly RenderedObject[], cluster: string, kind: string, name: string, namespace?: string): RenderedObject | undefined {
  return objects.find(
    (candidate) =>
      candidate.cluster === cluster &&
      candidate.object.kind === kind &&
      candidate.object.metadata?.name === name &&
      (namespace === undefined || candidate.object.metadata?.namespace === namespace),
  );
}

/**
 * The leaf folder (one ArgoCD Application, one kustomization.yaml) a rendered file belongs to:
 * its deepest ancestor folder holding a kustomization.yaml. Files may sit in subfolders of their
 * leaf (a team's tenancy objects, the bootstrap chart's templates).
 */
export function leafFolderOf(files: readonly RenderedFile[]): (path: string) => string {
  const leaves = new Set(files.filter((file) => posix.basename(file.path) === 'kustomization.yaml').map((file) => posix.dirname(file.path)));
  return (path) => {
    for (let folder = posix.dirname(path); folder !== '.'; folder = posix.dirname(folder)) if (leaves.has(folder)) return folder;
    return posix.dirname(path);
  };
}
