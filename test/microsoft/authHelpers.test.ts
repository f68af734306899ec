import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { adminConsentUrl, authorityFor, knownAuthoritiesFor, MemoryTokenCacheStore, parseAdminConsentCallback } from '../../src/microsoft/auth/index.js';
import { SingleFlight } from '../../src/microsoft/auth/singleFlight.js';

describe('authority settings', () => {
  test('Microsoft hosts keep instance discovery; any other host is a known authority', () => {
    assert.equal(knownAuthoritiesFor('https://login.microsoftonline.com'), undefined);
    assert.equal(knownAuthoritiesFor('https://login.microsoftonline.us'), undefined);
    assert.deepEqual(knownAuthoritiesFor('https://127.0.0.1:8443'), ['127.0.0.1:8443']);
    assert.equal(authorityFor({ loginUrl: 'https://login.microsoftonline.com/', tenant: 'organizations' }), 'https://login.microsoftonline.com/organizations');
  });
});

describe('admin consent', () => {
  const settings = { loginUrl: 'https://login.microsoftonline.com', clientId: 'cid' };

  test('builds the v2.0 adminconsent URL for a tenant, never common', () => {
    const u = new URL(adminConsentUrl(settings, { tenant: 'contoso.onmicrosoft.com', scopes: ['https://graph.microsoft.com/Sites.Read.All'], redirectUri: 'https://crm/cb', state: 's1' }));
    assert.equal(u.pathname, '/contoso.onmicrosoft.com/v2.0/adminconsent');
    assert.equal(u.searchParams.get('client_id'), 'cid');
    assert.equal(u.searchParams.get('scope'), 'https://graph.microsoft.com/Sites.Read.All');
    assert.equal(u.searchParams.get('redirect_uri'), 'https://crm/cb');
    assert.equal(u.searchParams.get('state'), 's1');
    assert.throws(() => adminConsentUrl(settings, { tenant: 'common', scopes: [], redirectUri: 'x', state: 's' }));
  });

  test('parses success and failure callbacks', () => {
    const ok = parseAdminConsentCallback(new URLSearchParams('admin_consent=True&tenant=t1&scope=a%20b&state=s1'));
    assert.deepEqual(ok, { ok: true, state: 's1', tenant: 't1', scopes: ['a', 'b'] });
    const bad = parseAdminConsentCallback({ error: 'access_denied', error_description: 'AADSTS65004: declined', state: 's1', tenant: 't1' });
    assert.ok(!bad.ok);
    assert.equal(bad.error.kind, 'consentDeclined');
    assert.equal(bad.errorCode, 'access_denied');
    const missing = parseAdminConsentCallback({ state: 's1' });
    assert.ok(!missing.ok);
  });
});

describe('single flight', () => {
  test('weaker or equal requests join; a stronger one waits and runs after', async () => {
    const sf = new SingleFlight();
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const a = sf.run('k', 0, async () => { order.push('a'); await gate; return 'A'; });
    const b = sf.run('k', 0, async () => { order.push('b'); return 'B'; });
    const c = sf.run('k', 1, async () => { order.push('c'); return 'C'; });
    const other = sf.run('j', 0, async () => { order.push('j'); return 'J'; });
    assert.equal(await other, 'J');
    release();
    assert.deepEqual(await Promise.all([a, b, c]), ['A', 'A', 'C']);
    assert.deepEqual(order, ['a', 'j', 'c']);
  });

  test('exclusive runs never share', async () => {
    const sf = new SingleFlight();
    let n = 0;
    const results = await Promise.all([sf.exclusive('k', async () => ++n), sf.exclusive('k', async () => ++n)]);
    assert.deepEqual(results.sort(), [1, 2]);
  });
});

test('memory store is compare-and-set', async () => {
  const s = new MemoryTokenCacheStore();
  assert.equal(await s.save('k', 'v1', 1), false);
  assert.equal(await s.save('k', 'v1', null), true);
  assert.equal(await s.save('k', 'v2', null), false);
  assert.equal(await s.save('k', 'v2', 1), true);
  assert.deepEqual(await s.load('k'), { data: 'v2', version: 2 });
});
