/**
 * Pod annotation listing the Services a container connects to by names baked into its image
 * (not configurable, so not visible in its environment), as `service:port` joined by ",".
 * Reviewers read it next to the NetworkPolicies; tests derive expected flows from it.
 */
export const HARD_WIRED_PEERS_ANNOTATION = 'workloads/hard-wired-peers';

/** A Service a container calls, and on which Service port. */
export interface ServicePeer {
  readonly service: string;
  readonly port: number;
}

/** The annotation for `peers`, or none when there are none. */
export function hardWiredPeersAnnotation(peers: readonly ServicePeer[]): Record<string, string> {
  return peers.length === 0 ? {} : { [HARD_WIRED_PEERS_ANNOTATION]: peers.map((peer) => `${peer.service}:${peer.port}`).join(',') };
}
