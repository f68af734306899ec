import assert from 'node:assert/strict';
import { createPublicKey, createVerify, type JsonWebKey } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { RegisteredApp } from '../../sandbox/server.js';
import type { Tenant } from '../../sandbox/identity/directory.js';
import { authorizeUrl, isTokenError, pkcePair, signInWithPkce, tokenRequest, type SignInOptions } from '../helpers/oauthClient.js';
import { createTenantWithUsers, registerApp, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

const REDIRECT = 'https://app.example/auth/callback';
const PASSWORD = 'Correct-Horse-1';

interface IdTokenClaims { aud: string; iss: string; tid: string; oid: string; sub: string; preferred_username: string; name: string; nonce?: string; iat: number; exp: number }
interface AccessTokenClaims { aud: string; tid: string; oid: string; upn: string; scp: string; appid: string; exp: number; iat: number }
interface OpenIdConfiguration { issuer: string; authorization_endpoint: string; token_endpoint: string; jwks_uri: string; end_session_endpoint: string; response_types_supported: string[] }
interface Jwks { keys: Array<JsonWebKey & { kid: string }> }

function claims<T>(jwt: string): T {
  return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as T;
}

describe('sandbox identity platform: authorization code with PKCE', () => {
  let sb: TestSandbox;
  let tenant: Tenant;
  let app: RegisteredApp;
  const opts = (over: Partial<SignInOptions> = {}): SignInOptions => ({
    sandbox: sb, tenant: tenant.id, clientId: app.clientId, clientSecret: app.clientSecret, redirectUri: REDIRECT,
    upn: 'ann@flow.onmicrosoft.com', password: PASSWORD, scopes: ['openid', 'profile', 'offline_access', 'Mail.Read'], ...over,
  });

  before(async () => {
    sb = await startTestSandbox();
    ({ tenant } = await createTenantWithUsers(sb, { domain: 'flow.onmicrosoft.com', users: [{ userPrincipalName: 'ann', password: PASSWORD }, { userPrincipalName: 'bob', password: PASSWORD }] }));
    app = await registerApp(sb, { displayName: 'Flow Test', redirectUris: [REDIRECT] });
  });
  after(() => sb.close());

  test('a full sign-in returns Microsoft-shaped tokens that the Graph verifier accepts', async () => {
    const r = await signInWithPkce(opts({ nonce: 'n-123', state: 'st-1' }));
    assert.ok(r.ok && r.tokens, JSON.stringify(r));
    assert.equal(r.state, 'st-1');
    assert.deepEqual(r.trace.pages, ['signin', 'consent']);
    const t = r.tokens;
    assert.equal(t.token_type, 'Bearer');
    assert.deepEqual(t.scope.split(' ').sort(), ['Mail.Read', 'offline_access', 'openid', 'profile']);
    assert.equal(t.expires_in, 3600);
    assert.ok(t.refresh_token && t.id_token);
    const at = claims<AccessTokenClaims>(t.access_token);
    assert.equal(at.aud, 'https://graph.microsoft.com');
    assert.equal(at.scp, 'Mail.Read');
    assert.equal(at.appid, app.clientId);
    assert.equal(at.tid, tenant.id);
    const id = claims<IdTokenClaims>(t.id_token);
    assert.equal(id.aud, app.clientId);
    assert.equal(id.nonce, 'n-123');
    assert.equal(id.preferred_username, 'ann@flow.onmicrosoft.com');
    assert.equal(id.iss, `${sb.urls.login}/${tenant.id}/v2.0`);
    assert.equal(id.oid, at.oid);
    const info = JSON.parse(Buffer.from(t.client_info!, 'base64url').toString('utf8')) as { uid: string; utid: string };
    assert.deepEqual(info, { uid: id.oid, utid: tenant.id });
    const verified = sb.context.tokens.verify(t.access_token);
    assert.equal(verified?.userId, id.oid);
    assert.ok(verified?.scopes.has('Mail.Read'));
    assert.equal(sb.context.tokens.verify(t.access_token.slice(0, -4) + 'AAAA'), null);
  });

  test('discovery and JWKS verify the id token signature', async () => {
    const r = await signInWithPkce(opts({ upn: 'bob@flow.onmicrosoft.com' }));
    assert.ok(r.ok && r.tokens?.id_token);
    const cfg = (await (await sb.fetch(`${sb.urls.login}/${tenant.id}/v2.0/.well-known/openid-configuration`)).json()) as OpenIdConfiguration;
    assert.equal(cfg.issuer, `${sb.urls.login}/${tenant.id}/v2.0`);
    assert.equal(cfg.token_endpoint, `${sb.urls.login}/${tenant.id}/oauth2/v2.0/token`);
    assert.ok(cfg.response_types_supported.includes('code'));
    const common = (await (await sb.fetch(`${sb.urls.login}/common/v2.0/.well-known/openid-configuration`)).json()) as OpenIdConfiguration;
    assert.equal(common.issuer, `${sb.urls.login}/{tenantid}/v2.0`);
    const byDomain = (await (await sb.fetch(`${sb.urls.login}/flow.onmicrosoft.com/v2.0/.well-known/openid-configuration`)).json()) as OpenIdConfiguration;
    assert.equal(byDomain.issuer, cfg.issuer);
    const jwks = (await (await sb.fetch(cfg.jwks_uri)).json()) as Jwks;
    const [h, p, s] = r.tokens.id_token.split('.') as [string, string, string];
    const kid = (JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as { kid: string }).kid;
    const jwk = jwks.keys.find((k) => k.kid === kid);
    assert.ok(jwk, 'signing key listed in JWKS');
    const key = createPublicKey({ key: jwk, format: 'jwk' });
    assert.ok(createVerify('RSA-SHA256').update(`${h}.${p}`).verify(key, s, 'base64url'));
    const unknown = await sb.fetch(`${sb.urls.login}/nope.onmicrosoft.com/v2.0/.well-known/openid-configuration`);
    assert.equal(unknown.status, 400);
    assert.deepEqual(((await unknown.json()) as { error_codes: number[] }).error_codes, [90002]);
  });

  test('a wrong code_verifier fails with invalid_grant AADSTS501481', async () => {
    const r = await signInWithPkce(opts({ verifierOverride: pkcePair().verifier }));
    assert.ok(r.ok);
    assert.equal(r.tokenError?.error, 'invalid_grant');
    assert.deepEqual(r.tokenError?.error_codes, [501481]);
    assert.match(r.tokenError?.error_description ?? '', /^AADSTS501481: /);
    assert.ok(r.tokenError?.trace_id && r.tokenError.correlation_id && r.tokenError.timestamp);
  });

  test('a code is single-use: the second redemption fails with AADSTS54005', async () => {
    const r = await signInWithPkce(opts({ skipRedeem: true }));
    assert.ok(r.ok);
    const form = { grant_type: 'authorization_code', client_id: app.clientId, client_secret: app.clientSecret, code: r.code, redirect_uri: REDIRECT, code_verifier: r.verifier };
    const first = await tokenRequest(sb, tenant.id, form);
    assert.equal(first.status, 200);
    const second = await tokenRequest(sb, tenant.id, form);
    assert.equal(second.status, 400);
    assert.ok(isTokenError(second.body));
    assert.equal(second.body.error, 'invalid_grant');
    assert.deepEqual(second.body.error_codes, [54005]);
  });

  test('the client secret is required and checked (401 invalid_client)', async () => {
    const r = await signInWithPkce(opts({ skipRedeem: true }));
    assert.ok(r.ok);
    const base = { grant_type: 'authorization_code', client_id: app.clientId, code: r.code, redirect_uri: REDIRECT, code_verifier: r.verifier };
    const missing = await tokenRequest(sb, tenant.id, base);
    assert.equal(missing.status, 401);
    assert.ok(isTokenError(missing.body) && missing.body.error === 'invalid_client');
    const wrong = await tokenRequest(sb, tenant.id, { ...base, client_secret: 'not-it' });
    assert.equal(wrong.status, 401);
    assert.ok(isTokenError(wrong.body));
    assert.deepEqual(wrong.body.error_codes, [7000215]);
    // The failed attempts did not burn the code.
    assert.equal((await tokenRequest(sb, tenant.id, { ...base, client_secret: app.clientSecret })).status, 200);
  });

  test('an unregistered redirect_uri gets an error page, never a redirect', async () => {
    const url = authorizeUrl(opts({ redirectUri: 'https://evil.example/cb' }), pkcePair().challenge);
    const res = await sb.fetch(url, { redirect: 'manual' });
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('location'), null);
    assert.match(await res.text(), /AADSTS50011/);
  });

  test('missing PKCE redirects back with invalid_request', async () => {
    const url = authorizeUrl(opts({ extraAuthorizeParams: { code_challenge: '', code_challenge_method: '', state: 'pk' } }), 'unused');
    const res = await sb.fetch(url, { redirect: 'manual' });
    assert.equal(res.status, 302);
    const back = new URL(res.headers.get('location')!);
    assert.equal(back.origin + back.pathname, REDIRECT);
    assert.equal(back.searchParams.get('error'), 'invalid_request');
    assert.equal(back.searchParams.get('state'), 'pk');
    assert.match(back.searchParams.get('error_description')!, /^AADSTS\d+: .*Proof Key/);
  });

  test('Cancel on the consent page returns access_denied with AADSTS65004', async () => {
    const r = await signInWithPkce(opts({ scopes: ['openid', 'Calendars.ReadWrite'], consent: 'cancel', state: 'c1' }));
    assert.ok(!r.ok);
    assert.equal(r.error, 'access_denied');
    assert.match(r.errorDescription, /^AADSTS65004: User declined to consent/);
    assert.equal(r.state, 'c1');
  });

  test('a wrong password keeps the user on the sign-in page', async () => {
    await assert.rejects(signInWithPkce(opts({ password: 'nope' })), /AADSTS50126/);
  });

  test('a user of another tenant cannot sign in at this tenant', async () => {
    await createTenantWithUsers(sb, { domain: 'other.onmicrosoft.com', users: [{ userPrincipalName: 'zed', password: PASSWORD }] });
    await assert.rejects(signInWithPkce(opts({ upn: 'zed@other.onmicrosoft.com' })), /AADSTS50020/);
    const viaOrganizations = await signInWithPkce(opts({ tenant: 'organizations', upn: 'zed@other.onmicrosoft.com' }));
    assert.ok(viaOrganizations.ok && viaOrganizations.tokens);
  });
});

describe('sandbox identity platform: code lifetime', () => {
  let sb: TestSandbox;
  before(async () => { sb = await startTestSandbox({ identity: { codeLifetimeSec: 0 } }); });
  after(() => sb.close());

  test('an expired code fails with invalid_grant AADSTS70008', async () => {
    const { tenant } = await createTenantWithUsers(sb, { domain: 'exp.onmicrosoft.com', users: [{ userPrincipalName: 'ann', password: PASSWORD }] });
    const app = await registerApp(sb, { redirectUris: [REDIRECT] });
    const r = await signInWithPkce({ sandbox: sb, tenant: tenant.id, clientId: app.clientId, clientSecret: app.clientSecret, redirectUri: REDIRECT, upn: 'ann@exp.onmicrosoft.com', password: PASSWORD, scopes: ['openid', 'User.Read'] });
    assert.ok(r.ok);
    assert.equal(r.tokenError?.error, 'invalid_grant');
    assert.deepEqual(r.tokenError?.error_codes, [70008]);
  });
});
