import { findingAt } from '../../validate/finding';
import { ConformanceCheck } from './conformance-check';

interface CrdFields {
  readonly spec?: { readonly group?: string; readonly names?: { readonly kind?: string } };
}

/** Hooks Helm creates after the release's manifest (its CRDs included) is applied. */
const AFTER_MANIFEST_HOOKS = /^(post-install|post-upgrade)(,(post-install|post-upgrade))*$/;

export const crdsBeforeResources: ConformanceCheck = {
  id: 'conformance-crd-in-same-release',
  description: 'No custom resource is in the same Helm release manifest as the CRD that defines it (Helm maps every object before creating any, so the install fails), unless the kind is registered before the release.',
  check({ release, objects }) {
    const defined = new Map<string, string>();
    for (const { object } of objects) {
      if (object.kind !== 'CustomResourceDefinition') continue;
      const spec = (object as CrdFields).spec;
      if (spec?.group && spec.names?.kind) defined.set(`${spec.group}/${spec.names.kind}`, String(object.metadata?.name));
    }
    return objects.flatMap((rendered) => {
      const apiVersion = String(rendered.object.apiVersion ?? '');
      const groupKind = `${apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : ''}/${String(rendered.object.kind)}`;
      const crd = defined.get(groupKind);
      if (!crd || release.kindsEstablishedBefore.includes(groupKind)) return [];
      const hook = (rendered.object.metadata as { annotations?: Record<string, string> } | undefined)?.annotations?.['helm.sh/hook'];
      if (hook && AFTER_MANIFEST_HOOKS.test(hook.replace(/\s/g, ''))) return [];
      return [findingAt(rendered, this.id, '/kind', `is defined by CRD ${crd} of the same release; Helm fails with "no matches for kind ${String(rendered.object.kind)}" on install. Create it in a separate release or manifest applied after this one, or register the kind first`)];
    });
  },
};
