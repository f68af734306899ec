import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import type { Tenant } from '../../sandbox/identity/directory.js';
import type { RegisteredApp } from '../../sandbox/server.js';
import { scopesFor } from '../../src/microsoft/catalogue.js';
import { adminConsentUrl, MemoryTokenCacheStore, MicrosoftAuth, parseAdminConsentCallback, type TokenCacheStore } from '../../src/microsoft/auth/index.js';
import { GraphClient } from '../../src/microsoft/graph/client.js';
import { isMicrosoftError } from '../../src/microsoft/graph/errors.js';
import { classifyIdentityError } from '../../src/microsoft/graph/identityErrors.js';
import { createTransport, type Transport } from '../../src/microsoft/transport.js';
import { walkPages, type FlowTrace } from '../helpers/oauthClient.js';
import { control, createTenantWithUsers, registerApp, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

const REDIRECT = 'https://crm.example/ms/callback';
const PW = 'Auth-Test-1';
const log = pino({ level: 'silent' });

function refreshTokensIn(store: MemoryTokenCacheStore, key: string): string[] {
  const row = store.rows.get(key);
  if (!row) return [];
  const cache = JSON.parse(row.data) as { RefreshToken: Record<string, { secret: string }> };
  return Object.values(cache.RefreshToken).map((r) => r.secret);
}

describe('MicrosoftAuth against the sandbox identity platform', () => {
  let sb: TestSandbox;
  let tenant: Tenant;
  let app: RegisteredApp;
  let transport: Transport;
  let store: MemoryTokenCacheStore;
  let auth: MicrosoftAuth;
  const upn = (u: string) => `${u}@auth.onmicrosoft.com`;
  const newAuth = (s: TokenCacheStore) =>
    new MicrosoftAuth({ settings: { clientId: app.clientId, clientSecret: app.clientSecret, tenant: tenant.id, loginUrl: sb.urls.login }, networkModule: transport.networkModule, store: s, log });

  /** Begins a sign-in with Tandem's URL, lets the helper press through the pages, returns the redirect. */
  async function signIn(user: string, scopes: string[], consent: 'accept' | 'cancel' = 'accept') {
    const start = await auth.beginSignIn({ scopes, redirectUri: REDIRECT, loginHint: upn(user) });
    const trace: FlowTrace = { pages: [], consentScopes: [] };
    const params = await walkPages(sb, start.url, { redirectUri: REDIRECT, upn: upn(user), password: PW, consent }, trace);
    return { start, params };
  }

  async function connect(user: string, accountKey: string, scopes = scopesFor(['mail'])) {
    const { start, params } = await signIn(user, scopes);
    assert.equal(params.get('state'), start.state);
    const code = params.get('code');
    assert.ok(code, params.toString());
    return auth.completeSignIn({ code, redirectUri: REDIRECT, codeVerifier: start.codeVerifier, scopes, accountKey, nonce: start.nonce });
  }

  before(async () => {
    sb = await startTestSandbox();
    ({ tenant } = await createTenantWithUsers(sb, {
      domain: 'auth.onmicrosoft.com',
      users: ['ann', 'bob', 'cat', 'dan', 'boss'].map((u) => ({ userPrincipalName: u, password: PW, isAdmin: u === 'boss' })),
    }));
    app = await registerApp(sb, { displayName: 'Tandem', redirectUris: [REDIRECT] });
    transport = createTransport({ caFile: sb.caFile });
    store = new MemoryTokenCacheStore();
    auth = newAuth(store);
  });
  after(async () => {
    await transport.close();
    await sb.close();
  });

  test('the transport trusts the extra CA only when given it: verification is never switched off', async () => {
    const plain = createTransport({});
    try {
      await assert.rejects(plain.fetch(`${sb.urls.login}/${tenant.id}/v2.0/.well-known/openid-configuration`));
    } finally {
      await plain.close();
    }
    const res = await transport.fetch(`${sb.urls.login}/${tenant.id}/v2.0/.well-known/openid-configuration`);
    assert.equal(res.status, 200);
    const viaMsal = await transport.networkModule.sendGetRequestAsync<{ token_endpoint: string }>(`${sb.urls.login}/${tenant.id}/v2.0/.well-known/openid-configuration`);
    assert.equal(viaMsal.status, 200);
    assert.match(viaMsal.body.token_endpoint, /\/oauth2\/v2\.0\/token$/);
  });

  test('the sign-in URL carries PKCE S256, state, nonce and query response mode on the configured authority', async () => {
    const start = await auth.beginSignIn({ scopes: scopesFor(['mail']), redirectUri: REDIRECT, loginHint: upn('ann') });
    const u = new URL(start.url);
    assert.equal(`${u.origin}${u.pathname}`, `${sb.urls.login}/${tenant.id}/oauth2/v2.0/authorize`);
    assert.equal(u.searchParams.get('code_challenge_method'), 'S256');
    assert.ok((u.searchParams.get('code_challenge') ?? '').length >= 43);
    assert.equal(u.searchParams.get('state'), start.state);
    assert.equal(u.searchParams.get('nonce'), start.nonce);
    assert.equal(u.searchParams.get('response_mode'), 'query');
    assert.ok(u.searchParams.get('scope')!.split(' ').includes('Mail.ReadWrite'));
    assert.ok(start.codeVerifier.length >= 43);
  });

  test('sign in, read granted scopes and the account, call Graph with a silent token', async () => {
    const { account, grantedScopes } = await connect('ann', 'acc-ann');
    assert.equal(account.tenantId, tenant.id);
    assert.equal(account.username, upn('ann'));
    assert.ok(account.objectId);
    assert.ok(grantedScopes.some((s) => /mail\.readwrite$/i.test(s)), grantedScopes.join(' '));
    assert.equal(store.rows.get('acc-ann')?.version, 1);

    const graph = new GraphClient({ graphUrl: sb.urls.graph, fetch: transport.fetch, accessToken: auth.tokenProvider(), log });
    const me = await graph.get<{ userPrincipalName: string }>('acc-ann', '/me');
    assert.equal(me.userPrincipalName, upn('ann'));
    assert.equal(store.rows.get('acc-ann')?.version, 1, 'the cached access token was used: no refresh, no write');
  });

  test('a forced refresh rotates the refresh token and persists the new one; concurrent callers share one refresh', async () => {
    await connect('bob', 'acc-bob');
    const before = refreshTokensIn(store, 'acc-bob');
    const v0 = store.rows.get('acc-bob')!.version;
    const tokenBefore = await auth.accessToken('acc-bob', ['User.Read'], { forceRefresh: false });
    await auth.refreshNow('acc-bob');
    const afterOne = refreshTokensIn(store, 'acc-bob');
    assert.equal(afterOne.length, 1);
    assert.notDeepEqual(afterOne, before);
    assert.equal(store.rows.get('acc-bob')!.version, v0 + 1);

    const tokens = await Promise.all(Array.from({ length: 10 }, () => auth.accessToken('acc-bob', ['User.Read'], { forceRefresh: true })));
    assert.equal(new Set(tokens).size, 1, 'all callers got the token of one shared refresh');
    assert.notEqual(tokens[0], tokenBefore);
    assert.equal(store.rows.get('acc-bob')!.version, v0 + 2, 'ten concurrent forced refreshes made one write');
  });

  test('losing the compare-and-set to another process keeps its newer refresh token and uses its access token', async () => {
    await connect('cat', 'acc-cat');
    const otherProcess = newAuth(store);
    let raced = false;
    // This process's store: just before its first write, the other process refreshes and writes first.
    const racing: TokenCacheStore = {
      load: (k) => store.load(k),
      save: async (k, data, expected) => {
        if (!raced) {
          raced = true;
          await otherProcess.refreshNow(k);
        }
        return store.save(k, data, expected);
      },
    };
    const thisProcess = newAuth(racing);
    const token = await thisProcess.accessToken('acc-cat', ['User.Read'], { forceRefresh: true });
    assert.ok(raced);
    const winnerRt = refreshTokensIn(store, 'acc-cat');
    const winnerAt = await otherProcess.accessToken('acc-cat', ['User.Read'], { forceRefresh: false });
    assert.equal(token, winnerAt, 'the loser returns the access token the winner stored');
    assert.deepEqual(refreshTokensIn(store, 'acc-cat'), winnerRt);
  });

  test('a revoked grant turns into reauthRequired (AADSTS50173) for that account only', async () => {
    await connect('dan', 'acc-dan');
    await control(sb, 'POST', `/control/users/${upn('dan')}/revoke-sessions`);
    await assert.rejects(auth.refreshNow('acc-dan'), (e) => isMicrosoftError(e, 'reauthRequired') && e.aadsts === 50173);
    assert.ok(await auth.accessToken('acc-ann', ['User.Read'], { forceRefresh: true }));
  });

  test('an account with no stored tokens needs reauth', async () => {
    await assert.rejects(auth.accessToken('nobody', ['User.Read'], { forceRefresh: false }), (e) => isMicrosoftError(e, 'reauthRequired'));
  });

  test('a code redeemed with the wrong PKCE verifier is reauthRequired, never a crash', async () => {
    const { params } = await signIn('ann', scopesFor(['mail']));
    const code = params.get('code')!;
    await assert.rejects(
      auth.completeSignIn({ code, redirectUri: REDIRECT, codeVerifier: 'x'.repeat(43), scopes: scopesFor(['mail']), accountKey: 'bad' }),
      (e) => isMicrosoftError(e, 'reauthRequired'),
    );
    assert.equal(store.rows.get('bad'), undefined);
  });

  test('cancelling consent is consentDeclined', async () => {
    const { params } = await signIn('boss', [...scopesFor([]), 'Contacts.ReadWrite'], 'cancel');
    const e = classifyIdentityError({ source: 'authorize', error: params.get('error') ?? '', error_description: params.get('error_description') ?? '' });
    assert.equal(e.kind, 'consentDeclined');
  });

  test('an admin-only scope is needsAdminApproval; admin consent then lets the user in', async () => {
    await control(sb, 'PUT', `/control/tenants/${tenant.id}/admin-only-scopes`, { scopes: ['Sites.Read.All'] });
    const { params } = await signIn('ann', [...scopesFor([]), 'Sites.Read.All']);
    const e = classifyIdentityError({ source: 'authorize', error: params.get('error') ?? '', error_description: params.get('error_description') ?? '' });
    assert.equal(e.kind, 'needsAdminApproval', params.toString());

    const url = adminConsentUrl({ loginUrl: sb.urls.login, clientId: app.clientId }, { tenant: tenant.id, scopes: ['https://graph.microsoft.com/Sites.Read.All'], redirectUri: REDIRECT, state: 'st-1' });
    const trace: FlowTrace = { pages: [], consentScopes: [] };
    const cb = parseAdminConsentCallback(await walkPages(sb, url, { redirectUri: REDIRECT, upn: upn('boss'), password: PW }, trace));
    assert.ok(cb.ok, JSON.stringify(cb));
    assert.equal(cb.state, 'st-1');
    const { grantedScopes } = await connect('ann', 'acc-ann-sp', [...scopesFor([]), 'Sites.Read.All']);
    assert.ok(grantedScopes.some((s) => /sites\.read\.all$/i.test(s)));
  });
});
