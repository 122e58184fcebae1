import { Fleet, FleetInput } from '../../fleet/fleet-schema';
import { ManifestObject } from '../../validate/object-problem';
import { PolicyRule } from '../../validate/policy-rule';
import { POLICY_RULES } from '../../validate/policy-rules';
import { RenderedObject } from '../../validate/rendered-objects';
import { useEchoCharts } from './echo-workload';
import { fleetWith } from './fleet-fixtures';
import { objectsOf, renderForTest } from './rendered-tree';

/** Any field of a planted object, as the rules read it back from YAML. */
export type Editable = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * The example fleet with every app drawn by the test chart and no exceptions (those of the
 * example name objects of the real charts), plus `change`.
 */
export function echoFleet(change: (fleet: FleetInput) => void = () => undefined): Fleet {
  return fleetWith((fleet) => {
    useEchoCharts(fleet);
    fleet.policyExceptions = [];
    change(fleet);
  });
}

/** `value` and everything in it, frozen: a test that changes it by mistake fails at once. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

export const ECHO_FLEET = echoFleet();
/** The clean render's objects, frozen: rules only read them, and tests change copies. */
export const CLEAN_OBJECTS: readonly RenderedObject[] = deepFreeze(objectsOf(renderForTest(ECHO_FLEET)));

/** A deep copy of `objects` (default: the clean render). */
export function copyOf(objects: readonly RenderedObject[] = CLEAN_OBJECTS): RenderedObject[] {
  return JSON.parse(JSON.stringify(objects));
}

/**
 * `objects` (default: the clean render) with `change` applied to a copy of the first object of
 * `kind` and `name` (on `cluster`, default prod1); the other objects are shared, not copied.
 */
export function planted(kind: string, name: string, change: (object: Editable) => void, cluster = 'prod1', objects: readonly RenderedObject[] = CLEAN_OBJECTS): RenderedObject[] {
  const index = objects.findIndex(({ object, cluster: found }) => found === cluster && object.kind === kind && object.metadata?.name === name);
  if (index < 0) throw new Error(`no ${kind} ${name} on ${cluster} in the render`);
  const result = [...objects];
  const [target] = copyOf([objects[index]]);
  change(target.object as Editable);
  result[index] = target;
  return result;
}

/** `file` under `folder` of `cluster` holding `object`, as the validator reads it. */
export function placed(cluster: string, folder: string, object: ManifestObject): RenderedObject {
  const name = `${String(object.kind)}-${String(object.metadata?.name)}.yaml`.toLowerCase();
  return { file: `${cluster}/${folder}/${name}`, cluster, object };
}

export interface Finding {
  readonly rule: string;
  readonly object: string;
  readonly field: string;
}

/** Findings of every rule (or of `rules`) over `objects`. */
export function findingsOf(objects: readonly RenderedObject[], fleet: Fleet = ECHO_FLEET, rules: readonly PolicyRule[] = POLICY_RULES): Finding[] {
  return rules.flatMap((rule) => rule.check({ fleet, objects })).map(({ rule, object, field }) => ({ rule, object, field }));
}

/** Rule ids that fire over `objects`, each once. */
export function rulesFiring(objects: readonly RenderedObject[], fleet: Fleet = ECHO_FLEET): string[] {
  return [...new Set(findingsOf(objects, fleet).map((finding) => finding.rule))].sort();
}
