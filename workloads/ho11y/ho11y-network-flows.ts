import { NetworkFlow, WorkloadNetworkPolicy } from '../../charts/network-flows';
import { appScopedName } from '../app-labels';
import { entryPointIngress, loadGeneratorNetworkPolicy } from '../entry-point';
import { internetHttps } from '../network-peers';
import { WorkloadProps } from '../workload-definition';
import { ho11yEntryPoint, ho11ySelector } from './ho11y-chart';
import { ho11yCallers, HO11Y_COMPONENTS, HO11Y_ENTRY_COMPONENT, HO11Y_PORT } from './ho11y-topology';

/**
 * The connections ho11y needs, from its topology: callers to callees on the ho11y port, public
 * sites over HTTPS, traces to the traces collector, scrapes from the metrics collector, and
 * whatever reaches the entry point (load generator, load balancer).
 */
export function ho11yNetworkPolicies(props: WorkloadProps): WorkloadNetworkPolicy[] {
  const entry = ho11yEntryPoint(props.appName);
  const componentPolicies = HO11Y_COMPONENTS.map((component): WorkloadNetworkPolicy => {
    const ingress: NetworkFlow[] = [
      ...ho11yCallers(component.name).map((caller) => ({
        reason: `invoked by ${caller.name}`,
        peer: { podLabels: ho11ySelector(props.appName, caller.name) },
        ports: [HO11Y_PORT],
      })),
      { reason: 'scraped by the metrics collector', peer: { namespace: props.scraper.namespace, podLabels: props.scraper.podLabels }, ports: [HO11Y_PORT] },
      ...(component.name === HO11Y_ENTRY_COMPONENT ? entryPointIngress(props, entry) : []),
    ];
    const egress: NetworkFlow[] = [
      ...component.downstreams.flatMap((downstream): NetworkFlow[] => {
        if ('component' in downstream) {
          return [{ reason: `invokes ${downstream.component}`, peer: { podLabels: ho11ySelector(props.appName, downstream.component) }, ports: [HO11Y_PORT] }];
        }
        if ('externalUrl' in downstream) return [internetHttps(downstream.externalUrl)];
        return [];
      }),
      {
        reason: 'sends traces over OTLP gRPC to the traces collector',
        peer: { namespace: props.traceReceiver.namespace, podLabels: props.traceReceiver.podLabels },
        ports: [props.traceReceiver.port],
      },
    ];
    return { name: appScopedName(props.appName, component.name), podLabels: ho11ySelector(props.appName, component.name), ingress, egress };
  });
  return [...componentPolicies, ...loadGeneratorNetworkPolicy(props, entry)];
}
