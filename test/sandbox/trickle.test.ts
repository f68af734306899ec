import type { MailFolder, Message } from '@microsoft/microsoft-graph-types';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Receiver } from '../../sandbox/notifications/testkit.js';
import { DEMO_ACCOUNTS } from '../../sandbox/seed/demo.js';
import { signInWithPkce } from '../helpers/oauthClient.js';
import { control, registerApp, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { waitFor } from '../helpers/wait.js';

// Issue 3, item 7: an optional trickle of outside mail for demos. Two demo sandboxes run side by
// side, one trickling every TRICKLE_MS and one with the trickle off; the quiet one is checked
// over the same stretch of time in which the other delivered several rounds.
const TRICKLE_MS = 150;
const ROUNDS = 3;
const REDIRECT = 'https://trickle.test/callback';
const CONTOSO = DEMO_ACCOUNTS.filter((a) => a.tenant === 'contoso.onmicrosoft.com');
const OTHERS = DEMO_ACCOUNTS.filter((a) => a.tenant !== 'contoso.onmicrosoft.com');
const adele = DEMO_ACCOUNTS.find((a) => a.userPrincipalName.startsWith('adele@'))!;

type Folder = MailFolder & { wellKnownName?: string | null };

async function inboxCount(sb: TestSandbox, upn: string): Promise<number> {
  const folders = await control<{ value: Folder[] }>(sb, 'GET', `/control/mail/folders?mailbox=${encodeURIComponent(upn)}`);
  return folders.value.find((f) => f.wellKnownName === 'inbox')!.totalItemCount!;
}

async function inboxCounts(sb: TestSandbox, upns: string[]): Promise<Map<string, number>> {
  return new Map(await Promise.all(upns.map(async (u) => [u, await inboxCount(sb, u)] as const)));
}

describe('sandbox demo trickle', () => {
  let on: TestSandbox;
  let off: TestSandbox;
  let hook: Receiver;
  let token: string;
  const all = DEMO_ACCOUNTS.map((a) => a.userPrincipalName);

  const graph = async <T>(path: string, init: { method?: string; body?: unknown } = {}) => {
    const res = await on.fetch(`${on.urls.graph}/v1.0${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${token}`, ...(init.body ? { 'content-type': 'application/json' } : {}) },
      body: init.body ? JSON.stringify(init.body) : undefined,
    });
    return { status: res.status, body: (await res.json()) as T };
  };

  before(async () => {
    [on, off, hook] = await Promise.all([
      startTestSandbox({ seedDemo: true, trickleMs: TRICKLE_MS, notificationDelayMs: 30 }),
      startTestSandbox({ seedDemo: true, trickleMs: 0 }),
      new Receiver().start(),
    ]);
    assert.ok(on.seeded && off.seeded);
    const app = await registerApp(on, { redirectUris: [REDIRECT] });
    const r = await signInWithPkce({
      sandbox: on, tenant: adele.tenant, clientId: app.clientId, clientSecret: app.clientSecret, redirectUri: REDIRECT,
      upn: adele.userPrincipalName, password: adele.password, scopes: ['openid', 'offline_access', 'Mail.Read'],
    });
    assert.ok(r.ok && r.tokens, 'adele signs in');
    token = r.tokens.access_token;
  });

  after(async () => {
    await Promise.all([on?.close(), off?.close(), hook?.close()]);
  });

  test('each Contoso user receives outside mail repeatedly; a subscription hears of it; nothing trickles when off', async () => {
    const created = await graph<{ id: string }>('/subscriptions', {
      method: 'POST',
      body: {
        changeType: 'created', notificationUrl: `${hook.url}/trickle`, resource: "me/mailFolders('inbox')/messages",
        expirationDateTime: new Date(Date.now() + 60 * 60_000).toISOString(), clientState: 'trickle-state',
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const quietBefore = await inboxCounts(off, all);
    const start = await inboxCounts(on, all);

    const grown = await waitFor(async () => {
      const now = await inboxCounts(on, all);
      return CONTOSO.every((a) => now.get(a.userPrincipalName)! >= start.get(a.userPrincipalName)! + ROUNDS) ? now : undefined;
    }, { timeoutMs: 15_000, message: `${ROUNDS} trickled messages in each Contoso inbox` });
    for (const a of OTHERS) assert.equal(grown.get(a.userPrincipalName), start.get(a.userPrincipalName), `${a.userPrincipalName} is outside Contoso: no trickle`);
    assert.deepEqual(await inboxCounts(off, all), quietBefore, 'with trickleMs 0 no mail arrives');

    // The newest inbox mail, read as Adele over Graph: distinct messages from outside senders, unread.
    const newest = await graph<{ value: Message[] }>(`/me/mailFolders/inbox/messages?$top=${ROUNDS}&$select=subject,from,isRead,receivedDateTime`);
    assert.equal(newest.status, 200);
    assert.equal(new Set(newest.body.value.map((m) => m.id)).size, ROUNDS);
    for (const m of newest.body.value) {
      assert.doesNotMatch(m.from!.emailAddress!.address!, /@contoso\.onmicrosoft\.com$/i, 'sender is outside the tenant');
      assert.equal(m.isRead, false);
      assert.ok(Date.now() - Date.parse(m.receivedDateTime!) < 60_000, 'received just now');
    }

    const item = await waitFor(() => hook.items('/trickle')[0], { timeoutMs: 5_000, message: 'a change notification for trickled mail' });
    assert.equal(item.clientState, 'trickle-state');
    assert.equal(item.changeType, 'created');
    const id = (item.resourceData as { id: string }).id;
    const message = await graph<Message>(`/me/messages/${id}?$select=from,parentFolderId`);
    assert.equal(message.status, 200, 'the notified message exists in Adele\'s mailbox');
    const inbox = await graph<MailFolder>('/me/mailFolders/inbox');
    assert.equal(message.body.parentFolderId, inbox.body.id);
    assert.doesNotMatch(message.body.from!.emailAddress!.address!, /@contoso\.onmicrosoft\.com$/i);
  });
});
