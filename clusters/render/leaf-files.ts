import { posix } from 'node:path';
import { RenderedFile, yamlFile } from './rendered-file';

/** The fields of a Kubernetes object the layout needs. */
export interface KubernetesObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string };
  readonly [field: string]: unknown;
}

export interface LeafFileOptions {
  /** Folder (inside the leaf) the object files go in, e.g. `templates` of a Helm chart. Default: the leaf folder itself. */
  readonly resourcePrefix?: string;
  /** Subfolder of an object's file, e.g. the team that owns it. Default: none. */
  readonly subfolderOf?: (object: KubernetesObject) => string | undefined;
}

/**
 * One file per object and a kustomization.yaml listing them in render order. A file's name
 * depends only on its object (`<kind>-<name>.yaml`, in the subfolder `subfolderOf` gives), never
 * on what else the leaf holds, so adding a team or an app leaves every other file where it was.
 */
export function leafFiles(folder: string, objects: readonly KubernetesObject[], options: LeafFileOptions = {}): RenderedFile[] {
  const resourcePrefix = options.resourcePrefix ?? '';
  const names = fileNames(folder, objects, options.subfolderOf ?? (() => undefined));
  const files = objects.map((object, index) => yamlFile(posix.join(folder, resourcePrefix, names[index]), object));
  const kustomization = {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: names.map((name) => posix.join(resourcePrefix, name)),
  };
  return [...files, yamlFile(posix.join(folder, 'kustomization.yaml'), kustomization)];
}

function fileNames(folder: string, objects: readonly KubernetesObject[], subfolderOf: (object: KubernetesObject) => string | undefined): string[] {
  const owners = new Map<string, KubernetesObject>();
  return objects.map((object) => {
    const name = posix.join(subfolderOf(object) ?? '', `${object.kind}-${object.metadata.name}.yaml`.toLowerCase());
    const owner = owners.get(name);
    if (owner) {
      const describe = (of: KubernetesObject) => `${of.kind} "${of.metadata.namespace ?? ''}/${of.metadata.name}"`;
      throw new Error(
        owner.metadata.namespace === object.metadata.namespace
          ? `${folder}: ${describe(object)} is rendered twice; each object must come from one construct.`
          : `${folder}: ${describe(owner)} and ${describe(object)} would share the file ${name}; give them distinct names or put each namespace's objects in a subfolder of its own.`,
      );
    }
    owners.set(name, object);
    return name;
  });
}
