import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DB_KINDS } from '../helpers/db.js';
import { connectMicrosoft, postAndDrive, startMicrosoftTestEnv, type MicrosoftTestEnv } from '../helpers/microsoft.js';
import { control, createTenantWithUsers, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

for (const kind of DB_KINDS) {
  describe(`needs admin approval, then admin consent, for any feature (${kind})`, () => {
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
      await control(sb, 'PUT', `/control/tenants/${tenant.id}/admin-only-scopes`, { scopes: ['People.Read'] });
    });
    after(async () => {
      await env?.close();
      await sb?.close();
    });

    test('a regular user is told plainly, an admin authorizes the org, then the user enables it', async () => {
      const ann = env.client();
      await ann.signup();
      const blocked = await connectMicrosoft({ api: ann, sandbox: sb, upn: regular, password, features: ['mail', 'people'] });
      assert.equal(blocked.error, 'needsAdminApproval');
      assert.deepEqual(blocked.trace.pages, ['signin', 'admin-approval']);
      assert.equal(blocked.view.status, 'not_connected');
      // The first connect cannot tell which feature it was: the page lists them and offers the rest.
      assert.equal(blocked.location?.searchParams.get('features'), 'mail,people');
      assert.equal(blocked.location?.searchParams.get('without'), 'mail');
      assert.equal(blocked.location?.searchParams.get('baseBlocked'), null);

      const connected = await connectMicrosoft({ api: ann, sandbox: sb, upn: regular, password, features: blocked.location!.searchParams.get('without')!.split(',') });
      assert.ok(connected.ok, connected.callbackBody);
      // Typically admin-only, but not known to be blocked yet: Enable stays, with the admin route beside it.
      const people = connected.view.features.find((f) => f.id === 'people')!;
      assert.equal(people.state, 'declined');
      assert.equal(people.adminConsent, true);
      assert.equal(people.adminRoute, true);
      assert.equal(people.shortTitle, 'contact suggestions');
      assert.equal(connected.view.features.find((f) => f.id === 'sendMail')?.adminRoute, false);
      // SharePoint (Sites.Read.All) is typically admin-only too: Off, with the admin route beside it.
      const sp = connected.view.features.find((f) => f.id === 'sharepoint')!;
      assert.equal(sp.state, 'declined');
      assert.equal(sp.adminRoute, true);
      const stillBlocked = await postAndDrive({ api: ann, sandbox: sb, upn: regular, password, path: '/api/microsoft/features/people/enable' });
      assert.equal(stillBlocked.error, 'needsAdminApproval');
      assert.equal(stillBlocked.view.features.find((f) => f.id === 'people')?.state, 'needs_admin_approval');
      assert.equal(stillBlocked.view.status, 'active', 'a refused feature leaves the connection alone');
      // Even a feature the catalogue thinks users can grant: the tenant decides.
      await control(sb, 'PUT', `/control/tenants/${tenantId}/admin-only-scopes`, { scopes: ['People.Read', 'Mail.Send'] });
      const send = await postAndDrive({ api: ann, sandbox: sb, upn: regular, password, path: '/api/microsoft/features/sendMail/enable' });
      assert.equal(send.error, 'needsAdminApproval');
      const sendView = send.view.features.find((f) => f.id === 'sendMail')!;
      assert.equal(sendView.state, 'needs_admin_approval');
      assert.equal(sendView.adminRoute, true);

      // A regular user trying the admin route is refused by Microsoft, and nothing is recorded.
      const notAdmin = await postAndDrive({ api: ann, sandbox: sb, upn: regular, password, path: '/api/microsoft/admin-consent', body: { feature: 'people' } });
      assert.equal(notAdmin.error, 'needsAdminApproval');
      assert.equal((await env.integration.tenantConsents.featuresFor(tenantId)).size, 0);

      const root = env.client();
      await root.signup();
      assert.ok((await connectMicrosoft({ api: root, sandbox: sb, upn: admin, password, features: ['mail'] })).ok);
      const start = await root.request('POST', '/api/microsoft/admin-consent', { feature: 'people' });
      assert.equal(start.status, 200);
      const url = new URL(start.body.authorizeUrl);
      assert.ok(url.pathname.startsWith(`/${tenantId}/v2.0/adminconsent`), 'sent to the tenant, never common');
      const signIn = ['User.Read', 'openid', 'profile', 'email', 'offline_access'];
      assert.deepEqual(url.searchParams.get('scope')!.split(' ').filter((s) => !signIn.includes(s)), ['People.Read'], 'the admin sees only what Tandem uses');
      const granted = await postAndDrive({ api: root, sandbox: sb, upn: admin, password, path: '/api/microsoft/admin-consent', body: { feature: 'people' } });
      assert.ok(granted.ok, granted.callbackBody);
      assert.equal(granted.location?.searchParams.get('adminConsent'), '1');
      assert.ok((await env.integration.tenantConsents.featuresFor(tenantId)).has('people'));

      const annView = await ann.request('GET', '/api/microsoft');
      assert.equal(annView.body.features.find((f: { id: string }) => f.id === 'people').state, 'declined');
      const enabled = await postAndDrive({ api: ann, sandbox: sb, upn: regular, password, path: '/api/microsoft/features/people/enable' });
      assert.ok(enabled.ok, enabled.callbackBody);
      assert.ok(!enabled.trace.pages.includes('admin-approval'));
      assert.equal(enabled.view.features.find((f) => f.id === 'people')?.state, 'granted');

      // The admin route works for any feature: Send mail, which the catalogue does not flag.
      const sendOk = await postAndDrive({ api: root, sandbox: sb, upn: admin, password, path: '/api/microsoft/admin-consent', body: { feature: 'sendMail' } });
      assert.ok(sendOk.ok, sendOk.callbackBody);
      assert.ok((await env.integration.tenantConsents.featuresFor(tenantId)).has('sendMail'));
      const annSend = (await ann.request('GET', '/api/microsoft')).body.features.find((f: { id: string }) => f.id === 'sendMail');
      assert.equal(annSend.state, 'declined', 'approved for the org: Enable instead of the error');
      assert.equal(annSend.approvedForOrg, true);
      assert.equal(annSend.adminRoute, false);
      const sendEnabled = await postAndDrive({ api: ann, sandbox: sb, upn: regular, password, path: '/api/microsoft/features/sendMail/enable' });
      assert.ok(sendEnabled.ok, sendEnabled.callbackBody);
      assert.equal(sendEnabled.view.features.find((f) => f.id === 'sendMail')?.state, 'granted');
    });

    test('the tenant named in the redirect is never trusted', async () => {
      const bob = env.client();
      await bob.signup();
      assert.ok((await connectMicrosoft({ api: bob, sandbox: sb, upn: other, password, features: ['mail'] })).ok);
      const start = await bob.request('POST', '/api/microsoft/admin-consent', { feature: 'people' });
      const state = new URL(start.body.authorizeUrl).searchParams.get('state')!;
      const forged = new URLSearchParams({ admin_consent: 'True', tenant: '11111111-2222-3333-4444-555555555555', scope: 'https://graph.microsoft.com/People.Read', state });
      const res = await fetch(`${env.url}/auth/microsoft/admin-consent/callback?${forged}`, { redirect: 'manual', headers: { cookie: `tandem_session=${bob.cookie}` } });
      assert.equal(res.status, 303);
      assert.equal(new URL(res.headers.get('location')!, env.url).searchParams.get('error'), 'tenantMismatch');
      const rows = await env.database.db.selectFrom('microsoft_tenant_consents').selectAll().execute();
      assert.ok(rows.every((r) => r.tenant_id === tenantId));

      const bad = await bob.request('POST', '/api/microsoft/admin-consent', { feature: 'nope' });
      assert.equal(bad.status, 400);
    });
  });
}

