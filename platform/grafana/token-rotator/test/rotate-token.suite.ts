import { GrafanaTokenApi, rotateToken, ServiceAccountToken, StoredToken, TokenSecret } from '../rotate-token';

const HOUR = 3600_000;
const NOW = Date.UTC(2026, 0, 10, 12);
const SETTINGS = { serviceAccountName: 'grafana-operator', lifetimeSeconds: 24 * 3600, renewBeforeSeconds: 12 * 3600, now: NOW };

interface FakeWorkspace {
  api: GrafanaTokenApi;
  tokens: ServiceAccountToken[];
  calls: string[];
}

/** A workspace with one service account `sa-1` holding `tokens`; `failOn` makes that call throw. */
function fakeWorkspace(tokens: ServiceAccountToken[], failOn?: 'create' | 'delete' | 'list'): FakeWorkspace {
  const state: FakeWorkspace = { tokens: [...tokens], calls: [], api: undefined as unknown as GrafanaTokenApi };
  state.api = {
    findServiceAccount: async (name) => (name === 'grafana-operator' ? 'sa-1' : undefined),
    listTokens: async () => {
      state.calls.push('list');
      if (failOn === 'list') throw new Error('throttled');
      return [...state.tokens];
    },
    createToken: async (_sa, name, secondsToLive) => {
      state.calls.push(`create ${name}`);
      if (failOn === 'create') throw new Error('ServiceQuotaExceeded');
      const token = { id: `t-${state.tokens.length + 1}`, name, expiresAt: NOW + secondsToLive * 1000, key: 'glsa_new' };
      state.tokens.push(token);
      return token;
    },
    deleteToken: async (_sa, tokenId) => {
      state.calls.push(`delete ${tokenId}`);
      if (failOn === 'delete') throw new Error('AccessDenied');
      state.tokens = state.tokens.filter((token) => token.id !== tokenId);
    },
  };
  return state;
}

function fakeSecret(stored: StoredToken, failWrite = false): TokenSecret & { written: { key: string; tokenId: string; expiresAt: number }[] } {
  const written: { key: string; tokenId: string; expiresAt: number }[] = [];
  return {
    written,
    read: async () => stored,
    write: async (token) => {
      if (failWrite) throw new Error('secrets "grafana-api-token" is forbidden');
      written.push({ ...token });
    },
  };
}

describe('rotateToken', () => {
  it('keeps the stored token while more than the renewal margin is left, and deletes expired ones', async () => {
    const workspace = fakeWorkspace([
      { id: 't-old', name: 'old', expiresAt: NOW - HOUR },
      { id: 't-live', name: 'live', expiresAt: NOW + 13 * HOUR },
    ]);
    const secret = fakeSecret({ tokenId: 't-live' });
    const outcome = await rotateToken(workspace.api, secret, SETTINGS);
    expect(outcome).toMatchObject({ rotated: false, tokenId: 't-live', deleted: ['t-old'] });
    expect(secret.written).toEqual([]);
    expect(workspace.tokens.map((token) => token.id)).toEqual(['t-live']);
  });

  it('rotates once less than the margin is left, writes the new token and keeps the old one until it expires', async () => {
    const workspace = fakeWorkspace([{ id: 't-live', name: 'live', expiresAt: NOW + 11 * HOUR }]);
    const secret = fakeSecret({ tokenId: 't-live' });
    const outcome = await rotateToken(workspace.api, secret, SETTINGS);
    expect(outcome.rotated).toBe(true);
    expect(secret.written).toEqual([{ key: 'glsa_new', tokenId: outcome.tokenId, expiresAt: NOW + 24 * HOUR }]);
    expect(workspace.tokens.map((token) => token.id).sort()).toEqual(['t-2', 't-live']);
  });

  it('creates the first token when the Secret is still empty', async () => {
    const workspace = fakeWorkspace([]);
    const secret = fakeSecret({});
    const outcome = await rotateToken(workspace.api, secret, SETTINGS);
    expect(outcome.rotated).toBe(true);
    expect(secret.written).toHaveLength(1);
  });

  it('rotates when the Secret names a token the workspace no longer has', async () => {
    const workspace = fakeWorkspace([{ id: 't-other', name: 'other', expiresAt: NOW + 20 * HOUR }]);
    const outcome = await rotateToken(workspace.api, fakeSecret({ tokenId: 't-gone' }), SETTINGS);
    expect(outcome.rotated).toBe(true);
  });

  it('leaves the Secret untouched when creating the token fails', async () => {
    const workspace = fakeWorkspace([{ id: 't-live', name: 'live', expiresAt: NOW + HOUR }], 'create');
    const secret = fakeSecret({ tokenId: 't-live' });
    await expect(rotateToken(workspace.api, secret, SETTINGS)).rejects.toThrow('ServiceQuotaExceeded');
    expect(secret.written).toEqual([]);
    expect(workspace.tokens.map((token) => token.id)).toEqual(['t-live']);
  });

  it('deletes the new token and keeps the old one when the Secret cannot be written', async () => {
    const workspace = fakeWorkspace([{ id: 't-live', name: 'live', expiresAt: NOW + HOUR }]);
    const secret = fakeSecret({ tokenId: 't-live' }, true);
    await expect(rotateToken(workspace.api, secret, SETTINGS)).rejects.toThrow('forbidden');
    expect(workspace.tokens.map((token) => token.id)).toEqual(['t-live']);
  });

  it('fails with what to do when the service account does not exist', async () => {
    const workspace = fakeWorkspace([]);
    await expect(rotateToken(workspace.api, fakeSecret({}), { ...SETTINGS, serviceAccountName: 'missing' })).rejects.toThrow(/no service account "missing".*deploy it first/);
  });

  it('refuses a renewal margin as long as the lifetime', async () => {
    const workspace = fakeWorkspace([]);
    await expect(rotateToken(workspace.api, fakeSecret({}), { ...SETTINGS, renewBeforeSeconds: SETTINGS.lifetimeSeconds })).rejects.toThrow(/must be shorter/);
    expect(workspace.calls).toEqual([]);
  });
});
