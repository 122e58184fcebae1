import { posix } from 'node:path';
import { RenderedFile, yamlFile } from './rendered-file';

/** The fields of a Kubernetes object the layout needs. */
export interface KubernetesObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string };
  readonly [field: string]: unknown;
}

/**
 * One file per object (`<kind>-<name>.yaml`, with the namespace added when two objects of a
 * folder share kind and name) and a kustomization.yaml listing them in render order.
 */
export function leafFiles(folder: string, objects: readonly KubernetesObject[], resourcePrefix = ''): RenderedFile[] {
  const names = fileNames(folder, objects);
  const files = objects.map((object, index) => yamlFile(posix.join(folder, resourcePrefix, names[index]), object));
  const kustomization = {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: names.map((name) => posix.join(resourcePrefix, name)),
  };
  return [...files, yamlFile(posix.join(folder, 'kustomization.yaml'), kustomization)];
}

function fileNames(folder: string, objects: readonly KubernetesObject[]): string[] {
  const base = (object: KubernetesObject) => `${object.kind}-${object.metadata.name}`.toLowerCase();
  const counts = new Map<string, number>();
  for (const object of objects) counts.set(base(object), (counts.get(base(object)) ?? 0) + 1);
  const names = objects.map((object) =>
    (counts.get(base(object)) ?? 0) > 1
      ? `${object.kind}-${object.metadata.namespace ?? 'cluster'}-${object.metadata.name}.yaml`.toLowerCase()
      : `${base(object)}.yaml`,
  );
  const seen = new Set<string>();
  for (const [index, name] of names.entries()) {
    if (seen.has(name)) {
      const object = objects[index];
      throw new Error(`${folder}: ${object.kind} "${object.metadata.namespace ?? ''}/${object.metadata.name}" is rendered twice; each object must come from one construct.`);
    }
    seen.add(name);
  }
  return names;
}
