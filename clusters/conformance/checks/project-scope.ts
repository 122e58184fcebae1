import { findingAt } from '../../validate/finding';
import { groupKind } from '../../validate/pod-templates';
import { RenderedObject } from '../../validate/rendered-objects';
import { GroupKind } from '../helm-release';
import { ConformanceCheck } from './conformance-check';

/** Built-in kinds without a namespace (`group/Kind`). */
const CLUSTER_SCOPED = new Set([
  '/Namespace',
  '/Node',
  '/PersistentVolume',
  'rbac.authorization.k8s.io/ClusterRole',
  'rbac.authorization.k8s.io/ClusterRoleBinding',
  'apiextensions.k8s.io/CustomResourceDefinition',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
  'apiregistration.k8s.io/APIService',
  'scheduling.k8s.io/PriorityClass',
  'storage.k8s.io/StorageClass',
  'storage.k8s.io/CSIDriver',
  'networking.k8s.io/IngressClass',
  'node.k8s.io/RuntimeClass',
  'flowcontrol.apiserver.k8s.io/FlowSchema',
  'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration',
]);

/** ArgoCD's glob matching for project fields (`*` and `?`). */
function globMatches(pattern: string | undefined, value: string): boolean {
  if (pattern === undefined) return false;
  const expression = `^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`;
  return new RegExp(expression).test(value);
}

function listed(list: readonly GroupKind[] | undefined, group: string, kind: string): boolean {
  return (list ?? []).some((entry) => globMatches(entry.group, group) && globMatches(entry.kind, kind));
}

/** Kinds the render itself defines as cluster-scoped. */
function clusterScopedCrds(objects: readonly RenderedObject[]): Set<string> {
  const kinds = new Set<string>();
  for (const { object } of objects) {
    const spec = (object as { spec?: { group?: string; scope?: string; names?: { kind?: string } } }).spec;
    if (object.kind === 'CustomResourceDefinition' && spec?.scope === 'Cluster') kinds.add(`${spec.group ?? ''}/${spec.names?.kind ?? ''}`);
  }
  return kinds;
}

export const projectAllowsObjects: ConformanceCheck = {
  id: 'conformance-project-scope',
  description: "Every object the chart renders is allowed by its Application's AppProject (kind and destination namespace), and every namespace it lands in exists on the cluster.",
  check({ release, objects, cluster, clusterRenders }) {
    const clusterScoped = new Set([...CLUSTER_SCOPED, ...clusterRenders.flatMap((render) => [...clusterScopedCrds(render.objects)])]);
    const createdHere = new Set(objects.filter(({ object }) => object.apiVersion === 'v1' && object.kind === 'Namespace').map(({ object }) => String(object.metadata?.name)));
    return objects.flatMap((rendered) => {
      const kindKey = groupKind(rendered.object);
      const [group, kind] = [kindKey.slice(0, kindKey.indexOf('/')), kindKey.slice(kindKey.indexOf('/') + 1)];
      const project = release.project;
      if (clusterScoped.has(kindKey)) {
        if (project && !listed(project.clusterResourceWhitelist, group, kind)) {
          return [findingAt(rendered, this.id, '/kind', `is cluster-scoped and project ${project.name} does not list ${group || 'core'}/${kind} in clusterResourceWhitelist; ArgoCD refuses to sync it`)];
        }
        return [];
      }
      const namespace = typeof rendered.object.metadata?.namespace === 'string' ? rendered.object.metadata.namespace : release.namespace;
      const problems = [];
      if (!cluster.namespaces.has(namespace) && !createdHere.has(namespace)) {
        problems.push(findingAt(rendered, this.id, '/metadata/namespace', `lands in namespace ${namespace}, which neither the render of ${cluster.name} nor the AWS layer creates`));
      }
      if (project) {
        if (!project.destinations.some((destination) => globMatches(destination.namespace, namespace))) {
          problems.push(findingAt(rendered, this.id, '/metadata/namespace', `lands in namespace ${namespace}, which project ${project.name} has no destination for`));
        }
        if (listed(project.namespaceResourceBlacklist, group, kind) || (project.namespaceResourceWhitelist && !listed(project.namespaceResourceWhitelist, group, kind))) {
          problems.push(findingAt(rendered, this.id, '/kind', `project ${project.name} does not allow ${group || 'core'}/${kind}`));
        }
      }
      return problems;
    });
  },
};
