import { Fleet } from '../fleet/fleet-schema';
import { validateCoreObject, isCoreKind } from './core-schemas';
import { CrdSchemas } from './crd-schemas';
import { ObjectProblem } from './object-problem';
import { PolicyRule } from './policy-rule';
import { RenderedObject } from './rendered-objects';
import { POLICY_RULES } from './policy-rules';

export interface ValidateOptions {
  readonly fleet: Fleet;
  /** Folder of CustomResourceDefinition files custom resources are validated against. Default: the schemas generated into the repository. */
  readonly crdFolder?: string;
  /** Rules to apply. Default: all of `rules/`. */
  readonly rules?: readonly PolicyRule[];
}

const loaded = new Map<string, CrdSchemas>();

/** Schemas compile lazily and are kept per folder: tests validate many renders. */
function crdSchemas(folder: string | undefined): CrdSchemas {
  const key = folder ?? '';
  const cached = loaded.get(key) ?? (folder === undefined ? CrdSchemas.bundled() : CrdSchemas.fromFolder(folder));
  loaded.set(key, cached);
  return cached;
}

/** Schema problems of every object, then findings of every rule; empty when all is well. */
export function validateObjects(objects: readonly RenderedObject[], options: ValidateOptions): ObjectProblem[] {
  const crds = crdSchemas(options.crdFolder);
  const schemaProblems = objects.flatMap(({ file, object }) => {
    if (crds.knows(object)) return crds.validate(object, file);
    if (isCoreKind(object)) return validateCoreObject(object, file);
    return [{ file, object: `${String(object.kind)} ${String(object.metadata?.name)}`, field: '/apiVersion', message: `no schema for ${String(object.apiVersion)} ${String(object.kind)}: not a built-in kind and not in ${crds.source}`, rule: 'schema' }];
  });
  const context = { fleet: options.fleet, objects };
  return [...schemaProblems, ...(options.rules ?? POLICY_RULES).flatMap((rule) => rule.check(context))];
}

/** How many objects each kind of schema checks: Kubernetes built-ins, the CRD folder, none. */
export function countBySchema(objects: readonly RenderedObject[], crdFolder?: string): { readonly kubernetes: number; readonly crd: number; readonly unknown: number } {
  const crds = crdSchemas(crdFolder);
  let kubernetes = 0;
  let crd = 0;
  for (const { object } of objects) {
    if (crds.knows(object)) crd++;
    else if (isCoreKind(object)) kubernetes++;
  }
  return { kubernetes, crd, unknown: objects.length - kubernetes - crd };
}
