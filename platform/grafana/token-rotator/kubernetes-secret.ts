import { readFileSync } from 'node:fs';
import { expectOk, HttpRequest, HttpTransport } from './http-transport';
import { StoredToken, TokenSecret } from './rotate-token';

export interface KubernetesSecretProps {
  readonly transport: HttpTransport;
  readonly namespace: string;
  readonly name: string;
  /** Data key holding the token. */
  readonly key: string;
  /** Annotation keys recording the token id and its expiry. */
  readonly annotations: { readonly tokenId: string; readonly expiresAt: string };
  /** API server, service-account token and CA. Default: the pod's in-cluster configuration. */
  readonly apiServer?: { readonly url: string; readonly token: string; readonly ca: string };
}

const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

function inClusterApiServer(): { url: string; token: string; ca: string } {
  const host = process.env.KUBERNETES_SERVICE_HOST;
  const port = process.env.KUBERNETES_SERVICE_PORT ?? '443';
  if (!host) {
    throw new Error('Not running in a pod (KUBERNETES_SERVICE_HOST unset)');
  }
  return {
    url: `https://${host.includes(':') ? `[${host}]` : host}:${port}`,
    token: readFileSync(`${SERVICE_ACCOUNT_DIR}/token`, 'utf8').trim(),
    ca: readFileSync(`${SERVICE_ACCOUNT_DIR}/ca.crt`, 'utf8'),
  };
}

interface SecretObject {
  metadata: { annotations?: Record<string, string>; resourceVersion?: string } & Record<string, unknown>;
  data?: Record<string, string>;
}

/**
 * The token Secret through the Kubernetes API, with only `get` and `update` on that one object (a
 * Role cannot grant `create` for a single name, so the AWS layer creates the Secret empty).
 * `update` carries the resourceVersion read, so a concurrent change fails instead of being lost.
 */
export function kubernetesTokenSecret(props: KubernetesSecretProps): TokenSecret {
  const server = () => props.apiServer ?? inClusterApiServer();
  const objectUrl = (url: string) => `${url}/api/v1/namespaces/${encodeURIComponent(props.namespace)}/secrets/${encodeURIComponent(props.name)}`;
  const send = async (method: HttpRequest['method'], body?: unknown): Promise<SecretObject> => {
    const { url, token, ca } = server();
    const request: HttpRequest = {
      method,
      url: objectUrl(url),
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
      ca,
    };
    return JSON.parse(expectOk(request, await props.transport(request)).body) as SecretObject;
  };

  return {
    async read(): Promise<StoredToken> {
      const secret = await send('GET');
      const annotations = secret.metadata.annotations ?? {};
      const expiresAt = Date.parse(annotations[props.annotations.expiresAt] ?? '');
      return {
        tokenId: secret.data?.[props.key] ? annotations[props.annotations.tokenId] : undefined,
        expiresAt: Number.isNaN(expiresAt) ? undefined : expiresAt,
      };
    },
    async write(token): Promise<void> {
      const secret = await send('GET');
      secret.metadata.annotations = {
        ...secret.metadata.annotations,
        [props.annotations.tokenId]: token.tokenId,
        [props.annotations.expiresAt]: new Date(token.expiresAt).toISOString(),
      };
      secret.data = { ...secret.data, [props.key]: Buffer.from(token.key, 'utf8').toString('base64') };
      await send('PUT', secret);
    },
  };
}
