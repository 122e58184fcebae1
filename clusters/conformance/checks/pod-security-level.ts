import { podSecurityBaseline, podSecurityRestricted } from '../../validate/rules/pod-security';
import { ConformanceCheck } from './conformance-check';

export const podsMeetNamespaceLevel: ConformanceCheck = {
  id: 'conformance-pod-security',
  description: 'Every pod the chart renders meets the Pod Security level enforced in the namespace it lands in (the admission controller would refuse it otherwise).',
  check({ fleet, release, objects, cluster }) {
    return objects.flatMap((rendered) => {
      const namespace = typeof rendered.object.metadata?.namespace === 'string' ? rendered.object.metadata.namespace : release.namespace;
      const level = cluster.namespaces.get(namespace) ?? 'privileged';
      const rules = level === 'restricted' ? [podSecurityBaseline, podSecurityRestricted] : level === 'baseline' ? [podSecurityBaseline] : [];
      return rules.flatMap((rule) => rule.check({ fleet, objects: [rendered] })).map((problem) => ({ ...problem, rule: this.id, message: `${problem.message} (namespace ${namespace} enforces ${level})` }));
    });
  },
};
