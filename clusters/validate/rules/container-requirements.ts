import { ObjectProblem } from '../object-problem';
import { findingAt } from '../finding';
import { allPods } from '../pod-templates';
import { PolicyContext, PolicyRule } from '../policy-rule';

/** Property 9 of policies.md: what every container declares so the scheduler and kubelet can manage it. */

export const containerResources: PolicyRule = {
  id: 'container-resources',
  description: 'Every container requests and limits CPU and memory.',
  check({ objects }: PolicyContext): ObjectProblem[] {
    return allPods(objects).flatMap((pod) =>
      pod.containers.flatMap((container) => {
        const resources = container.fields.resources ?? {};
        const missing = (['requests', 'limits'] as const).flatMap((kind) => (['cpu', 'memory'] as const).filter((resource) => resources[kind]?.[resource] === undefined).map((resource) => `${kind}.${resource}`));
        return missing.length === 0 ? [] : [findingAt(pod.source, this.id, `${container.pointer}/resources`, `container ${container.fields.name ?? ''} sets no ${missing.join(', ')}`)];
      }),
    );
  },
};

export const containerProbes: PolicyRule = {
  id: 'container-probes',
  description: 'Every long-running container has a readiness and a liveness probe (init containers and Jobs run to completion and need none).',
  check({ objects }: PolicyContext): ObjectProblem[] {
    return allPods(objects)
      .filter((pod) => !pod.runsToCompletion && !pod.probesFromOperator)
      .flatMap((pod) =>
        pod.containers
          .filter((container) => !container.init)
          .flatMap((container) =>
            (['readinessProbe', 'livenessProbe'] as const)
              .filter((probe) => container.fields[probe] === undefined)
              .map((probe) => findingAt(pod.source, this.id, `${container.pointer}/${probe}`, `container ${container.fields.name ?? ''} has no ${probe}`)),
          ),
      );
  },
};

export const CONTAINER_RULES: readonly PolicyRule[] = [containerResources, containerProbes];
