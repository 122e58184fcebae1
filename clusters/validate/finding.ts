import { describeObject, ObjectProblem } from './object-problem';
import { RenderedObject } from './rendered-objects';

/** A finding about a rendered object, with the field it is about. */
export function findingAt(rendered: RenderedObject, rule: string, field: string, message: string): ObjectProblem {
  return { file: rendered.file, object: describeObject(rendered.object), field: field || '/', message, rule };
}
