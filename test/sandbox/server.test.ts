import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { DEMO_ACCOUNTS } from '../../sandbox/seed/demo.js';
import { isTokenError, refreshTokens, signInWithPkce } from '../helpers/oauthClient.js';
import { control, startTestSandbox } from '../helpers/sandbox.js';

const REDIRECT = 'https://crm.example/callback';
const APP = { clientId: '11111111-2222-3333-4444-555555555555', clientSecret: 'launcher-secret', displayName: 'Tandem', redirectUris: [REDIRECT] };

interface Info { urls: { login: string; graph: string; control: string }; caFile: string; tenants: Array<{ id: string; domain: string; users: Array<{ userPrincipalName: string; isAdmin: boolean }> }> }

describe('sandbox server: composition and persistence', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tandem-sandbox-restart-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  test('state, CA and signing key survive a restart on the same data dir', async () => {
    const first = await startTestSandbox({ dataDir, seedDemo: true, apps: [APP] });
    let refreshToken: string;
    let caPem: string;
    try {
      assert.ok(first.seeded);
      assert.match(first.urls.login, /^https:\/\/127\.0\.0\.1:\d+$/);
      assert.match(first.urls.control, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(readFileSync(first.caFile, 'utf8'), first.caPem);
      const info = await control<Info>(first, 'GET', '/control/info');
      assert.equal(info.caFile, first.caFile);
      const contoso = info.tenants.find((t) => t.domain === 'contoso.onmicrosoft.com');
      assert.deepEqual(contoso?.users.map((u) => u.userPrincipalName).sort(), ['adele@contoso.onmicrosoft.com', 'admin@contoso.onmicrosoft.com', 'alex@contoso.onmicrosoft.com']);
      assert.ok(info.tenants.some((t) => t.domain === 'fabrikam.onmicrosoft.com'));
      const adele = DEMO_ACCOUNTS.find((a) => a.userPrincipalName.startsWith('adele'))!;
      const r = await signInWithPkce({ sandbox: first, tenant: 'contoso.onmicrosoft.com', clientId: APP.clientId, clientSecret: APP.clientSecret, redirectUri: REDIRECT, upn: adele.userPrincipalName, password: adele.password, scopes: ['openid', 'offline_access', 'Mail.Read'] });
      assert.ok(r.ok && r.tokens?.refresh_token);
      refreshToken = r.tokens.refresh_token;
      caPem = first.caPem;
    } finally {
      await first.close();
    }

    const second = await startTestSandbox({ dataDir, seedDemo: true, apps: [APP] });
    try {
      assert.equal(second.seeded, false, 'demo data is seeded on first start only');
      assert.equal(second.caPem, caPem, 'the CA is reused');
      const r = await refreshTokens(second, { tenant: 'contoso.onmicrosoft.com', clientId: APP.clientId, clientSecret: APP.clientSecret, refreshToken });
      assert.equal(r.status, 200);
      assert.ok(!isTokenError(r.body));
      assert.ok(second.context.tokens.verify(r.body.access_token));
      assert.match(r.body.scope, /Mail\.Read/);
    } finally {
      await second.close();
    }
  });

  test('re-registering an app by client id updates its secret and redirect URIs', async () => {
    const sb = await startTestSandbox({ apps: [APP] });
    try {
      const updated = await control<{ clientId: string; redirectUris: string[] }>(sb, 'POST', '/control/apps', { ...APP, clientSecret: 'rotated', redirectUris: ['https://new.example/cb'] });
      assert.deepEqual(updated.redirectUris, ['https://new.example/cb']);
      assert.equal(sb.identity.apps.checkSecret(APP.clientId, 'rotated'), true);
      assert.equal(sb.identity.apps.checkSecret(APP.clientId, APP.clientSecret), false);
      assert.equal(sb.identity.apps.list().length, 1);
    } finally {
      await sb.close();
    }
  });
});
