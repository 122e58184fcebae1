import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';

/** Pods in another namespace (or, without `namespace`, in the policy's own namespace). */
export interface PeerPods {
  /** Namespace of the peer pods. Default: the policy's namespace. */
  readonly namespace?: string;
  /** Labels of the peer pods. Default: every pod of that namespace. */
  readonly podLabels?: Readonly<Record<string, string>>;
}

/** One allowed connection, seen from the selected pods. */
export interface NetworkFlow {
  /** Why the flow exists; rendered as an annotation so reviewers see it. */
  readonly reason: string;
  /** The other side: pods, or an IP block such as 0.0.0.0/0 for the internet. */
  readonly peer: PeerPods | { readonly cidr: string; readonly except?: readonly string[] };
  /** TCP ports on the receiving side. */
  readonly ports: readonly number[];
}

/** The flows one set of pods needs; everything else stays denied by the namespace's default deny. */
export interface WorkloadNetworkPolicy {
  /** NetworkPolicy name. */
  readonly name: string;
  /** Labels selecting the pods the policy is about. */
  readonly podLabels: Readonly<Record<string, string>>;
  readonly ingress: readonly NetworkFlow[];
  readonly egress: readonly NetworkFlow[];
}

export interface NetworkFlowPoliciesProps {
  /** Namespace the pods live in. */
  readonly namespace: string;
  readonly policies: readonly WorkloadNetworkPolicy[];
  /** Labels added to every policy. Default: none. */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * NetworkPolicies rendered from declared flows. Apps declare what they talk to; the platform
 * renders the policies into the team namespace (teams cannot edit NetworkPolicies), so a flow
 * exists only if it is in an app's definition and passed review.
 */
export class NetworkFlowPolicies extends Construct {
  public constructor(scope: Construct, id: string, props: NetworkFlowPoliciesProps) {
    super(scope, id);
    for (const policy of props.policies) {
      new k8s.KubeNetworkPolicy(this, policy.name, {
        metadata: {
          name: policy.name,
          namespace: props.namespace,
          labels: { ...props.labels },
          annotations: {
            'platform/ingress-reasons': policy.ingress.map((flow) => flow.reason).join('; '),
            'platform/egress-reasons': policy.egress.map((flow) => flow.reason).join('; '),
          },
        },
        spec: {
          podSelector: { matchLabels: { ...policy.podLabels } },
          policyTypes: [...(policy.ingress.length > 0 ? ['Ingress'] : []), ...(policy.egress.length > 0 ? ['Egress'] : [])],
          ...(policy.ingress.length > 0 ? { ingress: policy.ingress.map((flow) => ({ from: [peer(flow)], ports: ports(flow) })) } : {}),
          ...(policy.egress.length > 0 ? { egress: policy.egress.map((flow) => ({ to: [peer(flow)], ports: ports(flow) })) } : {}),
        },
      });
    }
  }
}

function peer(flow: NetworkFlow): k8s.NetworkPolicyPeer {
  if ('cidr' in flow.peer) {
    return { ipBlock: { cidr: flow.peer.cidr, ...(flow.peer.except ? { except: [...flow.peer.except] } : {}) } };
  }
  const pods = flow.peer;
  return {
    ...(pods.namespace ? { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': pods.namespace } } } : {}),
    podSelector: { matchLabels: { ...(pods.podLabels ?? {}) } },
  };
}

function ports(flow: NetworkFlow): k8s.NetworkPolicyPort[] {
  return flow.ports.map((port) => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) }));
}
