import { DescribeClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { Fleet } from '../fleet/fleet-schema';
import { AwsCredentials } from '../../platform/grafana/token-rotator/signed-aws-request';
import { expectOk, HttpTransport } from '../../platform/grafana/token-rotator/http-transport';
import { clientConfig } from './fleet-accounts';

/** The platform principal (a `platformTeam.principals` role) in the account of `clusterName`. */
export function platformPrincipalOf(fleet: Fleet, clusterName: string): string {
  const spec = fleet.clusters[clusterName];
  if (!spec) {
    throw new Error(`Cluster "${clusterName}" is not in the fleet; choose one of: ${Object.keys(fleet.clusters).join(', ')}`);
  }
  const accountId = fleet.accounts[spec.account].id;
  const principal = fleet.platformTeam.principals.find((arn) => arn.split(':')[4] === accountId);
  if (!principal) {
    throw new Error(`No platformTeam.principals role is in account ${accountId} (${spec.account}), so nobody has an access entry to ${clusterName}; add one to clusters/fleet.yaml and deploy`);
  }
  return principal;
}

export interface ClusterEndpoint {
  readonly name: string;
  readonly arn: string;
  readonly endpoint: string;
  /** Base64 PEM of the cluster CA, as EKS returns it. */
  readonly certificateAuthority: string;
  readonly region: string;
}

/** Endpoint and CA of a fleet cluster, read with the profile of its account. */
export async function describeCluster(fleet: Fleet, clusterName: string): Promise<ClusterEndpoint> {
  const spec = fleet.clusters[clusterName];
  const account = { key: spec.account, region: fleet.accounts[spec.account].region };
  const { cluster } = await new EKSClient(clientConfig(account)).send(new DescribeClusterCommand({ name: clusterName }));
  if (!cluster?.endpoint || !cluster.certificateAuthority?.data || !cluster.arn) {
    throw new Error(`EKS cluster ${clusterName} has no endpoint yet (status ${cluster?.status ?? 'unknown'}); wait for the pipeline's production wave`);
  }
  return { name: clusterName, arn: cluster.arn, endpoint: cluster.endpoint, certificateAuthority: cluster.certificateAuthority.data, region: account.region };
}

/** Credentials of the cluster's platform principal, assumed with the profile of its account. */
export async function platformCredentials(fleet: Fleet, clusterName: string): Promise<AwsCredentials> {
  const spec = fleet.clusters[clusterName];
  const account = { key: spec.account, region: fleet.accounts[spec.account].region };
  const { Credentials } = await new STSClient(clientConfig(account)).send(new AssumeRoleCommand({ RoleArn: platformPrincipalOf(fleet, clusterName), RoleSessionName: 'make-verify', DurationSeconds: 900 }));
  if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey) throw new Error(`Assuming ${platformPrincipalOf(fleet, clusterName)} returned no credentials`);
  return { accessKeyId: Credentials.AccessKeyId, secretAccessKey: Credentials.SecretAccessKey, sessionToken: Credentials.SessionToken };
}

/**
 * The bearer token EKS accepts: a presigned STS GetCallerIdentity URL naming the cluster in the
 * `x-k8s-aws-id` header, as `aws eks get-token` makes it.
 */
export async function eksToken(credentials: AwsCredentials, clusterName: string, region: string, now = new Date()): Promise<string> {
  const hostname = `sts.${region}.amazonaws.com`;
  const request = new HttpRequest({
    method: 'GET',
    protocol: 'https:',
    hostname,
    path: '/',
    query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
    headers: { host: hostname, 'x-k8s-aws-id': clusterName },
  });
  const signer = new SignatureV4({ service: 'sts', region, credentials, sha256: Hash.bind(null, 'sha256') });
  const signed = await signer.presign(request, { expiresIn: 60, signingDate: now });
  const query = new URLSearchParams(signed.query as Record<string, string>).toString();
  const url = `https://${hostname}/?${query}`;
  return `k8s-aws-v1.${Buffer.from(url).toString('base64url')}`;
}

/** GET of a Kubernetes API path as JSON, authenticated with an EKS token. */
export async function kubernetesGet<T>(transport: HttpTransport, cluster: ClusterEndpoint, token: string, path: string): Promise<T> {
  const request = { method: 'GET' as const, url: `${cluster.endpoint}${path}`, headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' }, ca: Buffer.from(cluster.certificateAuthority, 'base64').toString('utf8') };
  return JSON.parse(expectOk(request, await transport(request)).body) as T;
}
