import { HttpTransport } from './http-transport';
import { GrafanaTokenApi, ServiceAccountToken } from './rotate-token';
import { AwsCredentials, sendSignedJson } from './signed-aws-request';

export interface GrafanaTokenHttpApiProps {
  readonly transport: HttpTransport;
  readonly credentials: () => Promise<AwsCredentials>;
  /** Region of the workspace (the monitoring account's). */
  readonly region: string;
  readonly workspaceId: string;
}

/** Seconds (the API's JSON timestamps) or an ISO string, as milliseconds. */
function toMillis(value: number | string): number {
  return typeof value === 'number' ? value * 1000 : Date.parse(value);
}

/**
 * The four Amazon Managed Grafana calls the rotator makes, as signed REST calls (the paths of the
 * service's API reference). The SDK client would ship about 300 KB of JavaScript into the cluster
 * for them; these need only the SDK's signer.
 */
export function grafanaTokenHttpApi(props: GrafanaTokenHttpApiProps): GrafanaTokenApi {
  const base = `https://grafana.${props.region}.amazonaws.com/workspaces/${encodeURIComponent(props.workspaceId)}/serviceaccounts`;
  const call = async (method: 'GET' | 'POST' | 'DELETE', url: string, body?: unknown) =>
    sendSignedJson(props.transport, await props.credentials(), { service: 'grafana', region: props.region }, { method, url, body });
  const tokensUrl = (serviceAccountId: string) => `${base}/${encodeURIComponent(serviceAccountId)}/tokens`;

  return {
    async findServiceAccount(name) {
      let nextToken: string | undefined;
      do {
        const response = await call('GET', nextToken ? `${base}?nextToken=${encodeURIComponent(nextToken)}` : base);
        const page = JSON.parse(response.body) as { serviceAccounts: { id: string; name: string }[]; nextToken?: string };
        const found = page.serviceAccounts.find((account) => account.name === name);
        if (found) return found.id;
        nextToken = page.nextToken;
      } while (nextToken);
      return undefined;
    },
    async listTokens(serviceAccountId) {
      const tokens: ServiceAccountToken[] = [];
      let nextToken: string | undefined;
      do {
        const url = tokensUrl(serviceAccountId);
        const response = await call('GET', nextToken ? `${url}?nextToken=${encodeURIComponent(nextToken)}` : url);
        const page = JSON.parse(response.body) as { serviceAccountTokens: { id: string; name: string; expiresAt: number | string }[]; nextToken?: string };
        tokens.push(...page.serviceAccountTokens.map((token) => ({ id: token.id, name: token.name, expiresAt: toMillis(token.expiresAt) })));
        nextToken = page.nextToken;
      } while (nextToken);
      return tokens;
    },
    async createToken(serviceAccountId, name, secondsToLive) {
      const started = Date.now();
      const response = await call('POST', tokensUrl(serviceAccountId), { name, secondsToLive });
      const created = (JSON.parse(response.body) as { serviceAccountToken: { id: string; name: string; key: string } }).serviceAccountToken;
      // The response carries no expiry; counting from before the call errs on the early side.
      return { id: created.id, name: created.name, key: created.key, expiresAt: started + secondsToLive * 1000 };
    },
    async deleteToken(serviceAccountId, tokenId) {
      await call('DELETE', `${tokensUrl(serviceAccountId)}/${encodeURIComponent(tokenId)}`);
    },
  };
}
