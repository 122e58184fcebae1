import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { parseFleet } from '../../fleet/load-fleet';
import { Fleet, FleetInput } from '../../fleet/fleet-schema';

export const REPO_ROOT = join(__dirname, '..', '..', '..');
export const EXAMPLE_FLEET_FILE = join(REPO_ROOT, 'clusters', 'fleet.yaml');

export function exampleFleetInput(): FleetInput {
  return parse(readFileSync(EXAMPLE_FLEET_FILE, 'utf8')) as FleetInput;
}

/** YAML text of the example fleet after `change` edits its parsed (still valid-typed) form. */
export function fleetYaml(change: (fleet: FleetInput) => void = () => undefined): string {
  const fleet = exampleFleetInput();
  change(fleet);
  return stringify(fleet);
}

/** YAML text of the example fleet with `value` (of any type, valid or not) written at `path`. */
export function fleetYamlWithValue(path: readonly (string | number)[], value: unknown): string {
  const root: Record<string | number, unknown> = { ...exampleFleetInput() };
  let node = root;
  for (const key of path.slice(0, -1)) {
    node = node[key] as Record<string | number, unknown>;
  }
  node[path[path.length - 1]] = value;
  return stringify(root);
}

/** The example fleet after `change`, validated (app charts are not checked here). */
export function fleetWith(change: (fleet: FleetInput) => void = () => undefined): Fleet {
  return parseFleet(fleetYaml(change), 'fleet.yaml');
}
