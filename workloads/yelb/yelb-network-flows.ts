import { NetworkFlow, WorkloadNetworkPolicy } from '../../charts/network-flows';
import { appScopedName } from '../app-labels';
import { entryPointIngress, loadGeneratorNetworkPolicy } from '../entry-point';
import { WorkloadProps } from '../workload-definition';
import { yelbEntryPoint, yelbSelector } from './yelb-chart';
import { yelbCallers, yelbComponent, YELB_COMPONENTS, YELB_ENTRY_COMPONENT } from './yelb-topology';

/**
 * The connections yelb needs, from its topology: ui -> appserver -> redis and postgres, plus
 * whatever reaches the UI (load generator, load balancer). yelb exports no metrics or traces,
 * so nothing flows to or from the collectors.
 */
export function yelbNetworkPolicies(props: WorkloadProps): WorkloadNetworkPolicy[] {
  const entry = yelbEntryPoint(props.appName);
  const componentPolicies = YELB_COMPONENTS.map((component): WorkloadNetworkPolicy => {
    const ingress: NetworkFlow[] = [
      ...yelbCallers(component.name).map((caller) => ({
        reason: `called by ${caller.name}`,
        peer: { podLabels: yelbSelector(props.appName, caller) },
        ports: [component.port],
      })),
      ...(component.name === YELB_ENTRY_COMPONENT ? entryPointIngress(props, entry) : []),
    ];
    const egress: NetworkFlow[] = component.calls.map((name) => {
      const callee = yelbComponent(name);
      return { reason: `calls ${callee.name}`, peer: { podLabels: yelbSelector(props.appName, callee) }, ports: [callee.port] };
    });
    return { name: appScopedName(props.appName, component.name), podLabels: yelbSelector(props.appName, component), ingress, egress };
  });
  return [...componentPolicies, ...loadGeneratorNetworkPolicy(props, entry)];
}
