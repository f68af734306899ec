import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Tenant } from '../../sandbox/identity/directory.js';
import type { RegisteredApp } from '../../sandbox/server.js';
import { adminConsent, isTokenError, refreshTokens, signInWithPkce, type SignInOptions, type TokenResponse } from '../helpers/oauthClient.js';
import { control, createTenantWithUsers, registerApp, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

const REDIRECT = 'https://crm.example/ms/callback';
const PW = 'Grant-Test-1';

describe('sandbox identity platform: refresh, revocation and consent', () => {
  let sb: TestSandbox;
  let tenant: Tenant;
  let app: RegisteredApp;
  const opts = (upn: string, scopes: string[], over: Partial<SignInOptions> = {}): SignInOptions => ({
    sandbox: sb, tenant: tenant.id, clientId: app.clientId, clientSecret: app.clientSecret, redirectUri: REDIRECT,
    upn: `${upn}@grants.onmicrosoft.com`, password: PW, scopes, ...over,
  });
  const signIn = async (upn: string, scopes: string[], over: Partial<SignInOptions> = {}): Promise<TokenResponse> => {
    const r = await signInWithPkce(opts(upn, scopes, over));
    assert.ok(r.ok && r.tokens, JSON.stringify(r));
    return r.tokens;
  };
  const refresh = (refreshToken: string, scopes?: string[]) =>
    refreshTokens(sb, { tenant: tenant.id, clientId: app.clientId, clientSecret: app.clientSecret, refreshToken, scopes });

  before(async () => {
    sb = await startTestSandbox();
    ({ tenant } = await createTenantWithUsers(sb, {
      domain: 'grants.onmicrosoft.com',
      users: ['ann', 'bob', 'cat', 'dan', 'eve', 'boss'].map((u) => ({ userPrincipalName: u, password: PW, isAdmin: u === 'boss' })),
    }));
    app = await registerApp(sb, { displayName: 'Tandem', redirectUris: [REDIRECT] });
  });
  after(() => sb.close());

  test('each refresh returns a new refresh token and the old ones keep working', async () => {
    const first = await signIn('ann', ['openid', 'offline_access', 'Mail.Read']);
    const r1 = await refresh(first.refresh_token!, ['Mail.Read']);
    assert.equal(r1.status, 200);
    assert.ok(!isTokenError(r1.body));
    assert.ok(r1.body.refresh_token && r1.body.refresh_token !== first.refresh_token);
    assert.notEqual(r1.body.access_token, first.access_token);
    const r2 = await refresh(r1.body.refresh_token);
    assert.ok(!isTokenError(r2.body) && r2.body.refresh_token !== r1.body.refresh_token);
    const again = await refresh(first.refresh_token!);
    assert.equal(again.status, 200);
    assert.ok(sb.context.tokens.verify(first.access_token));
  });

  test('no offline_access, no refresh token; no openid, no id token', async () => {
    const t = await signIn('bob', ['Mail.Read']);
    assert.equal(t.refresh_token, undefined);
    assert.equal(t.id_token, undefined);
  });

  test('revoked sessions fail with AADSTS50173 and their access tokens stop verifying', async () => {
    const t = await signIn('cat', ['openid', 'offline_access', 'Mail.Read']);
    assert.ok(sb.context.tokens.verify(t.access_token));
    await control(sb, 'POST', '/control/users/cat@grants.onmicrosoft.com/revoke-sessions');
    const r = await refresh(t.refresh_token!);
    assert.equal(r.status, 400);
    assert.ok(isTokenError(r.body));
    assert.equal(r.body.error, 'invalid_grant');
    assert.deepEqual(r.body.error_codes, [50173]);
    assert.equal(sb.context.tokens.verify(t.access_token), null);
    // Signing in again works and yields live tokens.
    const fresh = await signIn('cat', ['openid', 'offline_access', 'Mail.Read']);
    assert.ok(sb.context.tokens.verify(fresh.access_token));
  });

  test('idle refresh tokens fail with AADSTS700082', async () => {
    const t = await signIn('dan', ['openid', 'offline_access', 'Mail.Read']);
    const aged = await control<{ aged: number }>(sb, 'POST', '/control/users/dan@grants.onmicrosoft.com/age-refresh-tokens');
    assert.ok(aged.aged >= 1);
    const r = await refresh(t.refresh_token!);
    assert.equal(r.status, 400);
    assert.ok(isTokenError(r.body));
    assert.deepEqual(r.body.error_codes, [700082]);
    const garbage = await refresh('not-a-refresh-token');
    assert.ok(isTokenError(garbage.body));
    assert.deepEqual(garbage.body.error_codes, [9002313]);
  });

  test('incremental consent asks only for new scopes and the token lists both rounds', async () => {
    const round1 = await signInWithPkce(opts('eve', ['openid', 'offline_access', 'Mail.Read']));
    assert.ok(round1.ok);
    assert.deepEqual(round1.trace.consentScopes, [['Mail.Read', 'offline_access', 'openid']]);
    const round2 = await signInWithPkce(opts('eve', ['openid', 'offline_access', 'Mail.Read', 'Calendars.ReadWrite']));
    assert.ok(round2.ok && round2.tokens);
    assert.deepEqual(round2.trace.consentScopes, [['Calendars.ReadWrite']]);
    assert.deepEqual(round2.tokens.scope.split(' ').sort(), ['Calendars.ReadWrite', 'Mail.Read', 'offline_access', 'openid']);
    // Asking for a subset again needs no consent page, and the response still lists everything.
    const round3 = await signInWithPkce(opts('eve', ['https://graph.microsoft.com/Mail.Read', 'offline_access']));
    assert.ok(round3.ok && round3.tokens);
    assert.deepEqual(round3.trace.pages, ['signin']);
    assert.match(round3.tokens.scope, /Calendars\.ReadWrite/);
    const refreshed = await refresh(round3.tokens.refresh_token!, ['Mail.Read']);
    assert.ok(!isTokenError(refreshed.body) && refreshed.body.scope.split(' ').includes('Calendars.ReadWrite'));
    const notGranted = await refresh(round3.tokens.refresh_token!, ['Files.ReadWrite']);
    assert.ok(isTokenError(notGranted.body));
    assert.deepEqual(notGranted.body.error_codes, [65001]);
  });

  test('admin-only scopes: blocked for users until an admin consents for the tenant', async () => {
    const scopes = ['openid', 'offline_access', 'Sites.Read.All'];
    const blocked = await signInWithPkce(opts('ann', scopes, { state: 's-block' }));
    assert.ok(!blocked.ok);
    assert.deepEqual(blocked.trace.pages, ['signin', 'admin-approval']);
    assert.equal(blocked.error, 'consent_required');
    assert.match(blocked.errorDescription, /^AADSTS90094: /);
    assert.equal(blocked.state, 's-block');

    const byUser = await adminConsent({ ...opts('bob', ['Sites.Read.All']) });
    assert.equal(byUser.params.get('error'), 'consent_required');
    assert.equal(byUser.params.get('admin_consent'), 'True');

    const viaCommon = await adminConsent({ ...opts('boss', ['Sites.Read.All']), tenant: 'common' });
    assert.ok(viaCommon.params.get('error'));

    const granted = await adminConsent({ ...opts('boss', ['Sites.Read.All']), state: 'adm-1' });
    assert.deepEqual(granted.trace.pages, ['signin', 'consent']);
    assert.equal(granted.params.get('admin_consent'), 'True');
    assert.equal(granted.params.get('tenant'), tenant.id);
    assert.equal(granted.params.get('scope'), 'https://graph.microsoft.com/Sites.Read.All');
    assert.equal(granted.params.get('state'), 'adm-1');

    const after = await signInWithPkce(opts('ann', scopes));
    assert.ok(after.ok && after.tokens, JSON.stringify(after));
    assert.ok(!after.trace.pages.includes('admin-approval'));
    assert.ok(!after.trace.consentScopes.flat().includes('Sites.Read.All'), 'tenant-granted scope is not asked again');
    assert.match(after.tokens.scope, /Sites\.Read\.All/);
  });

  test('an admin may consent to an admin-only scope for themself', async () => {
    await control(sb, 'PUT', `/control/tenants/${tenant.id}/admin-only-scopes`, { scopes: ['Sites.Read.All', 'Files.ReadWrite'] });
    const r = await signInWithPkce(opts('boss', ['openid', 'Files.ReadWrite']));
    assert.ok(r.ok && r.tokens);
    assert.deepEqual(r.trace.consentScopes, [['Files.ReadWrite', 'openid']]);
    const user = await signInWithPkce(opts('bob', ['openid', 'Files.ReadWrite']));
    assert.ok(!user.ok && user.error === 'consent_required');
  });

  test('access-token lifetime is configurable through the control API', async () => {
    await control(sb, 'PUT', '/control/identity/access-token-lifetime', { seconds: 120 });
    const t = await signIn('bob', ['Mail.Read']);
    assert.equal(t.expires_in, 120);
    await control(sb, 'PUT', '/control/identity/access-token-lifetime', { seconds: 3600 });
  });
});
