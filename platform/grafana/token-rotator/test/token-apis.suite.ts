import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateWorkspaceServiceAccountTokenCommand,
  DeleteWorkspaceServiceAccountTokenCommand,
  GrafanaClient,
  ListWorkspaceServiceAccountsCommand,
  ListWorkspaceServiceAccountTokensCommand,
} from '@aws-sdk/client-grafana';
import { grafanaTokenHttpApi } from '../grafana-token-http-api';
import { HttpRequest, HttpResponse, HttpTransport } from '../http-transport';
import { kubernetesTokenSecret } from '../kubernetes-secret';
import { podIdentityCredentials } from '../signed-aws-request';

const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'example-secret', sessionToken: 'example-session' };

/** A transport that records requests and answers each with the next queued response. */
function recordingTransport(responses: HttpResponse[]): { transport: HttpTransport; requests: HttpRequest[] } {
  const requests: HttpRequest[] = [];
  return {
    requests,
    transport: async (request) => {
      requests.push(request);
      const response = responses.shift();
      if (!response) throw new Error(`unexpected request ${request.method} ${request.url}`);
      return response;
    },
  };
}

/** Method, path and JSON body the AWS SDK's own Grafana client sends for a command. */
async function sdkRequest(send: (client: GrafanaClient) => Promise<unknown>): Promise<{ method: string; path: string; query?: string; body?: unknown }> {
  let captured: { method: string; path: string; query?: string; body?: unknown } | undefined;
  const client = new GrafanaClient({
    region: 'eu-west-1',
    credentials: CREDENTIALS,
    requestHandler: {
      handle: async (request: { method: string; path: string; query?: Record<string, string>; body?: Uint8Array | string }) => {
        const query = new URLSearchParams(request.query ?? {}).toString();
        const body = request.body === undefined ? undefined : JSON.parse(typeof request.body === 'string' ? request.body : new TextDecoder().decode(request.body));
        captured = { method: request.method, path: request.path, ...(query ? { query: `?${query}` } : {}), body };
        throw new Error('captured');
      },
    },
  });
  await send(client).catch(() => undefined);
  if (!captured) throw new Error('the SDK sent nothing');
  return captured;
}

describe('grafanaTokenHttpApi', () => {
  const json = (body: unknown): HttpResponse => ({ status: 200, body: JSON.stringify(body) });

  it('sends the same method, path and body as the AWS SDK, signed with SigV4 for grafana', async () => {
    const { transport, requests } = recordingTransport([
      json({ serviceAccounts: [{ id: 'sa-0', name: 'other' }], nextToken: 'p2' }),
      json({ serviceAccounts: [{ id: 'sa-1', name: 'grafana-operator' }] }),
      json({ serviceAccountTokens: [{ id: 't-1', name: 'a', expiresAt: 1_800_000_000, createdAt: 1_700_000_000 }] }),
      json({ serviceAccountToken: { id: 't-2', name: 'b', key: 'glsa_x' }, serviceAccountId: 'sa-1', workspaceId: 'g-abc' }),
      json({ serviceAccountId: 'sa-1', tokenId: 't-1', workspaceId: 'g-abc' }),
    ]);
    const api = grafanaTokenHttpApi({ transport, credentials: async () => CREDENTIALS, region: 'eu-west-1', workspaceId: 'g-abc' });

    expect(await api.findServiceAccount('grafana-operator')).toBe('sa-1');
    expect(await api.listTokens('sa-1')).toEqual([{ id: 't-1', name: 'a', expiresAt: 1_800_000_000_000 }]);
    const created = await api.createToken('sa-1', 'b', 3600);
    expect(created).toMatchObject({ id: 't-2', key: 'glsa_x' });
    await api.deleteToken('sa-1', 't-1');

    const expected = [
      await sdkRequest((client) => client.send(new ListWorkspaceServiceAccountsCommand({ workspaceId: 'g-abc' }))),
      await sdkRequest((client) => client.send(new ListWorkspaceServiceAccountsCommand({ workspaceId: 'g-abc', nextToken: 'p2' }))),
      await sdkRequest((client) => client.send(new ListWorkspaceServiceAccountTokensCommand({ workspaceId: 'g-abc', serviceAccountId: 'sa-1' }))),
      await sdkRequest((client) => client.send(new CreateWorkspaceServiceAccountTokenCommand({ workspaceId: 'g-abc', serviceAccountId: 'sa-1', name: 'b', secondsToLive: 3600 }))),
      await sdkRequest((client) => client.send(new DeleteWorkspaceServiceAccountTokenCommand({ workspaceId: 'g-abc', serviceAccountId: 'sa-1', tokenId: 't-1' }))),
    ];
    expect(
      requests.map((request) => {
        const url = new URL(request.url);
        return { method: request.method, path: url.pathname, ...(url.search ? { query: url.search } : {}), body: request.body ? JSON.parse(request.body) : undefined };
      }),
    ).toEqual(expected);
    for (const request of requests) {
      expect(new URL(request.url).host).toBe('grafana.eu-west-1.amazonaws.com');
      expect(request.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/grafana\/aws4_request, SignedHeaders=[^,]*host[^,]*, Signature=[0-9a-f]{64}$/);
      expect(request.headers['x-amz-security-token']).toBe('example-session');
    }
  });

  it('throws with the status and message of a failed call', async () => {
    const { transport } = recordingTransport([{ status: 403, body: '{"message":"not authorized"}' }]);
    const api = grafanaTokenHttpApi({ transport, credentials: async () => CREDENTIALS, region: 'eu-west-1', workspaceId: 'g-abc' });
    await expect(api.listTokens('sa-1')).rejects.toThrow(/GET \/workspaces\/g-abc\/serviceaccounts\/sa-1\/tokens answered 403: .*not authorized/);
  });
});

