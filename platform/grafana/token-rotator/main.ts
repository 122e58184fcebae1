import { grafanaTokenHttpApi } from './grafana-token-http-api';
import { nodeHttpTransport } from './http-transport';
import { kubernetesTokenSecret } from './kubernetes-secret';
import { rotateToken } from './rotate-token';
import { podIdentityCredentials } from './signed-aws-request';
import { GRAFANA_TOKEN } from './token-contract';

/**
 * Entry point of the in-cluster rotator (bundled into `rotator.bundle.js`, run by the pinned
 * Node.js image). The workspace id and region come from the environment the rendered Job sets.
 */
function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set; the rotator's pod spec sets it from the grafana-facts ConfigMap or the fleet`);
  }
  return value;
}

async function main(): Promise<void> {
  const api = grafanaTokenHttpApi({
    transport: nodeHttpTransport,
    credentials: () => podIdentityCredentials(nodeHttpTransport),
    region: required('GRAFANA_REGION'),
    workspaceId: required('GRAFANA_WORKSPACE_ID'),
  });
  const secret = kubernetesTokenSecret({
    transport: nodeHttpTransport,
    namespace: GRAFANA_TOKEN.namespace,
    name: GRAFANA_TOKEN.secretName,
    key: GRAFANA_TOKEN.secretKey,
    annotations: GRAFANA_TOKEN.annotations,
  });
  const outcome = await rotateToken(api, secret, {
    serviceAccountName: GRAFANA_TOKEN.serviceAccountName,
    lifetimeSeconds: GRAFANA_TOKEN.lifetimeSeconds,
    renewBeforeSeconds: GRAFANA_TOKEN.renewBeforeSeconds,
    now: Date.now(),
  });
  const expires = new Date(outcome.expiresAt).toISOString();
  console.log(`${outcome.rotated ? 'rotated: new token' : 'not due: token'} ${outcome.tokenId} expires ${expires}; deleted expired tokens: ${outcome.deleted.join(', ') || 'none'}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
