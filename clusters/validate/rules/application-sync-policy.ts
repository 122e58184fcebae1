import { ApplicationIndex, objectsByFolder } from '../application-index';
import { ObjectProblem } from '../object-problem';
import { findingAt } from '../finding';
import { PolicyContext, PolicyRule } from '../policy-rule';
import { persistentDataOf } from './stateful-data';

/**
 * Property 22 of policies.md: ArgoCD converges on its own. Every Application syncs automatically,
 * heals drift and retries with back-off. It prunes too, except where pruning would destroy what
 * cannot be rebuilt from Git: a folder holding Namespaces (deleting one deletes everything in it)
 * or persistent data may turn prune off.
 */
export const applicationSyncPolicy: PolicyRule = {
  id: 'application-sync-policy',
  description: 'Every Application syncs automatically with prune and self-heal and retries with back-off; only folders holding Namespaces or persistent data may turn prune off.',
  check({ objects }: PolicyContext): ObjectProblem[] {
    const index = new ApplicationIndex(objects);
    const folders = objectsByFolder(objects);
    const problems: ObjectProblem[] = [];
    for (const application of index.applications) {
      const policy = application.spec?.syncPolicy;
      const report = (field: string, message: string) => problems.push(findingAt(application.rendered, this.id, field, message));
      if (!policy?.automated) {
        report('/spec/syncPolicy/automated', 'is missing; the Application would wait for a manual sync');
        continue;
      }
      if (policy.automated.selfHeal !== true) report('/spec/syncPolicy/automated/selfHeal', 'must be true so drift is reverted');
      if (policy.automated.prune !== true) {
        const path = application.spec?.source?.path;
        const folder = path?.startsWith('dist/') ? folders.get(path.slice('dist/'.length)) ?? [] : [];
        const guarded = folder.some((rendered) => rendered.object.kind === 'Namespace' || persistentDataOf(rendered) !== undefined);
        if (!guarded) report('/spec/syncPolicy/automated/prune', 'is off, so removed objects linger; only folders holding Namespaces or persistent data may turn it off');
      }
      const retry = policy.retry;
      if (!retry || !(typeof retry.limit === 'number' && (retry.limit > 0 || retry.limit === -1))) report('/spec/syncPolicy/retry/limit', 'must retry a failed sync (limit above 0)');
      else if (!retry.backoff?.duration || !(Number(retry.backoff.factor ?? 0) >= 2)) report('/spec/syncPolicy/retry/backoff', 'must back off (a duration and a factor of at least 2)');
    }
    return problems;
  },
};
