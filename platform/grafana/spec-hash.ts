import { createHash } from 'node:crypto';

/**
 * First 8 hex digits of the SHA-256 of a value's JSON: stable across runs and machines. A Job's
 * pod template is immutable, so Jobs carry this hash of their spec in their name: a changed Job
 * is a new object (the old one is pruned) instead of one ArgoCD must replace on every sync.
 */
export function specHash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 8);
}
