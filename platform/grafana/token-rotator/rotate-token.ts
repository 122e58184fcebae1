/**
 * One rotation pass of the grafana-operator token: keep the token the Secret holds while more than
 * `renewBeforeSeconds` of it is left; otherwise create a new one, write it to the Secret, and only
 * then let the old one expire. Expired tokens are deleted on every pass. A failing call leaves the
 * Secret (and the token grafana-operator uses) as it was.
 */

export interface ServiceAccountToken {
  readonly id: string;
  readonly name: string;
  /** Expiry, in milliseconds since the epoch. */
  readonly expiresAt: number;
}

/** The workspace's token API, for one service account (implemented over signed HTTPS calls). */
export interface GrafanaTokenApi {
  /** Id of the workspace service account named `name`, or undefined when there is none. */
  findServiceAccount(name: string): Promise<string | undefined>;
  listTokens(serviceAccountId: string): Promise<ServiceAccountToken[]>;
  /** Creates a token living `secondsToLive`; returns it with its secret key. */
  createToken(serviceAccountId: string, name: string, secondsToLive: number): Promise<ServiceAccountToken & { readonly key: string }>;
  deleteToken(serviceAccountId: string, tokenId: string): Promise<void>;
}

/** What the Secret says about the token it holds. */
export interface StoredToken {
  readonly tokenId?: string;
  readonly expiresAt?: number;
}

/** The one Secret the rotator may read and update. */
export interface TokenSecret {
  read(): Promise<StoredToken>;
  write(token: { readonly key: string; readonly tokenId: string; readonly expiresAt: number }): Promise<void>;
}

export interface RotationSettings {
  readonly serviceAccountName: string;
  readonly lifetimeSeconds: number;
  readonly renewBeforeSeconds: number;
  /** Now, in milliseconds since the epoch. */
  readonly now: number;
}

export type RotationOutcome =
  | { readonly rotated: false; readonly tokenId: string; readonly expiresAt: number; readonly deleted: readonly string[] }
  | { readonly rotated: true; readonly tokenId: string; readonly expiresAt: number; readonly deleted: readonly string[] };

export async function rotateToken(api: GrafanaTokenApi, secret: TokenSecret, settings: RotationSettings): Promise<RotationOutcome> {
  if (settings.renewBeforeSeconds >= settings.lifetimeSeconds) {
    throw new Error(`renewBeforeSeconds (${settings.renewBeforeSeconds}) must be shorter than lifetimeSeconds (${settings.lifetimeSeconds}), or every pass would rotate`);
  }
  const serviceAccountId = await api.findServiceAccount(settings.serviceAccountName);
  if (!serviceAccountId) {
    throw new Error(`The workspace has no service account "${settings.serviceAccountName}"; the monitoring stack creates it, so deploy it first`);
  }
  const tokens = await api.listTokens(serviceAccountId);
  const stored = await secret.read();
  const current = tokens.find((token) => token.id === stored.tokenId);

  let outcome: { rotated: boolean; tokenId: string; expiresAt: number };
  if (current && current.expiresAt - settings.now > settings.renewBeforeSeconds * 1000) {
    outcome = { rotated: false, tokenId: current.id, expiresAt: current.expiresAt };
  } else {
    const created = await api.createToken(serviceAccountId, `grafana-operator-${Math.floor(settings.now / 1000)}`, settings.lifetimeSeconds);
    try {
      await secret.write({ key: created.key, tokenId: created.id, expiresAt: created.expiresAt });
    } catch (error) {
      // The Secret still holds the old token; do not leave an unused live token behind.
      await api.deleteToken(serviceAccountId, created.id).catch(() => undefined);
      throw error;
    }
    outcome = { rotated: true, tokenId: created.id, expiresAt: created.expiresAt };
  }

  // The previous token stays valid until it expires, so the operator never holds a revoked one.
  const expired = tokens.filter((token) => token.expiresAt <= settings.now && token.id !== outcome.tokenId);
  for (const token of expired) {
    await api.deleteToken(serviceAccountId, token.id);
  }
  return { ...outcome, deleted: expired.map((token) => token.id) } as RotationOutcome;
}
