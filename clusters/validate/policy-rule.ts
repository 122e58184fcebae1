import { Fleet } from '../fleet/fleet-schema';
import { ObjectProblem } from './object-problem';
import { RenderedObject } from './rendered-objects';

/** What every policy rule sees: the fleet and everything rendered from it. */
export interface PolicyContext {
  readonly fleet: Fleet;
  readonly objects: readonly RenderedObject[];
}

/** One property of policies.md, checked over the rendered tree. */
export interface PolicyRule {
  /** Stable id, used in findings and in allow-lists. */
  readonly id: string;
  /** The property, in one sentence. */
  readonly description: string;
  check(context: PolicyContext): ObjectProblem[];
}
