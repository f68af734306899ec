import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { adminConsentUrl } from '../../src/microsoft/auth/adminConsent.js';
import { checkBrowserLoginUrl, forBrowser } from '../../src/microsoft/auth/browserLogin.js';

describe('where the browser signs in', () => {
  test('plain HTTP is accepted only on loopback; HTTPS anywhere', () => {
    assert.equal(checkBrowserLoginUrl('http://localhost:4433/'), 'http://localhost:4433');
    assert.equal(checkBrowserLoginUrl('http://127.0.0.1:4433'), 'http://127.0.0.1:4433');
    assert.equal(checkBrowserLoginUrl('http://[::1]:4433'), 'http://[::1]:4433');
    assert.equal(checkBrowserLoginUrl('https://login.example'), 'https://login.example');
    assert.throws(() => checkBrowserLoginUrl('http://login.microsoftonline.com'), /https, or http on localhost/);
    assert.throws(() => checkBrowserLoginUrl('http://10.0.0.5:4433'), /https, or http on localhost/);
  });

  test('without a browser URL, Microsoft URLs pass through untouched', () => {
    const url = 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=a';
    assert.equal(forBrowser(url, { loginUrl: 'https://login.microsoftonline.com' }), url);
  });

  test('with one, the path and query move onto it; a URL on another host is refused', () => {
    const settings = { loginUrl: 'https://127.0.0.1:4430', browserLoginUrl: 'http://localhost:4433' };
    assert.equal(forBrowser('https://127.0.0.1:4430/common/oauth2/v2.0/authorize?state=s&x=1', settings), 'http://localhost:4433/common/oauth2/v2.0/authorize?state=s&x=1');
    assert.throws(() => forBrowser('https://evil.example/common/oauth2/v2.0/authorize', settings), /not on the configured login URL/);
  });

  test('admin consent goes to the browser URL too', () => {
    const url = adminConsentUrl({ loginUrl: 'https://127.0.0.1:4430', browserLoginUrl: 'http://localhost:4433', clientId: 'c' }, { tenant: 'organizations', scopes: ['Sites.Read.All'], redirectUri: 'http://localhost:3000/cb', state: 's' });
    assert.ok(url.startsWith('http://localhost:4433/organizations/v2.0/adminconsent?'), url);
  });
});
