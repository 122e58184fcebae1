import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
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

/** Every Kubernetes object in the YAML files under `distDir`, in path order. */
export function readRenderedObjects(distDir: string): RenderedObject[] {
  const files = (readdirSync(distDir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name) && !NOT_OBJECTS.has(entry.name))
    .map((entry) => relative(distDir, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .sort();
  return files.flatMap((file) =>
    parseAllDocuments(readFileSync(join(distDir, file), 'utf8'))
      .map((document) => document.toJS() as ManifestObject | null)
      .filter((object): object is ManifestObject => object !== null && typeof object === 'object')
      .map((object) => ({ file, cluster: file.split('/')[0], object })),
  );
}
