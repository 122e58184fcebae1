import { join } from 'node:path';
import { stringify } from 'yaml';
import { parseFleet } from '../../fleet/load-fleet';
import { Fleet, FleetInput } from '../../fleet/fleet-schema';
import { TestFleetBuilder } from './test-fleet';

export const REPO_ROOT = join(__dirname, '..', '..', '..');

/** The test fleet's input (built in code, see test-fleet.ts), a fresh copy each call. */
export function testFleetInput(): FleetInput {
  return new TestFleetBuilder().toInput();
}

/** YAML text of the test fleet after `change` edits its input (still valid-typed). */
export function fleetYaml(change: (fleet: FleetInput) => void = () => undefined): string {
  return new TestFleetBuilder().with(change).toYaml();
}

/** YAML text of the test fleet with `value` (of any type, valid or not) written at `path`. */
export function fleetYamlWithValue(path: readonly (string | number)[], value: unknown): string {
  const root: Record<string | number, unknown> = { ...testFleetInput() };
  let node = root;
  for (const key of path.slice(0, -1)) {
    node = node[key] as Record<string | number, unknown>;
  }
  node[path[path.length - 1]] = value;
  return stringify(root);
}

/** The test fleet after `change`, validated (app charts are not checked here). */
export function fleetWith(change: (fleet: FleetInput) => void = () => undefined): Fleet {
  return parseFleet(fleetYaml(change), 'fleet.yaml');
}
