import type { MailFolder, Message, User } from '@microsoft/microsoft-graph-types';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { DirectoryUser } from '../../sandbox/core/directory.js';
import { generateMailbox } from '../../sandbox/graph/mail/seed.js';
import { Receiver } from '../../sandbox/notifications/testkit.js';
import { signInWithPkce } from '../helpers/oauthClient.js';
import { control, registerApp, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { waitFor } from '../helpers/wait.js';

// Issue 3, item 8: the sandbox holds 1,000 mailboxes. Users are created through the control API
// (as a deployment would) across four tenants; each gets a few dozen generated messages
// (generateMailbox, in process, for speed). Then
// mailboxes at the start, the middle and the end are used as a Graph client would use them.
const MAILBOXES = 1_000;
const PER_TENANT = 250;
const MESSAGES_EACH = 36;
const REDIRECT = 'https://scale.test/callback';
const SCOPES = ['openid', 'offline_access', 'User.Read', 'Mail.Read'];
const PROBES = [0, 1, 500, 998, 999];

interface Folders { value: Array<MailFolder & { wellKnownName?: string | null }> }
interface Page<T> { value: T[]; '@odata.nextLink'?: string; '@odata.deltaLink'?: string }

/** Runs `work` over `items` with at most `width` in flight. */
async function pool<T>(items: T[], width: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) {
      const i = next++;
      await work(items[i]!, i);
    }
  }));
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const fileSize = (path: string) => { try { return statSync(path).size; } catch { return 0; } };

