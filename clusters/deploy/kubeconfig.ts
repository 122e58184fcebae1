import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { Fleet } from '../fleet/fleet-schema';
import { describeCluster, platformPrincipalOf } from './eks-access';
import { profileOf } from './fleet-accounts';

interface Named<T> {
  name: string;
  [key: string]: T | string;
}

interface KubeConfig {
  apiVersion: string;
  kind: string;
  clusters: Named<unknown>[];
  users: Named<unknown>[];
  contexts: Named<unknown>[];
  'current-context'?: string;
  [key: string]: unknown;
}

/** The file `kubectl` writes to: the first entry of KUBECONFIG, else ~/.kube/config. */
export function defaultKubeconfigFile(env: NodeJS.ProcessEnv = process.env): string {
  const first = env.KUBECONFIG?.split(delimiter).find(Boolean);
  return first ?? join(homedir(), '.kube', 'config');
}

function upsert<T>(list: Named<T>[], entry: Named<T>): Named<T>[] {
  return [...list.filter((item) => item.name !== entry.name), entry];
}

/**
 * `make kubeconfig CLUSTER=<name>`: what `aws eks update-kubeconfig --role-arn <platform principal>`
 * writes, done with the SDK: DescribeCluster for endpoint and CA, and an exec entry that gets a
 * token as the cluster account's platform principal through the account's profile. Other entries
 * of the file are kept; the new context becomes the current one.
 */
export async function writeKubeconfig(fleet: Fleet, clusterName: string, file = defaultKubeconfigFile()): Promise<string> {
  const principal = platformPrincipalOf(fleet, clusterName);
  const cluster = await describeCluster(fleet, clusterName);
  const profile = profileOf(fleet.clusters[clusterName].account);
  const config: KubeConfig = existsSync(file)
    ? { clusters: [], users: [], contexts: [], ...(parse(readFileSync(file, 'utf8')) as Partial<KubeConfig> | null) } as KubeConfig
    : { apiVersion: 'v1', kind: 'Config', clusters: [], users: [], contexts: [] };
  config.clusters = upsert(config.clusters ?? [], { name: cluster.arn, cluster: { server: cluster.endpoint, 'certificate-authority-data': cluster.certificateAuthority } });
  config.users = upsert(config.users ?? [], {
    name: cluster.arn,
    user: {
      exec: {
        apiVersion: 'client.authentication.k8s.io/v1beta1',
        command: 'aws',
        args: ['--region', cluster.region, 'eks', 'get-token', '--cluster-name', clusterName, '--output', 'json', '--role-arn', principal],
        env: [{ name: 'AWS_PROFILE', value: profile }],
        interactiveMode: 'IfAvailable',
      },
    },
  });
  config.contexts = upsert(config.contexts ?? [], { name: cluster.arn, context: { cluster: cluster.arn, user: cluster.arn } });
  config['current-context'] = cluster.arn;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, stringify(config));
  chmodSync(file, 0o600);
  return `Wrote context ${cluster.arn} (as ${principal}, profile ${profile}) to ${file} and made it current.`;
}
