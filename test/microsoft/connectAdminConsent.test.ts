import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DB_KINDS } from '../helpers/db.js';
import { connectMicrosoft, postAndDrive, startMicrosoftTestEnv, type MicrosoftTestEnv } from '../helpers/microsoft.js';
import { control, createTenantWithUsers, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

for (const kind of DB_KINDS) {
  describe(`SharePoint needs admin approval, then admin consent (${kind})`, () => {
    let sb: TestSandbox;
    let env: MicrosoftTestEnv;
    let tenantId: string;
    const password = 'Passw0rd!';
    let admin: string;
    let regular: string;
    let other: string;

    before(async () => {
      sb = await startTestSandbox();
      env = await startMicrosoftTestEnv({ kind, sandbox: sb });
      const { tenant, users } = await createTenantWithUsers(sb, {
        domain: `a${kind}.onmicrosoft.com`,
        users: [
          { userPrincipalName: 'root', password, isAdmin: true },
          { userPrincipalName: 'ann', password },
          { userPrincipalName: 'bob', password },
        ],
      });
      tenantId = tenant.id;
      [admin, regular, other] = users.map((u) => u.userPrincipalName) as [string, string, string];
      await control(sb, 'PUT', `/control/tenants/${tenant.id}/admin-only-scopes`, { scopes: ['Sites.Read.All', 'Calendars.ReadWrite'] });
    });
    after(async () => {
      await env?.close();
      await sb?.close();
    });

    test('a regular user is told plainly, an admin authorizes the org, then the user enables it', async () => {
      const ann = env.client();
      await ann.signup();
      const blocked = await connectMicrosoft({ api: ann, sandbox: sb, upn: regular, password, features: ['mail', 'sharepoint'] });
      assert.equal(blocked.error, 'needsAdminApproval');
      assert.deepEqual(blocked.trace.pages, ['signin', 'admin-approval']);
      assert.equal(blocked.view.status, 'not_connected');

      const connected = await connectMicrosoft({ api: ann, sandbox: sb, upn: regular, password, features: ['mail'] });
      assert.ok(connected.ok, connected.callbackBody);
      assert.equal(connected.view.features.find((f) => f.id === 'sharepoint')?.state, 'needs_admin_approval');
      const stillBlocked = await postAndDrive({ api: ann, sandbox: sb, upn: regular, password, path: '/api/microsoft/features/sharepoint/enable' });
      assert.equal(stillBlocked.error, 'needsAdminApproval');
      // Any scope the tenant reserves for admins: the refused feature shows "Needs admin approval".
      assert.equal(stillBlocked.view.features.find((f) => f.id === 'calendar')?.state, 'declined');
      const calendar = await postAndDrive({ api: ann, sandbox: sb, upn: regular, password, path: '/api/microsoft/features/calendar/enable' });
      assert.equal(calendar.error, 'needsAdminApproval');
      assert.equal(calendar.view.features.find((f) => f.id === 'calendar')?.state, 'needs_admin_approval');
      assert.equal(calendar.view.status, 'active', 'a refused feature leaves the connection alone');

      // A regular user trying the admin route is refused by Microsoft, and nothing is recorded.
      const notAdmin = await postAndDrive({ api: ann, sandbox: sb, upn: regular, password, path: '/api/microsoft/admin-consent', body: { feature: 'sharepoint' } });
      assert.equal(notAdmin.error, 'needsAdminApproval');
      assert.equal((await env.integration.tenantConsents.featuresFor(tenantId)).size, 0);

      const root = env.client();
      await root.signup();
      assert.ok((await connectMicrosoft({ api: root, sandbox: sb, upn: admin, password, features: ['mail'] })).ok);
      const start = await root.request('POST', '/api/microsoft/admin-consent', { feature: 'sharepoint' });
      assert.equal(start.status, 200);
      const url = new URL(start.body.authorizeUrl);
      assert.ok(url.pathname.startsWith(`/${tenantId}/v2.0/adminconsent`), 'sent to the tenant, never common');
      const granted = await postAndDrive({ api: root, sandbox: sb, upn: admin, password, path: '/api/microsoft/admin-consent', body: { feature: 'sharepoint' } });
      assert.ok(granted.ok, granted.callbackBody);
      assert.equal(granted.location?.searchParams.get('adminConsent'), '1');
      assert.ok((await env.integration.tenantConsents.featuresFor(tenantId)).has('sharepoint'));

      const annView = await ann.request('GET', '/api/microsoft');
      assert.equal(annView.body.features.find((f: { id: string }) => f.id === 'sharepoint').state, 'declined');
      const enabled = await postAndDrive({ api: ann, sandbox: sb, upn: regular, password, path: '/api/microsoft/features/sharepoint/enable' });
      assert.ok(enabled.ok, enabled.callbackBody);
      assert.ok(!enabled.trace.pages.includes('admin-approval'));
      assert.equal(enabled.view.features.find((f) => f.id === 'sharepoint')?.state, 'granted');
    });

    test('the tenant named in the redirect is never trusted', async () => {
      const bob = env.client();
      await bob.signup();
      assert.ok((await connectMicrosoft({ api: bob, sandbox: sb, upn: other, password, features: ['mail'] })).ok);
      const start = await bob.request('POST', '/api/microsoft/admin-consent', { feature: 'sharepoint' });
      const state = new URL(start.body.authorizeUrl).searchParams.get('state')!;
      const forged = new URLSearchParams({ admin_consent: 'True', tenant: '11111111-2222-3333-4444-555555555555', scope: 'https://graph.microsoft.com/Sites.Read.All', state });
      const res = await fetch(`${env.url}/auth/microsoft/admin-consent/callback?${forged}`, { redirect: 'manual', headers: { cookie: `tandem_session=${bob.cookie}` } });
      assert.equal(res.status, 303);
      assert.equal(new URL(res.headers.get('location')!, env.url).searchParams.get('error'), 'tenantMismatch');
      const rows = await env.database.db.selectFrom('microsoft_tenant_consents').selectAll().execute();
      assert.ok(rows.every((r) => r.tenant_id === tenantId));

      const bad = await bob.request('POST', '/api/microsoft/admin-consent', { feature: 'mail' });
      assert.equal(bad.status, 400);
    });
  });
}
