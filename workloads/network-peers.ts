import { NetworkFlow } from '../charts/network-flows';

/**
 * Address ranges that are not the internet: private (RFC 1918), carrier-grade NAT (pod ranges
 * with EKS custom networking) and link-local (the instance metadata service).
 */
export const NON_INTERNET_RANGES: readonly string[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '169.254.0.0/16'];

/** The public internet as a NetworkPolicy peer. */
export const INTERNET = { cidr: '0.0.0.0/0', except: NON_INTERNET_RANGES } as const;

/** Egress to a public HTTPS endpoint, named in the reason. */
export function internetHttps(url: string): NetworkFlow {
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:') {
    throw new Error(`External URL "${url}" is not https; only HTTPS to the internet is allowed out of team namespaces.`);
  }
  return { reason: `calls ${parsed.host} over HTTPS`, peer: INTERNET, ports: [Number(parsed.port || 443)] };
}
