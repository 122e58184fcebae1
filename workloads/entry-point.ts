import { Construct } from 'constructs';
import { LoadGenerator } from '../charts/load-generator';
import { NetworkFlow, WorkloadNetworkPolicy } from '../charts/network-flows';
import { isLoadBalanced } from '../charts/service-exposure';
import { appScopedName, componentSelector } from './app-labels';
import { WorkloadProps } from './workload-definition';

/** The Service through which users (and the load generator) reach an app. */
export interface EntryPoint {
  /** Service name. */
  readonly service: string;
  /** Port the Service listens on. */
  readonly servicePort: number;
  /** Port of the pods behind it (what NetworkPolicies see after the Service's translation). */
  readonly containerPort: number;
  /** Labels of the pods behind it. */
  readonly podLabels: Readonly<Record<string, string>>;
  /** Paths the load generator requests in turn, each starting with "/". */
  readonly paths: readonly string[];
}

/** Name of an app's load generator Deployment. */
export function loadGeneratorName(props: WorkloadProps): string {
  return appScopedName(props.appName, 'load-generator');
}

/** Labels of an app's load generator pods. */
export function loadGeneratorPodLabels(props: WorkloadProps): Record<string, string> {
  return componentSelector(props.appName, { app: loadGeneratorName(props) });
}

/** URLs the load generator requests: the entry Service by its in-namespace name. */
export function loadGeneratorTargets(entry: EntryPoint): string[] {
  return entry.paths.map((path) => `http://${entry.service}:${entry.servicePort}${path}`);
}

/** The app's load generator, when the cluster has it switched on. */
export function renderLoadGenerator(scope: Construct, props: WorkloadProps, entry: EntryPoint, image: string): LoadGenerator | undefined {
  if (!props.loadGenerator) return undefined;
  return new LoadGenerator(scope, 'LoadGenerator', {
    name: loadGeneratorName(props),
    targets: loadGeneratorTargets(entry),
    requestsPerSecond: props.loadGenerator.requestsPerSecond,
    selectorLabels: loadGeneratorPodLabels(props),
    image,
  });
}

/** Who may reach the entry pods from outside the app: the load generator and, when exposed, the load balancer. */
export function entryPointIngress(props: WorkloadProps, entry: EntryPoint): NetworkFlow[] {
  return [
    ...(props.loadGenerator
      ? [{ reason: `synthetic traffic from ${loadGeneratorName(props)}`, peer: { podLabels: loadGeneratorPodLabels(props) }, ports: [entry.containerPort] }]
      : []),
    ...(isLoadBalanced(props.exposure)
      ? [{ reason: `${props.exposure} load balancer (IP targets, from its addresses in the VPC)`, peer: { cidr: props.vpcCidr }, ports: [entry.containerPort] }]
      : []),
  ];
}

/** The load generator's own policy: out to the entry pods only. */
export function loadGeneratorNetworkPolicy(props: WorkloadProps, entry: EntryPoint): WorkloadNetworkPolicy[] {
  if (!props.loadGenerator) return [];
  return [
    {
      name: loadGeneratorName(props),
      podLabels: loadGeneratorPodLabels(props),
      ingress: [],
      egress: [{ reason: `requests ${entry.service}`, peer: { podLabels: entry.podLabels }, ports: [entry.containerPort] }],
    },
  ];
}
