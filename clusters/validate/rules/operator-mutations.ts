import { ApplicationIndex, IndexedApplication } from '../application-index';
import { ObjectProblem } from '../object-problem';
import { findingAt } from '../finding';
import { groupKind } from '../pod-templates';
import { PolicyContext, PolicyRule } from '../policy-rule';
import { RenderedObject } from '../rendered-objects';

/**
 * Property 25 of policies.md: a field a controller owns is not fought over. When the render sets
 * a field that a controller rewrites (replicas under a HorizontalPodAutoscaler, a caBundle
 * cert-manager injects), the Application must ignore it, or self-heal and the controller undo
 * each other forever.
 */

const CA_INJECTION_ANNOTATIONS = ['cert-manager.io/inject-ca-from', 'cert-manager.io/inject-ca-from-secret', 'cert-manager.io/inject-apiserver-ca'];

function ignores(application: IndexedApplication | undefined, object: RenderedObject['object'], field: string): boolean {
  const [group, kind] = groupKind(object).split('/');
  return (application?.spec?.ignoreDifferences ?? []).some(
    (entry) =>
      (entry.group ?? '') === group &&
      entry.kind === kind &&
      (entry.name === undefined || entry.name === object.metadata?.name) &&
      ((entry.jsonPointers ?? []).some((pointer) => pointer.includes(field)) || (entry.jqPathExpressions ?? []).some((expression) => expression.includes(field))),
  );
}

export const operatorFieldsIgnored: PolicyRule = {
  id: 'operator-fields-ignored',
  description: 'Fields controllers own (replicas under an autoscaler, injected caBundles) are not rendered, or are in the Application\'s ignoreDifferences.',
  check({ objects }: PolicyContext): ObjectProblem[] {
    const index = new ApplicationIndex(objects);
    const problems: ObjectProblem[] = [];
    const byName = new Map(objects.map((rendered) => [`${rendered.cluster}|${String(rendered.object.metadata?.namespace)}|${String(rendered.object.kind)}|${String(rendered.object.metadata?.name)}`, rendered]));
    for (const rendered of objects) {
      const { object } = rendered;
      if (object.kind === 'HorizontalPodAutoscaler') {
        const target = (object.spec as { scaleTargetRef?: { kind?: string; name?: string } } | undefined)?.scaleTargetRef;
        const scaled = byName.get(`${rendered.cluster}|${String(object.metadata?.namespace)}|${String(target?.kind)}|${String(target?.name)}`);
        if (scaled && (scaled.object.spec as { replicas?: number } | undefined)?.replicas !== undefined && !ignores(index.forFile(scaled.file), scaled.object, 'replicas')) {
          problems.push(findingAt(scaled, this.id, '/spec/replicas', `is set although HorizontalPodAutoscaler ${String(object.metadata?.name)} owns it; omit it or ignore /spec/replicas in the Application`));
        }
      }
      const annotations = (object.metadata as { annotations?: Record<string, string> } | undefined)?.annotations ?? {};
      if (CA_INJECTION_ANNOTATIONS.some((annotation) => annotation in annotations) && !ignores(index.forFile(rendered.file), object, 'caBundle')) {
        problems.push(findingAt(rendered, this.id, '/metadata/annotations', 'has its caBundle injected by cert-manager; add it to the Application\'s ignoreDifferences'));
      }
    }
    return problems;
  },
};
