/**
 * How an entry-point Service is reached from outside the cluster:
 * - `none`: ClusterIP only; reach it with `kubectl port-forward`.
 * - `internal`: a Network Load Balancer reachable from inside the VPC.
 * - `internet-facing`: a Network Load Balancer with public addresses.
 */
export type ServiceExposure = 'none' | 'internal' | 'internet-facing';

/** What a Service needs for one exposure. */
export interface ServiceExposureSpec {
  readonly type: 'ClusterIP' | 'LoadBalancer';
  /** Annotations the AWS Load Balancer Controller reads. */
  readonly annotations: Readonly<Record<string, string>>;
  /**
   * Whether Kubernetes allocates node ports for the load balancer. Always false: IP targets
   * reach pods directly, and team quotas allow no node ports.
   */
  readonly allocateLoadBalancerNodePorts?: boolean;
}

/**
 * Service settings for an exposure. Load balancers are Network Load Balancers made by the AWS
 * Load Balancer Controller with IP targets (traffic goes straight to pod IPs, so no NodePort is
 * opened); `aws-load-balancer-type: external` keeps the legacy in-tree controller away.
 */
export function serviceExposureSpec(exposure: ServiceExposure): ServiceExposureSpec {
  if (exposure === 'none') {
    return { type: 'ClusterIP', annotations: {} };
  }
  return {
    type: 'LoadBalancer',
    annotations: {
      'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
      'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
      'service.beta.kubernetes.io/aws-load-balancer-scheme': exposure,
    },
    allocateLoadBalancerNodePorts: false,
  };
}

/** True when the exposure creates a load balancer (and so counts against `services.loadbalancers`). */
export function isLoadBalanced(exposure: ServiceExposure): boolean {
  return exposure !== 'none';
}
