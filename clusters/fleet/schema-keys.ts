import { z } from 'zod';

/**
 * What the fleet schema expects at a path of the file: the keys an object there may have, or
 * whether it is a map of names (accounts, clusters, teams, apps). Used to turn "unknown key" into
 * advice: a misspelling, or a key indented under the wrong parent.
 */

export type SchemaShape = { readonly kind: 'object'; readonly keys: readonly string[] } | { readonly kind: 'map'; readonly entry: z.ZodType } | { readonly kind: 'other' };

interface Def {
  readonly type: string;
  readonly shape?: Record<string, z.ZodType>;
  readonly valueType?: z.ZodType;
  readonly innerType?: z.ZodType;
  readonly in?: z.ZodType;
  readonly options?: readonly z.ZodType[];
  readonly element?: z.ZodType;
}

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

/** The schema without defaults, optionality and refinement wrappers. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    if ((def.type === 'default' || def.type === 'optional' || def.type === 'nullable' || def.type === 'prefault') && def.innerType) current = def.innerType;
    else if (def.type === 'pipe' && def.in) current = def.in;
    else return current;
  }
}

/** The schemas a value at `path` may match (several for a union). */
function schemasAt(root: z.ZodType, path: readonly (string | number)[]): z.ZodType[] {
  let current = [unwrap(root)];
  for (const key of path) {
    current = current.flatMap((schema) => {
      const def = defOf(schema);
      if (def.type === 'object' && def.shape) return typeof key === 'string' && key in def.shape ? [unwrap(def.shape[key])] : [];
      if (def.type === 'record' && def.valueType) return [unwrap(def.valueType)];
      if (def.type === 'array' && def.element) return typeof key === 'number' ? [unwrap(def.element)] : [];
      if (def.type === 'union' && def.options) return def.options.map(unwrap).flatMap((option) => schemasAt(option, [key]));
      return [];
    });
  }
  return current.flatMap((schema) => {
    const def = defOf(schema);
    return def.type === 'union' && def.options ? def.options.map(unwrap) : [schema];
  });
}

/** What is expected at `path`: an object's keys (of every union member), a map, or something else. */
export function shapeAt(root: z.ZodType, path: readonly (string | number)[]): SchemaShape {
  const schemas = schemasAt(root, path);
  const keys = schemas.flatMap((schema) => {
    const def = defOf(schema);
    return def.type === 'object' && def.shape ? Object.keys(def.shape) : [];
  });
  if (keys.length > 0) return { kind: 'object', keys: [...new Set(keys)] };
  const map = schemas.find((schema) => defOf(schema).type === 'record');
  if (map) return { kind: 'map', entry: defOf(map).valueType ?? map };
  return { kind: 'other' };
}

/** Edit distance, for "did you mean". */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}
