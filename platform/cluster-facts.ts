import type { PodSecurityLevel } from '../charts/team-namespace';
import { PLATFORM_NAMESPACE_POD_SECURITY, PLATFORM_NAMESPACES } from './platform-namespaces';

/**
 * Values that exist only after `cdk deploy` reach the clusters as data, never as a hand edit:
 * the AWS layer (clusters/infra) writes these ConfigMaps into the cluster, and the rendered
 * objects read them (collectors through `${env:NAME}` expansion, grafana-operator through
 * `valuesFrom`). The names and keys are defined once, here.
 */
export interface FactsConfigMap {
  readonly name: string;
  readonly namespace: string;
  /** Logical name -> ConfigMap key (also the environment variable name where read as env). */
  readonly keys: Readonly<Record<string, string>>;
}

/** Written into every workload cluster; read by the ADOT collectors. */
export const TELEMETRY_FACTS = {
  name: 'cluster-facts',
  namespace: PLATFORM_NAMESPACES.collectors,
  keys: {
    ampRemoteWriteUrl: 'AMP_REMOTE_WRITE_URL',
    ampWorkspaceId: 'AMP_WORKSPACE_ID',
    region: 'AWS_REGION',
    clusterName: 'CLUSTER_NAME',
    accountId: 'AWS_ACCOUNT_ID',
  },
} as const satisfies FactsConfigMap;

/** Written into the Grafana manager cluster; read by grafana-operator's `Grafana` resource. */
export const GRAFANA_FACTS = {
  name: 'grafana-facts',
  namespace: PLATFORM_NAMESPACES.grafanaOperator,
  keys: {
    workspaceUrl: 'GRAFANA_URL',
    workspaceId: 'GRAFANA_WORKSPACE_ID',
    /** The AMP workspace's query endpoint (its `prometheusEndpoint`, ending in `/`), for the AMP data source. */
    ampQueryUrl: 'AMP_QUERY_URL',
  },
} as const satisfies FactsConfigMap;

/** A namespace the AWS layer creates, with the Pod Security level it labels it with. */
export interface AwsLayerNamespace {
  readonly name: string;
  readonly podSecurity: PodSecurityLevel;
}

/**
 * Namespaces the AWS layer creates and owns, so that each namespace has exactly one owner: ArgoCD's
 * (created with the ArgoCD installation, no Pod Security label) and those holding the facts
 * ConfigMaps it writes before ArgoCD syncs anything. The render never creates these; it only
 * fills them.
 */
export function awsLayerNamespaces(managesGrafana: boolean): AwsLayerNamespace[] {
  const factsNamespaces = [TELEMETRY_FACTS.namespace, ...(managesGrafana ? [GRAFANA_FACTS.namespace] : [])];
  return [
    { name: PLATFORM_NAMESPACES.argocd, podSecurity: 'privileged' },
    ...factsNamespaces.map((name) => ({ name, podSecurity: PLATFORM_NAMESPACE_POD_SECURITY[name] })),
  ];
}
