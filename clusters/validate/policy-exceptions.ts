import { PolicyException } from '../fleet/fleet-schema';
import { describeObject, ObjectProblem } from './object-problem';

/** Rule id of findings about the exception list itself. */
export const EXCEPTIONS_RULE_ID = 'policy-exception-valid';

/** A finding, with the cluster its object belongs to (for exceptions limited to one cluster). */
export interface GateFinding extends ObjectProblem {
  /** Cluster folder of the object the finding is about; undefined for repository files. */
  readonly cluster?: string;
}

export interface ExceptionOutcome {
  /** Findings no exception covers, then one per exception that covered nothing or names no rule. */
  readonly findings: GateFinding[];
  /** Findings accepted, each with the exception that accepts it. */
  readonly accepted: { readonly finding: GateFinding; readonly exception: PolicyException }[];
}

function covers(exception: PolicyException, finding: GateFinding): boolean {
  if (exception.rule !== finding.rule) return false;
  if (exception.file !== undefined) return finding.file === exception.file;
  const object = exception.object;
  if (!object) return false;
  const described = describeObject({ kind: object.kind, metadata: { name: object.name, ...(object.namespace ? { namespace: object.namespace } : {}) } });
  return finding.object === described && (object.cluster === undefined || object.cluster === finding.cluster);
}

function describeException(exception: PolicyException): string {
  if (exception.file !== undefined) return `file ${exception.file}`;
  const object = exception.object;
  return object ? `${object.kind} ${object.namespace ? `${object.namespace}/` : ''}${object.name}${object.cluster ? ` on ${object.cluster}` : ''}` : '(nothing)';
}

/** An exception with where it is written, so a stale one is reported at its source. */
export interface ListedException {
  readonly exception: PolicyException;
  /** File that lists it, relative to the repository root. */
  readonly file: string;
  /** Where in that file. */
  readonly field: string;
}

/**
 * Removes the findings the fleet file (and `listedElsewhere`, e.g. exceptions app charts declare
 * in code) accept. An exception naming an unknown rule, or covering no finding, becomes a finding
 * itself: the lists stay exactly as long as what they excuse. `knownRules` are the ids of the
 * rules that ran; `fleetFile` is where findings about the fleet file's list point.
 */
export function applyPolicyExceptions(
  findings: readonly GateFinding[],
  fleetExceptions: readonly PolicyException[],
  knownRules: readonly string[],
  fleetFile: string,
  listedElsewhere: readonly ListedException[] = [],
): ExceptionOutcome {
  const listed: ListedException[] = [
    ...fleetExceptions.map((exception, index) => ({ exception, file: fleetFile, field: `/policyExceptions/${index}` })),
    ...listedElsewhere,
  ];
  const exceptions = listed.map((entry) => entry.exception);
  const used = new Set<number>();
  const remaining: GateFinding[] = [];
  const accepted: ExceptionOutcome['accepted'][number][] = [];
  for (const finding of findings) {
    const index = exceptions.findIndex((exception) => covers(exception, finding));
    if (index === -1 || finding.rule === 'schema') {
      remaining.push(finding);
    } else {
      used.add(index);
      accepted.push({ finding, exception: exceptions[index] });
    }
  }
  exceptions.forEach((exception, index) => {
    const where = { file: listed[index].file, object: `policy exception for ${describeException(exception)}`, field: listed[index].field, rule: EXCEPTIONS_RULE_ID };
    if (!knownRules.includes(exception.rule)) {
      remaining.push({ ...where, message: `names rule "${exception.rule}", which does not exist (known: ${knownRules.join(', ')})` });
    } else if (!used.has(index)) {
      remaining.push({ ...where, message: `matches no finding of rule ${exception.rule}; remove it (the violation it excused is gone) or correct the object` });
    }
  });
  return { findings: remaining, accepted };
}