describe('sandbox at scale: 1,000 mailboxes', () => {
  let sb: TestSandbox;
  let hook: Receiver;
  const users: DirectoryUser[] = [];
  let app: { clientId: string; clientSecret: string };
  const tokens = new Map<number, string>();
  const timings: number[] = [];
  const ownIds = new Map<number, Set<string>>();

  /** A Graph GET as user `i`, timed. */
  async function graph<T>(i: number, url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
    const started = performance.now();
    const res = await sb.fetch(url.startsWith('https:') ? url : `${sb.urls.graph}/v1.0${url}`, { headers: { authorization: `Bearer ${tokens.get(i)}`, ...headers } });
    const body = (await res.json()) as T;
    timings.push(performance.now() - started);
    return { status: res.status, body };
  }

  before(async () => {
    const rssBefore = process.memoryUsage().rss;
    sb = await startTestSandbox({ notificationDelayMs: 30 });
    hook = await new Receiver().start();
    let started = performance.now();
    const tenants: Array<{ id: string }> = [];
    for (let t = 0; t < MAILBOXES / PER_TENANT; t++) {
      tenants.push(await control<{ id: string }>(sb, 'POST', '/control/tenants', { displayName: `Scale ${t}`, domain: `scale${t}.onmicrosoft.com` }));
    }
    const slots = Array.from({ length: MAILBOXES }, (_, i) => i);
    await pool(slots, 8, async (i) => {
      users[i] = await control<DirectoryUser>(sb, 'POST', `/control/tenants/${tenants[Math.floor(i / PER_TENANT)]!.id}/users`, {
        userPrincipalName: `u${String(i).padStart(4, '0')}`, password: `pw-${i}`,
      });
    });
    const usersMs = performance.now() - started;
    started = performance.now();
    // The seed function directly (what POST /control/mail/generate runs): the HTTP round trip adds nothing to check here.
    for (const user of users) generateMailbox(sb.context, user.id, MESSAGES_EACH);
    const mailMs = performance.now() - started;
    app = await registerApp(sb, { redirectUris: [REDIRECT] });
    const db = join(sb.dataDir, 'sandbox.sqlite');
    const rows = sb.context.db.prepare('SELECT count(*) AS n FROM gm_message').get() as { n: number };
    console.log(`scale: ${MAILBOXES} users in ${Math.round(usersMs)} ms, ${rows.n} messages in ${Math.round(mailMs)} ms (users via the control API, mail via generateMailbox); `
      + `rss ${mb(process.memoryUsage().rss)} (was ${mb(rssBefore)}), database ${mb(fileSize(db) + fileSize(`${db}-wal`))} (file + WAL)`);
    assert.equal(rows.n, MAILBOXES * MESSAGES_EACH);
  });

  after(async () => {
    await hook?.close();
    await sb?.close();
  });

  test('a real PKCE sign-in works for mailboxes at the start, middle and end', async () => {
    for (const i of PROBES) {
      const r = await signInWithPkce({
        sandbox: sb, tenant: users[i]!.tenantId, clientId: app.clientId, clientSecret: app.clientSecret, redirectUri: REDIRECT,
        upn: users[i]!.userPrincipalName, password: `pw-${i}`, scopes: SCOPES,
      });
      assert.ok(r.ok && r.tokens, `sign-in of ${users[i]!.userPrincipalName}`);
      tokens.set(i, r.tokens.access_token);
      const me = await graph<User>(i, '/me');
      assert.equal(me.status, 200);
      assert.equal(me.body.id, users[i]!.id);
      assert.equal(me.body.userPrincipalName, users[i]!.userPrincipalName);
    }
  });

  test('folders, message lists and full delta rounds hold exactly each user\'s own mail', async () => {
    for (const i of PROBES) {
      const user = users[i]!;
      const own = user.mail.toLowerCase();
      const expected = await control<Folders>(sb, 'GET', `/control/mail/folders?mailbox=${user.id}`);
      const folders = await graph<Page<MailFolder>>(i, '/me/mailFolders?$top=50');
      assert.equal(folders.status, 200);
      const byName = new Map(folders.body.value.map((f) => [f.displayName, f]));
      for (const name of ['Inbox', 'Archive', 'Sent Items', 'Projects', 'Receipts']) assert.ok(byName.has(name), `${user.userPrincipalName} has ${name}`);
      const total = folders.body.value.reduce((sum, f) => sum + (f.totalItemCount ?? 0), 0);
      assert.equal(total, MESSAGES_EACH, `${user.userPrincipalName}: folder counts add up to its own mail`);
      for (const f of folders.body.value) assert.equal(f.totalItemCount, expected.value.find((e) => e.id === f.id)?.totalItemCount);

      const list = await graph<Page<Message>>(i, '/me/messages?$top=1000&$select=from,toRecipients,parentFolderId');
      assert.equal(list.status, 200);
      assert.equal(list.body.value.length, MESSAGES_EACH);
      const involvesMe = (m: Message) => [m.from, ...(m.toRecipients ?? [])].some((r) => r?.emailAddress?.address?.toLowerCase() === own);
      for (const m of list.body.value) assert.ok(involvesMe(m), `${user.userPrincipalName} sees only mail it sent or received`);
      const listed = new Set(list.body.value.map((m) => m.id!));

      // A full delta round per folder, with Graph's default page size (10): paging, replays and all.
      const seen = new Set<string>();
      for (const f of folders.body.value) {
        let url: string | undefined = `/me/mailFolders/${f.id}/messages/delta?$select=subject,from,toRecipients`;
        let pages = 0;
        while (url) {
          const page: { status: number; body: Page<Message> } = await graph<Page<Message>>(i, url);
          assert.equal(page.status, 200);
          for (const m of page.body.value) {
            assert.ok(involvesMe(m), 'delta item belongs to this mailbox');
            seen.add(m.id!);
          }
          url = page.body['@odata.nextLink'];
          assert.ok(url || page.body['@odata.deltaLink'], 'a page ends with a next or a delta link');
          assert.ok(++pages < 20);
        }
      }
      assert.deepEqual([...seen].sort(), [...listed].sort(), `${user.userPrincipalName}: delta and list agree`);
      for (const [j, ids] of ownIds) for (const id of ids) assert.ok(!listed.has(id), `mailbox ${i} shares no message with mailbox ${j}`);
      ownIds.set(i, listed);
    }
  });

  test('a token reaches only its own mailbox', async () => {
    const colleague = await graph<{ error: { code: string } }>(0, `/users/${users[1]!.id}/messages`);
    assert.equal(colleague.status, 403, 'a colleague in the same tenant');
    assert.equal(colleague.body.error.code, 'ErrorAccessDenied');
    const stranger = await graph<{ error: { code: string } }>(0, `/users/${users[999]!.id}/messages`);
    assert.equal(stranger.status, 404, 'a user of another tenant does not exist for this token');
    assert.equal(stranger.body.error.code, 'ErrorInvalidUser');
  });

  test('a subscription on one mailbox among 1,000 still delivers, and only its own changes', async () => {
    const i = 500;
    const res = await sb.fetch(`${sb.urls.graph}/v1.0/subscriptions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.get(i)}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        changeType: 'created', notificationUrl: `${hook.url}/scale`, resource: "me/mailFolders('inbox')/messages",
        expirationDateTime: new Date(Date.now() + 60 * 60_000).toISOString(), clientState: 'scale-state',
      }),
    });
    assert.equal(res.status, 201, await res.clone().text());
    const from = { name: 'Outside Sender', address: 'sender@outside.example' };
    const neighbour = await control<{ id: string }>(sb, 'POST', '/control/mail/deliver', { mailbox: users[499]!.id, from, subject: 'for 499', body: 'x' });
    const mine = await control<{ id: string }>(sb, 'POST', '/control/mail/deliver', { mailbox: users[i]!.id, from, subject: 'for 500', body: 'x' });
    const item = await waitFor(() => hook.items('/scale').find((n) => (n.resourceData as { id?: string } | undefined)?.id === mine.id), { timeoutMs: 5_000, message: 'notification for mailbox 500' });
    assert.equal(item.clientState, 'scale-state');
    assert.match(String(item.resource), new RegExp(`^Users/${users[i]!.id}/Messages/`));
    assert.ok(!hook.items('/scale').some((n) => JSON.stringify(n).includes(neighbour.id)), 'no notification for another mailbox');
  });

  // Speed is bench/sandboxDelta.ts's question; here the footprint must stay that of a laptop.
  test('1,000 mailboxes fit in a modest footprint', () => {
    const db = join(sb.dataDir, 'sandbox.sqlite');
    console.log(`scale: ${timings.length} Graph requests, p50 ${pct(timings, 50).toFixed(1)} ms, p99 ${pct(timings, 99).toFixed(1)} ms, max ${Math.max(...timings).toFixed(1)} ms wall; `
      + `rss ${mb(process.memoryUsage().rss)}, database ${mb(fileSize(db) + fileSize(`${db}-wal`))}`);
    assert.ok(timings.length > 50);
    assert.ok(fileSize(db) + fileSize(`${db}-wal`) < 512 * 1024 * 1024, 'database under 512 MB');
    assert.ok(process.memoryUsage().rss < 2 * 1024 * 1024 * 1024, 'process under 2 GB');
  });
});
