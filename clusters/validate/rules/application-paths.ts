import { IApplication } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application';
import { describeObject, ObjectProblem } from '../object-problem';
import { PolicyContext, PolicyRule } from '../policy-rule';

/** Property 23: every Application reading this repository points at a rendered folder with objects. */
export const applicationPathsExist: PolicyRule = {
  id: 'argocd-application-path-exists',
  description: 'Every Application that reads this repository points at a folder of dist/ holding at least one object, on the fleet revision.',
  check({ fleet, objects }: PolicyContext): ObjectProblem[] {
    const folders = new Map<string, number>();
    for (const { file } of objects) {
      const folder = file.slice(0, file.lastIndexOf('/')).replace(/\/templates$/, '');
      folders.set(folder, (folders.get(folder) ?? 0) + 1);
    }
    const problems: ObjectProblem[] = [];
    for (const { file, object } of objects) {
      if (object.apiVersion !== 'argoproj.io/v1alpha1' || object.kind !== 'Application') continue;
      const source = (object as unknown as IApplication).spec?.source;
      if (!source || source.repoURL !== fleet.repository.url) continue;
      const where = { file, object: describeObject(object), rule: this.id };
      if (source.targetRevision !== fleet.repository.revision) {
        problems.push({ ...where, field: '/spec/source/targetRevision', message: `is "${source.targetRevision}", the fleet syncs "${fleet.repository.revision}"` });
      }
      const path = source.path ?? '';
      if (!path.startsWith('dist/') || !folders.has(path.slice('dist/'.length))) {
        problems.push({ ...where, field: '/spec/source/path', message: `"${path}" is not a rendered folder holding objects` });
      }
    }
    return problems;
  },
};
