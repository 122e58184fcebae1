/** A finding about one rendered object. */
export interface ObjectProblem {
  /** File under dist/ (or another folder) the object came from, when known. */
  readonly file?: string;
  /** `Kind namespace/name` of the object. */
  readonly object: string;
  /** JSON pointer of the offending field, e.g. `/spec/template/spec/containers/0/image`. */
  readonly field: string;
  readonly message: string;
  /** Id of the rule that found it (schema problems use `schema`). */
  readonly rule: string;
}

export interface ManifestObject {
  readonly apiVersion?: unknown;
  readonly kind?: unknown;
  readonly metadata?: { readonly name?: unknown; readonly namespace?: unknown };
  readonly [field: string]: unknown;
}

export function describeObject(object: ManifestObject): string {
  const namespace = typeof object.metadata?.namespace === 'string' ? `${object.metadata.namespace}/` : '';
  return `${String(object.kind)} ${namespace}${String(object.metadata?.name)}`;
}
