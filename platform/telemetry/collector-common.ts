import { AttributeAction, CollectorSelfTelemetry, HealthCheckExtensionConfig } from '../../charts/opentelemetry-collector-config';
import { COLLECTOR_HEALTH_PORT, COLLECTOR_TELEMETRY_PORT } from './collector-identities';
import { CLUSTER_IDENTITY_LABELS } from './scrape-jobs';

/** Where a collector runs: facts known from the fleet file at render time. */
export interface CollectorSite {
  /** EKS cluster name (the cluster's key in the fleet file). */
  readonly clusterName: string;
  readonly region: string;
  readonly accountId: string;
}

/**
 * Receivers and the health endpoint listen on all interfaces: since collector v0.104 they default
 * to localhost, which neither the kubelet's probes nor other pods can reach.
 */
export const ALL_INTERFACES = '0.0.0.0';

export const HEALTH_CHECK: HealthCheckExtensionConfig = { endpoint: `${ALL_INTERFACES}:${COLLECTOR_HEALTH_PORT}` };

/** The collector's own metrics on :8888 for the `otel-collector` scrape job, its logs at info. */
export const SELF_TELEMETRY: CollectorSelfTelemetry = {
  metrics: {
    level: 'normal',
    readers: [{ pull: { exporter: { prometheus: { host: ALL_INTERFACES, port: COLLECTOR_TELEMETRY_PORT } } } }],
  },
  logs: { level: 'info' },
};

/** `cluster`, `region` and `account_id` set to this cluster's, overriding whatever a target sent. */
export function clusterIdentity(site: CollectorSite): AttributeAction[] {
  return [
    { key: CLUSTER_IDENTITY_LABELS.cluster, value: site.clusterName, action: 'upsert' },
    { key: CLUSTER_IDENTITY_LABELS.region, value: site.region, action: 'upsert' },
    { key: CLUSTER_IDENTITY_LABELS.accountId, value: site.accountId, action: 'upsert' },
  ];
}

/** `${env:NAME}`: the collector reads the value from its environment at start. */
export function fromEnvironment(name: string): string {
  return `\${env:${name}}`;
}

/**
 * AWS SDK retries per call of awsemf and awsxray (`max_retries` of the AWS session settings both
 * embed; default 2). awsemf's config takes no exporterhelper sending queue or `retry_on_failure`,
 * so this is the retry it allows; awsxray gets the same.
 */
export const AWS_SDK_MAX_RETRIES = 5;
