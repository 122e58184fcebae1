import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { FLEET_ARTIFACTS } from '../render/components';
import { parseYaml } from '../render/parsed-yaml';
import { ManifestObject } from './object-problem';

/** An object read back from the rendered tree. */
export interface RenderedObject {
  /** Path relative to the dist folder, "/"-separated. */
  readonly file: string;
  /** First folder of the path: the cluster name (or a fleet-wide folder such as `grafana`). */
  readonly cluster: string;
  readonly object: ManifestObject;
}

/** Files of a Helm chart or kustomize folder that are not Kubernetes objects. */
const NOT_OBJECTS = new Set(['kustomization.yaml', 'Chart.yaml', 'values.yaml']);

/** True for files that hold Kubernetes objects: YAML in cluster folders, not chart or kustomize metadata. */
export function holdsObjects(path: string): boolean {
  const segments = path.split('/');
  return (
    /\.ya?ml$/.test(path) &&
    !NOT_OBJECTS.has(segments[segments.length - 1]) &&
    !FLEET_ARTIFACTS.some((artifact) => artifact.folder === segments[0])
  );
}

/** Every Kubernetes object in the YAML files under `distDir`, in path order. */
export function readRenderedObjects(distDir: string): RenderedObject[] {
  const files = (readdirSync(distDir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => relative(distDir, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .filter(holdsObjects)
    .sort();
  return files.flatMap((file) =>
    (parseYaml(readFileSync(join(distDir, file), 'utf8')).documents as (ManifestObject | null)[])
      .filter((object): object is ManifestObject => object !== null && typeof object === 'object')
      .map((object) => ({ file, cluster: file.split('/')[0], object })),
  );
}
