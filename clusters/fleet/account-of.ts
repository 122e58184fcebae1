import { AccountSpec, Fleet } from './fleet-schema';

/** The account entry `name` refers to; throws with the known names when it is missing. */
export function accountOf(fleet: Fleet, name: string): AccountSpec {
  const account = Object.hasOwn(fleet.accounts, name) ? fleet.accounts[name] : undefined;
  if (!account) {
    throw new Error(`The fleet names account "${name}" but defines no such account; add it under accounts in clusters/fleet.yaml (known: ${Object.keys(fleet.accounts).join(', ')}).`);
  }
  return account;
}