describe('podIdentityCredentials', () => {
  it('reads the credentials the Pod Identity agent serves, authorized by the token file', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'pod-identity-'));
    try {
      writeFileSync(join(folder, 'token'), 'eks-pod-identity-token\n');
      const { transport, requests } = recordingTransport([
        { status: 200, body: JSON.stringify({ AccessKeyId: 'AKIDPOD', SecretAccessKey: 's', Token: 'session', Expiration: '2026-01-01T00:00:00Z' }) },
      ]);
      const credentials = await podIdentityCredentials(transport, {
        AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://169.254.170.23/v1/credentials',
        AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: join(folder, 'token'),
      });
      expect(credentials).toEqual({ accessKeyId: 'AKIDPOD', secretAccessKey: 's', sessionToken: 'session' });
      expect(requests[0]).toMatchObject({ method: 'GET', url: 'http://169.254.170.23/v1/credentials', headers: { Authorization: 'eks-pod-identity-token' } });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('says to check the association when the pod has no Pod Identity environment', async () => {
    await expect(podIdentityCredentials(recordingTransport([]).transport, {})).rejects.toThrow(/Pod Identity association/);
  });
});

describe('kubernetesTokenSecret', () => {
  const apiServer = { url: 'https://10.100.0.1:443', token: 'sa-token', ca: 'PEM' };
  const annotations = { tokenId: 'rotator/token-id', expiresAt: 'rotator/expires-at' };
  const existing = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'grafana-api-token', namespace: 'grafana-operator', resourceVersion: '42', annotations: { keep: 'me', 'rotator/token-id': 't-1', 'rotator/expires-at': '2026-01-02T00:00:00.000Z' } },
    data: { token: Buffer.from('glsa_old').toString('base64') },
  };

  it('reads the token id and expiry the Secret records', async () => {
    const { transport, requests } = recordingTransport([{ status: 200, body: JSON.stringify(existing) }]);
    const secret = kubernetesTokenSecret({ transport, namespace: 'grafana-operator', name: 'grafana-api-token', key: 'token', annotations, apiServer });
    expect(await secret.read()).toEqual({ tokenId: 't-1', expiresAt: Date.parse('2026-01-02T00:00:00.000Z') });
    expect(requests[0]).toMatchObject({ method: 'GET', url: 'https://10.100.0.1:443/api/v1/namespaces/grafana-operator/secrets/grafana-api-token', ca: 'PEM', headers: { Authorization: 'Bearer sa-token' } });
  });

  it('updates only that Secret, keeping its other annotations and its resourceVersion', async () => {
    const { transport, requests } = recordingTransport([{ status: 200, body: JSON.stringify(existing) }, { status: 200, body: JSON.stringify(existing) }]);
    const secret = kubernetesTokenSecret({ transport, namespace: 'grafana-operator', name: 'grafana-api-token', key: 'token', annotations, apiServer });
    await secret.write({ key: 'glsa_new', tokenId: 't-2', expiresAt: Date.parse('2026-01-03T00:00:00.000Z') });
    expect(requests.map((request) => request.method)).toEqual(['GET', 'PUT']);
    const body = JSON.parse(requests[1].body ?? '{}');
    expect(body.metadata).toMatchObject({ resourceVersion: '42', annotations: { keep: 'me', 'rotator/token-id': 't-2', 'rotator/expires-at': '2026-01-03T00:00:00.000Z' } });
    expect(Buffer.from(body.data.token, 'base64').toString()).toBe('glsa_new');
  });

  it('treats a Secret without the token as holding none', async () => {
    const empty = { ...existing, data: undefined };
    const { transport } = recordingTransport([{ status: 200, body: JSON.stringify(empty) }]);
    const secret = kubernetesTokenSecret({ transport, namespace: 'grafana-operator', name: 'grafana-api-token', key: 'token', annotations, apiServer });
    expect((await secret.read()).tokenId).toBeUndefined();
  });
});
