import { ApplicationIndex, hasSyncOption } from '../application-index';
import { ObjectProblem } from '../object-problem';
import { findingAt } from '../finding';
import { podsOf } from '../pod-templates';
import { PolicyContext, PolicyRule } from '../policy-rule';
import { RenderedObject } from '../rendered-objects';

/**
 * Property 26 of policies.md: data outlives a refactoring. An object holding persistent data
 * (a PersistentVolumeClaim, a StatefulSet with volume claim templates, a pod mounting a claim)
 * is never deleted by an automated prune: its Application does not prune, or the object carries
 * ArgoCD's `Prune=false` sync option; and a StatefulSet does not delete its claims with itself.
 */

/** Why an object holds persistent data, or undefined. */
export function persistentDataOf(rendered: RenderedObject): string | undefined {
  const { object } = rendered;
  if (object.kind === 'PersistentVolumeClaim') return 'is a PersistentVolumeClaim';
  if (object.kind === 'StatefulSet' && ((object.spec as { volumeClaimTemplates?: unknown[] } | undefined)?.volumeClaimTemplates ?? []).length > 0) {
    return 'is a StatefulSet with volume claim templates';
  }
  const claims = podsOf(rendered).flatMap((pod) => pod.volumes.filter((volume) => 'persistentVolumeClaim' in volume).map((volume) => String(volume.name)));
  return claims.length > 0 ? `mounts persistent volume claim(s) ${claims.join(', ')}` : undefined;
}

export const statefulDataNotPruned: PolicyRule = {
  id: 'stateful-data-not-pruned',
  description: 'Objects holding persistent data are not pruned automatically (Application prune off or the object annotated Prune=false), and StatefulSets keep their claims when deleted.',
  check({ objects }: PolicyContext): ObjectProblem[] {
    const index = new ApplicationIndex(objects);
    const problems: ObjectProblem[] = [];
    for (const rendered of objects) {
      const why = persistentDataOf(rendered);
      if (!why) continue;
      const application = index.forFile(rendered.file);
      const annotation = (rendered.object.metadata as { annotations?: Record<string, string> }).annotations?.['argocd.argoproj.io/sync-options'];
      const pruned = application?.spec?.syncPolicy?.automated?.prune === true;
      if (pruned && !hasSyncOption(annotation, 'Prune=false')) {
        problems.push(findingAt(rendered, this.id, '/metadata/annotations', `${why} and Application ${application?.name ?? ''} prunes automatically; annotate it argocd.argoproj.io/sync-options: Prune=false`));
      }
      const retention = (rendered.object.spec as { persistentVolumeClaimRetentionPolicy?: { whenDeleted?: string } } | undefined)?.persistentVolumeClaimRetentionPolicy;
      if (rendered.object.kind === 'StatefulSet' && retention?.whenDeleted === 'Delete') {
        problems.push(findingAt(rendered, this.id, '/spec/persistentVolumeClaimRetentionPolicy/whenDeleted', 'deletes its volume claims with the StatefulSet; use Retain'));
      }
    }
    return problems;
  },
};
