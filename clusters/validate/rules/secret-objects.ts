import { ObjectProblem } from '../object-problem';
import { findingAt } from '../finding';
import { PolicyContext, PolicyRule } from '../policy-rule';

/**
 * Property 28 of policies.md, for objects: a Secret in Git is a leaked secret. Secrets reach the
 * clusters from AWS (Secrets Manager, IRSA), never from dist/.
 */
export const noSecretData: PolicyRule = {
  id: 'no-secret-data',
  description: 'No rendered Secret carries data or stringData.',
  check({ objects }: PolicyContext): ObjectProblem[] {
    return objects
      .filter(({ object }) => object.kind === 'Secret' && (object.apiVersion === 'v1' || object.apiVersion === undefined))
      .flatMap((rendered) =>
        (['data', 'stringData'] as const)
          .filter((field) => Object.keys((rendered.object[field] as Record<string, unknown> | undefined) ?? {}).length > 0)
          .map((field) => findingAt(rendered, this.id, `/${field}`, 'holds secret values in Git; deliver them from AWS Secrets Manager instead')),
      );
  },
};
