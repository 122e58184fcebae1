import { ApplicationIndex } from '../application-index';
import { ObjectProblem } from '../object-problem';
import { findingAt } from '../finding';
import { groupKind } from '../pod-templates';
import { PolicyContext, PolicyRule } from '../policy-rule';

/** Built-in kinds without a namespace: two of them clash by name across the whole cluster. */
const CLUSTER_SCOPED = new Set([
  '/Namespace', '/PersistentVolume', '/Node', 'rbac.authorization.k8s.io/ClusterRole', 'rbac.authorization.k8s.io/ClusterRoleBinding',
  'apiextensions.k8s.io/CustomResourceDefinition', 'storage.k8s.io/StorageClass', 'storage.k8s.io/CSIDriver', 'scheduling.k8s.io/PriorityClass',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration', 'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy', 'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
  'apiregistration.k8s.io/APIService', 'networking.k8s.io/IngressClass', 'node.k8s.io/RuntimeClass', 'cert-manager.io/ClusterIssuer',
]);

/**
 * Property 27 of policies.md: one object, one owner. Two folders (two Applications) rendering
 * the same object make ArgoCD flip it between them and report both out of sync.
 */
export const objectEmittedOnce: PolicyRule = {
  id: 'object-emitted-once',
  description: 'No object (API group, kind, namespace, name) is rendered twice for the same cluster.',
  check({ objects }: PolicyContext): ObjectProblem[] {
    const index = new ApplicationIndex(objects);
    const first = new Map<string, string>();
    const problems: ObjectProblem[] = [];
    for (const rendered of objects) {
      const kind = groupKind(rendered.object);
      const explicit = rendered.object.metadata?.namespace;
      const namespace = CLUSTER_SCOPED.has(kind) ? '' : typeof explicit === 'string' ? explicit : index.forFile(rendered.file)?.spec?.destination?.namespace ?? '';
      const key = `${rendered.cluster}|${kind}|${namespace}|${String(rendered.object.metadata?.name)}`;
      const earlier = first.get(key);
      if (earlier === undefined) first.set(key, rendered.file);
      else problems.push(findingAt(rendered, this.id, '/metadata/name', `is also rendered in ${earlier}; give each object one owner`));
    }
    return problems;
  },
};