for (const kind of DB_KINDS) {
  describe(`first connect refused by the tenant (${kind})`, () => {
    let sb: TestSandbox;
    let env: MicrosoftTestEnv;
    let tenantId: string;
    let domain: string;
    const password = 'Passw0rd!';

    before(async () => {
      sb = await startTestSandbox();
      env = await startMicrosoftTestEnv({ kind, sandbox: sb });
      domain = `f${kind}.onmicrosoft.com`;
      const { tenant } = await createTenantWithUsers(sb, {
        domain,
        users: [{ userPrincipalName: 'root', password, isAdmin: true }, { userPrincipalName: 'ann', password }, { userPrincipalName: 'bob', password }],
      });
      tenantId = tenant.id;
      // The tenant blocks even Outlook mail for users.
      await control(sb, 'PUT', `/control/tenants/${tenant.id}/admin-only-scopes`, { scopes: ['Mail.ReadWrite', 'People.Read'] });
    });
    after(async () => {
      await env?.close();
      await sb?.close();
    });

    test('nothing left to drop says so; an admin approves for the org before anyone connected; then users connect', async () => {
      const ann = env.client();
      await ann.signup();
      const first = await connectMicrosoft({ api: ann, sandbox: sb, upn: `ann@${domain}`, password, features: ['mail', 'people'] });
      assert.equal(first.error, 'needsAdminApproval');
      assert.equal(first.location?.searchParams.get('without'), 'mail');
      const second = await connectMicrosoft({ api: ann, sandbox: sb, upn: `ann@${domain}`, password, features: ['mail'] });
      assert.equal(second.error, 'needsAdminApproval');
      assert.equal(second.location?.searchParams.get('baseBlocked'), '1', 'even sign-in and mail need an administrator');
      assert.equal(second.location?.searchParams.get('without'), '');
      assert.equal(second.callbackStatus, 303, 'a plain Settings redirect, never a 500');

      // Not connected: Tandem needs the organization, and resolves it itself (never trusting the redirect).
      const noOrg = await ann.request('POST', '/api/microsoft/admin-consent', { features: ['mail', 'people'] });
      assert.equal(noOrg.status, 400);
      assert.match(JSON.stringify(noOrg.body), /organization's Microsoft 365 domain/);
      const unknownOrg = await ann.request('POST', '/api/microsoft/admin-consent', { features: ['mail'], organization: 'nobody.invalid' });
      assert.equal(unknownOrg.status, 400);

      const root = env.client();
      await root.signup();
      const approved = await postAndDrive({ api: root, sandbox: sb, upn: `root@${domain}`, password, path: '/api/microsoft/admin-consent', body: { features: ['mail', 'people'], organization: domain } });
      assert.ok(approved.ok, approved.callbackBody);
      assert.ok(approved.trace.pages.includes('signin'));
      const recorded = await env.integration.tenantConsents.featuresFor(tenantId);
      assert.ok(recorded.has('mail') && recorded.has('people'), [...recorded].join());

      const bob = env.client();
      await bob.signup();
      const connected = await connectMicrosoft({ api: bob, sandbox: sb, upn: `bob@${domain}`, password, features: ['mail', 'people'] });
      assert.ok(connected.ok, connected.callbackBody);
      assert.ok(!connected.trace.pages.includes('admin-approval'));
      assert.equal(connected.view.features.find((f) => f.id === 'people')?.state, 'granted');
      const annAgain = await connectMicrosoft({ api: ann, sandbox: sb, upn: `ann@${domain}`, password, features: ['mail', 'people'] });
      assert.ok(annAgain.ok, annAgain.callbackBody);
    });
  });
}
