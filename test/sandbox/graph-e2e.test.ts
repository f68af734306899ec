import type { MailFolder, Message, User } from '@microsoft/microsoft-graph-types';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DirectoryUser } from '../../sandbox/core/directory.js';
import { signInWithPkce } from '../helpers/oauthClient.js';
import { control, createTenantWithUsers, registerApp, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

interface Page<T> { value: T[]; '@odata.nextLink'?: string; '@odata.deltaLink'?: string }

// The Graph mail surface over the composed sandbox: real HTTPS listener, tokens from a real
// PKCE sign-in, control API over loopback HTTP.
describe('sandbox Graph mail end to end', () => {
  let sb: TestSandbox;
  let ann: DirectoryUser;
  let token: string;
  const graph = (path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) =>
    sb.fetch(path.startsWith('https://') ? path : `${sb.urls.graph}/v1.0${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${token}`, ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers },
      body: init.body ? JSON.stringify(init.body) : undefined,
    });

  before(async () => {
    sb = await startTestSandbox();
    const { tenant, users } = await createTenantWithUsers(sb, { domain: 'mail-e2e.onmicrosoft.com', users: [{ userPrincipalName: 'ann', password: 'pw', displayName: 'Ann Archer' }, { userPrincipalName: 'bob', password: 'pw' }] });
    ann = users[0]!;
    const app = await registerApp(sb, { redirectUris: ['https://app.test/callback'] });
    const r = await signInWithPkce({
      sandbox: sb, tenant: tenant.id, clientId: app.clientId, clientSecret: app.clientSecret, redirectUri: 'https://app.test/callback',
      upn: ann.userPrincipalName, password: 'pw', scopes: ['openid', 'offline_access', 'User.Read', 'Mail.ReadWrite', 'Mail.Send'],
    });
    assert.ok(r.ok && r.tokens, JSON.stringify(r));
    token = r.tokens.access_token;
  });
  after(() => sb.close());

  test('/me, folders, outside mail, delta with absolute links, and a move over HTTPS', async () => {
    const me = (await (await graph('/me')).json()) as User;
    assert.equal(me.id, ann.id);
    const inbox = (await (await graph('/me/mailFolders/inbox')).json()) as MailFolder;
    assert.equal(inbox.displayName, 'Inbox');

    const delivered = await control<{ id: string }>(sb, 'POST', '/control/mail/deliver', { mailbox: ann.userPrincipalName, from: { name: 'Out Sider', address: 'out@outside.test' }, subject: 'Hello over TLS', body: 'hi' });
    const first = await graph('/me/mailFolders/inbox/messages/delta', { headers: { Prefer: 'odata.maxpagesize=50' } });
    assert.equal(first.status, 200);
    assert.equal(first.headers.get('preference-applied'), 'odata.maxpagesize=50');
    const page = (await first.json()) as Page<Message>;
    assert.ok(page.value.some((m) => m.id === delivered.id));
    assert.ok(page['@odata.deltaLink']!.startsWith(`${sb.urls.graph}/v1.0/me/mailFolders/inbox/messages/delta?$deltatoken=`));

    const moved = await graph(`/me/messages/${delivered.id}/move`, { method: 'POST', body: { destinationId: 'archive' } });
    assert.equal(moved.status, 201, await moved.clone().text());
    const movedBody = (await moved.json()) as Message;
    assert.notEqual(movedBody.id, delivered.id);
    const next = (await (await graph(page['@odata.deltaLink']!)).json()) as Page<Message & { '@removed'?: unknown }>;
    assert.deepEqual(next.value.map((m) => [m.id, Boolean(m['@removed'])]), [[delivered.id, true]]);

    const sent = await graph('/me/sendMail', { method: 'POST', body: { message: { subject: 'To Bob', toRecipients: [{ emailAddress: { address: 'bob@mail-e2e.onmicrosoft.com' } }] } } });
    assert.equal(sent.status, 202);
    const stats = await control<{ callsByEndpoint: Record<string, number> }>(sb, 'GET', '/control/mail/stats');
    assert.ok(stats.callsByEndpoint['GET /me/mailFolders/:folderId/messages/delta']! >= 2);
  });
});
