import { celEnv, CelInput, isCelError, parse, plan } from '@bufbuild/cel';
import type { IValidatingAdmissionPolicy } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy';

/**
 * Evaluates a ValidatingAdmissionPolicy's CEL the way the API server does for one object, with a
 * real CEL implementation (@bufbuild/cel): `variables` are computed in order, then every
 * validation must evaluate to true; an error counts as a refusal (failurePolicy Fail).
 * JSON integers become CEL ints and objects CEL maps, as Kubernetes presents typed objects.
 */

type Program = ReturnType<typeof plan>;

const env = celEnv();
const programs = new Map<string, Program>();

function program(expression: string): Program {
  let found = programs.get(expression);
  if (!found) {
    found = plan(env, parse(expression));
    programs.set(expression, found);
  }
  return found;
}

/** A JSON value as CEL sees a Kubernetes object. */
export function celInput(value: unknown): CelInput {
  if (Array.isArray(value)) return value.map(celInput);
  if (value !== null && typeof value === 'object') return new Map(Object.entries(value).map(([key, item]) => [key, celInput(item)]));
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  return value as CelInput;
}

/** What the request carries besides the object. */
export interface AdmissionRequestFacts {
  readonly namespace: string;
  readonly operation: 'CREATE' | 'UPDATE';
}

export interface AdmissionRefusal {
  /** Index of the validation in `spec.validations`. */
  readonly index: number;
  readonly expression: string;
  readonly message: string;
}

function evaluate(expression: string, bindings: Record<string, CelInput>): unknown {
  try {
    return program(expression)(bindings);
  } catch (error) {
    return error;
  }
}

/** The validations of `policy` that refuse `object` (none when it is admitted). */
export function admissionRefusals(policy: Pick<IValidatingAdmissionPolicy, 'spec'>, object: unknown, request: AdmissionRequestFacts): AdmissionRefusal[] {
  const variables = new Map<string, CelInput>();
  const bindings: Record<string, CelInput> = {
    object: celInput(object),
    oldObject: null,
    params: null,
    request: celInput({ namespace: request.namespace, operation: request.operation }),
    variables,
  };
  for (const variable of policy.spec?.variables ?? []) {
    const value = evaluate(variable.expression, bindings);
    if (!isCelError(value) && !(value instanceof Error)) variables.set(variable.name, value as CelInput);
  }
  return (policy.spec?.validations ?? []).flatMap((validation, index) => {
    const result = evaluate(validation.expression, bindings);
    if (result === true) return [];
    const detail = isCelError(result) || result instanceof Error ? ` (evaluation error: ${String((result as { message?: string }).message ?? result)})` : '';
    return [{ index, expression: validation.expression, message: `${validation.message ?? validation.expression}${detail}` }];
  });
}
