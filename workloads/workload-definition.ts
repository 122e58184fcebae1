import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { WorkloadNetworkPolicy } from '../charts/network-flows';
import type { Exposure } from '../clusters/fleet/fleet-schema';

/** What the renderer tells an app chart about where it runs. No cluster literals live in workloads/. */
export interface WorkloadProps {
  /** Namespace of the owning team. */
  readonly namespace: string;
  /** The app's name in the fleet file (also a label on everything it renders). */
  readonly appName: string;
  /**
   * How the app's one entry-point Service is exposed. An exposed app has exactly one
   * load-balanced Service; the team's quota allows one load balancer per exposed app.
   */
  readonly exposure: Exposure;
  /** Image overrides by container name from the fleet file; a name the app does not have is an error. */
  readonly images: Readonly<Record<string, string>>;
  /** `host:port` (no scheme) of the OTLP gRPC traces collector. */
  readonly otlpGrpcEndpoint: string;
  /** Synthetic traffic to the app's entry point; absent when the cluster has it switched off. */
  readonly loadGenerator?: { readonly requestsPerSecond: number };
  /** Pods that scrape the app's metrics (the metrics collector), for the network flows. */
  readonly scraper: { readonly namespace: string; readonly podLabels: Readonly<Record<string, string>> };
  /** Pods that receive the app's traces (the traces collector), for the network flows. */
  readonly traceReceiver: { readonly namespace: string; readonly podLabels: Readonly<Record<string, string>>; readonly port: number };
  /**
   * CIDR of the cluster's VPC. Load balancers with IP targets reach exposed pods from their own
   * addresses in it (client addresses are not preserved), so exposed entry points admit it.
   */
  readonly vpcCidr: string;
}

/**
 * An app a team can list in the fleet file. Adding an app means writing one of these and
 * registering it in `registry.ts`.
 */
export interface WorkloadDefinition {
  /** Name used as `apps.<name>.chart` in the fleet file. */
  readonly chart: string;
  /** Renders the app into a chart of its own (one leaf folder in dist/). */
  render(scope: Construct, id: string, props: WorkloadProps): Chart;
  /**
   * The connections the app needs. The platform renders them as NetworkPolicies in the team
   * namespace on top of its default deny; teams cannot edit NetworkPolicies themselves.
   */
  networkPolicies(props: WorkloadProps): WorkloadNetworkPolicy[];
}
