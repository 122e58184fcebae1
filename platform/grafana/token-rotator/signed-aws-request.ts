import { readFileSync } from 'node:fs';
import { Hash } from '@smithy/hash-node';
import { HttpRequest as SmithyRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { expectOk, HttpRequest, HttpResponse, HttpTransport } from './http-transport';

export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/**
 * Credentials of the pod's EKS Pod Identity association: the agent serves them at the URI and
 * with the token file the pod is given in its environment (no SDK credential chain needed).
 */
export async function podIdentityCredentials(transport: HttpTransport, env: NodeJS.ProcessEnv = process.env): Promise<AwsCredentials> {
  const uri = env.AWS_CONTAINER_CREDENTIALS_FULL_URI;
  const tokenFile = env.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE;
  if (!uri || !tokenFile) {
    throw new Error('No EKS Pod Identity credentials in this pod (AWS_CONTAINER_CREDENTIALS_FULL_URI / AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE unset); check the Pod Identity association of its service account');
  }
  const request: HttpRequest = { method: 'GET', url: uri, headers: { Authorization: readFileSync(tokenFile, 'utf8').trim() } };
  const response = expectOk(request, await transport(request));
  const body = JSON.parse(response.body) as { AccessKeyId: string; SecretAccessKey: string; Token?: string };
  return { accessKeyId: body.AccessKeyId, secretAccessKey: body.SecretAccessKey, sessionToken: body.Token };
}

export interface SignedJsonRequest {
  readonly method: HttpRequest['method'];
  /** Full URL, e.g. https://grafana.us-west-2.amazonaws.com/workspaces/g-1/serviceaccounts. */
  readonly url: string;
  readonly body?: unknown;
}

/** Signs a JSON request with SigV4 (the SDK's own signer) and sends it; throws unless 2xx. */
export async function sendSignedJson(
  transport: HttpTransport,
  credentials: AwsCredentials,
  signing: { readonly service: string; readonly region: string },
  request: SignedJsonRequest,
  now: Date = new Date(),
): Promise<HttpResponse> {
  const url = new URL(request.url);
  const body = request.body === undefined ? undefined : JSON.stringify(request.body);
  const query: Record<string, string> = {};
  url.searchParams.forEach((value, key) => {
    query[key] = value;
  });
  const unsigned = new SmithyRequest({
    method: request.method,
    protocol: url.protocol,
    hostname: url.hostname,
    path: url.pathname,
    query,
    headers: { host: url.hostname, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body,
  });
  const signer = new SignatureV4({ service: signing.service, region: signing.region, credentials, sha256: Hash.bind(null, 'sha256') });
  const signed = await signer.sign(unsigned, { signingDate: now });
  const outgoing: HttpRequest = { method: request.method, url: request.url, headers: signed.headers, body };
  return expectOk(outgoing, await transport(outgoing));
}
