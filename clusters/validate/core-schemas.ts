import { describeObject, ManifestObject, ObjectProblem } from './object-problem';

interface ValidatableModel {
  validate(): void;
}
type ModelClass = new (data: unknown) => ValidatableModel;

interface ValidationErrorDetail {
  readonly instancePath?: string;
  readonly message?: string;
}

const cache = new Map<string, ModelClass | undefined>();

/** kubernetes-models module for an apiVersion: `apps/v1` -> kubernetes-models/apps/v1, `v1` -> kubernetes-models/v1. */
function modelClass(apiVersion: string, kind: string): ModelClass | undefined {
  const key = `${apiVersion}/${kind}`;
  if (!cache.has(key)) {
    let found: ModelClass | undefined;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const exported: Record<string, unknown> = require(`kubernetes-models/${apiVersion}`);
      const candidate = exported[kind];
      if (typeof candidate === 'function') found = candidate as ModelClass;
    } catch {
      found = undefined;
    }
    cache.set(key, found);
  }
  return cache.get(key);
}

/** True when kubernetes-models knows the object's apiVersion and kind (a built-in Kubernetes kind). */
export function isCoreKind(object: ManifestObject): boolean {
  return typeof object.apiVersion === 'string' && typeof object.kind === 'string' && modelClass(object.apiVersion, object.kind) !== undefined;
}

/** Validates a built-in kind against the Kubernetes OpenAPI schema shipped by kubernetes-models. */
export function validateCoreObject(object: ManifestObject, file?: string): ObjectProblem[] {
  const Model = typeof object.apiVersion === 'string' && typeof object.kind === 'string' ? modelClass(object.apiVersion, object.kind) : undefined;
  if (!Model) {
    return [{ file, object: describeObject(object), field: '/kind', message: `unknown built-in kind ${String(object.apiVersion)} ${String(object.kind)}`, rule: 'schema' }];
  }
  try {
    new Model(object).validate();
    return [];
  } catch (error) {
    const details = (error as { errors?: ValidationErrorDetail[] }).errors;
    if (Array.isArray(details) && details.length > 0) {
      return details.map((detail) => ({ file, object: describeObject(object), field: detail.instancePath || '/', message: detail.message ?? 'invalid', rule: 'schema' }));
    }
    return [{ file, object: describeObject(object), field: '/', message: error instanceof Error ? error.message : String(error), rule: 'schema' }];
  }
}
