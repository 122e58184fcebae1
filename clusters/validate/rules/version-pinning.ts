import { IApplication } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application';
import { ObjectProblem } from '../object-problem';
import { findingAt } from '../finding';
import { allPods } from '../pod-templates';
import { PolicyContext, PolicyRule } from '../policy-rule';

/**
 * Property 10 of policies.md, and the pinned chart versions DESIGN.md asks for: what is
 * deployed is decided by this repository, not by whatever a registry serves on the day of a
 * sync or a node restart.
 */

/** Tags that registries move on purpose. */
const FLOATING_TAGS = new Set(['latest', 'stable', 'main', 'master', 'edge', 'nightly', 'dev', 'develop', 'head', 'canary', 'current']);

/** Exact chart version; ranges, `*` and branch names float. */
const EXACT_CHART_VERSION = /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

/** Why an image reference floats, or undefined when it is pinned by tag or digest. */
export function imageProblem(image: unknown): string | undefined {
  if (typeof image !== 'string' || image.trim() === '') return 'names no image';
  const [name, digest] = image.split('@');
  if (digest !== undefined && !/^sha256:[a-f0-9]{64}$/.test(digest)) return `"${image}" has a malformed digest`;
  const lastSegment = name.slice(name.lastIndexOf('/') + 1);
  const tag = lastSegment.includes(':') ? lastSegment.slice(lastSegment.indexOf(':') + 1) : undefined;
  if (digest !== undefined) return undefined;
  if (!tag) return `"${image}" has no tag, so it means :latest`;
  if (FLOATING_TAGS.has(tag.toLowerCase())) return `"${image}" uses the floating tag "${tag}"`;
  return undefined;
}

export const imagesPinned: PolicyRule = {
  id: 'image-pinned',
  description: 'Every container image carries a fixed tag or a digest: no latest, no floating tag, no missing tag.',
  check({ objects }: PolicyContext): ObjectProblem[] {
    return allPods(objects).flatMap((pod) =>
      pod.containers.flatMap((container) => {
        const problem = imageProblem(container.fields.image);
        return problem ? [findingAt(pod.source, this.id, `${container.pointer}/image`, `container ${container.fields.name ?? ''} ${problem}; pin a version (and a digest where known)`)] : [];
      }),
    );
  },
};

/** Image references inside Helm values: `image: repo:tag` strings and `tag:` keys. */
function valuesProblems(values: unknown, pointer: string): { field: string; message: string }[] {
  if (values === null || typeof values !== 'object') return [];
  return Object.entries(values as Record<string, unknown>).flatMap(([key, value]) => {
    const field = `${pointer}/${key}`;
    if (key === 'tag' && typeof value === 'string' && FLOATING_TAGS.has(value.toLowerCase())) return [{ field, message: `uses the floating image tag "${value}"` }];
    if (key === 'image' && typeof value === 'string') {
      const problem = imageProblem(value);
      return problem ? [{ field, message: problem }] : [];
    }
    return valuesProblems(value, field);
  });
}

export const helmChartsPinned: PolicyRule = {
  id: 'helm-chart-pinned',
  description: 'Every Application with a Helm source pins an exact chart version, and its values pin no floating image tag.',
  check({ objects }: PolicyContext): ObjectProblem[] {
    const problems: ObjectProblem[] = [];
    for (const rendered of objects) {
      if (rendered.object.apiVersion !== 'argoproj.io/v1alpha1' || rendered.object.kind !== 'Application') continue;
      const spec = (rendered.object as unknown as IApplication).spec;
      const sources = spec?.source ? [{ source: spec.source, pointer: '/spec/source' }] : (spec?.sources ?? []).map((source, index) => ({ source, pointer: `/spec/sources/${index}` }));
      for (const { source, pointer } of sources) {
        if (!source.chart) continue;
        if (!EXACT_CHART_VERSION.test(source.targetRevision ?? '')) {
          problems.push(findingAt(rendered, this.id, `${pointer}/targetRevision`, `chart ${source.chart} version "${source.targetRevision ?? ''}" is not an exact version such as 1.2.3`));
        }
        for (const { field, message } of valuesProblems(source.helm?.valuesObject, `${pointer}/helm/valuesObject`)) {
          problems.push(findingAt(rendered, this.id, field, `chart ${source.chart}: ${message}`));
        }
      }
    }
    return problems;
  },
};

export const VERSION_PINNING_RULES: readonly PolicyRule[] = [imagesPinned, helmChartsPinned];
