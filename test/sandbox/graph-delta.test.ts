import type { Message } from '@microsoft/microsoft-graph-types';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MAIL, USERS, startGraphHarness, type GraphHarness, type Reply } from './graphHarness.js';

type DeltaItem = Message & { '@removed'?: { reason: string }; '@odata.type'?: string };
interface DeltaPage { value: DeltaItem[]; '@odata.nextLink'?: string; '@odata.deltaLink'?: string }

/** Follows nextLinks to the deltaLink, as a Graph client does; returns every item and the pages seen. */
async function round(h: GraphHarness, token: string, url: string, headers: Record<string, string> = {}) {
  const items: DeltaItem[] = [];
  const pages: Array<{ page: DeltaPage; headers: Record<string, unknown> }> = [];
  let next: string | undefined = url;
  for (let guard = 0; next && guard < 1000; guard++) {
    const r: Reply<DeltaPage> = await h.call<DeltaPage>('GET', next, token, { headers });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    pages.push({ page: r.body, headers: r.headers });
    items.push(...r.body.value);
    if (r.body['@odata.deltaLink']) return { items, pages, deltaLink: r.body['@odata.deltaLink'] };
    next = r.body['@odata.nextLink'];
  }
  throw new Error('delta round did not end with a deltaLink');
}

describe('sandbox Graph: message delta', () => {
  let h: GraphHarness;
  let ann: string;
  const deliver = async (subject: string) =>
    (await h.ctl<{ id: string }>('POST', '/control/mail/deliver', { mailbox: USERS.ann.id, from: { name: 'Out Sider', address: 'out@outside.test' }, subject, body: 'x' })).body.id;
  before(async () => {
    h = await startGraphHarness();
    ann = h.token(USERS.ann, MAIL);
    await h.ctl('PUT', '/control/mail/delta/replays', { mode: 'off', emptyPages: false });
    for (let i = 0; i < 25; i++) await deliver(`m${i}`);
  });
  after(() => h.close());

  test('initial round: default page size 10, opaque tokens, absolute links, ends in a deltaLink', async () => {
    const r = await round(h, ann, '/v1.0/me/mailFolders/inbox/messages/delta');
    assert.deepEqual(r.pages.map((p) => p.page.value.length), [10, 10, 5]);
    assert.equal(new Set(r.items.map((i) => i.id)).size, 25);
    const next = r.pages[0]!.page['@odata.nextLink']!;
    assert.match(next, /^https:\/\/graph\.test\/v1\.0\/me\/mailFolders\/inbox\/messages\/delta\?\$skiptoken=[A-Za-z0-9_-]{40,}$/);
    assert.match(r.deltaLink, /\$deltatoken=[A-Za-z0-9_-]{40,}$/);
    assert.ok(!/seq|"lo"|%22/.test(decodeURIComponent(next)), 'tokens are sealed');
    assert.equal(r.items[0]!['@odata.type'], '#microsoft.graph.message');
  });

  test('Prefer odata.maxpagesize is honoured up to 1000 and acknowledged', async () => {
    const r = await round(h, ann, '/v1.0/me/mailFolders/inbox/messages/delta', { Prefer: 'odata.maxpagesize=7' });
    assert.deepEqual(r.pages.map((p) => p.page.value.length), [7, 7, 7, 4]);
    assert.equal(r.pages[0]!.headers['preference-applied'], 'odata.maxpagesize=7');
    const big = await h.call<DeltaPage>('GET', '/v1.0/me/mailFolders/inbox/messages/delta', ann, { headers: { Prefer: 'odata.maxpagesize=5000' } });
    assert.equal(big.headers['preference-applied'], 'odata.maxpagesize=1000');
  });

  test('$select is carried by the tokens: later pages and rounds keep it', async () => {
    const r = await round(h, ann, '/v1.0/me/mailFolders/inbox/messages/delta?$select=subject,isRead');
    assert.ok(!r.pages[0]!.page['@odata.nextLink']!.includes('select'));
    for (const item of r.items) {
      assert.equal(typeof item.subject, 'string');
      assert.equal(item.body, undefined);
      assert.equal(item.receivedDateTime, undefined);
    }
    await deliver('after-select');
    const inc = await round(h, ann, r.deltaLink);
    assert.equal(inc.items.length, 1);
    assert.equal(inc.items[0]!.subject, 'after-select');
    assert.equal(inc.items[0]!.from, undefined);
  });

  test('incremental round: new, updated, deleted and moved-out items (@removed), ids per Prefer', async () => {
    const imm = { Prefer: 'IdType="ImmutableId"' };
    const base = await round(h, ann, '/v1.0/me/mailFolders/inbox/messages/delta', imm);
    const [a, b, c] = base.items;
    const added = await deliver('fresh');
    await h.call('PATCH', `/v1.0/me/messages/${a!.id}`, ann, { body: { isRead: true } });
    await h.call('DELETE', `/v1.0/me/messages/${b!.id}`, ann);
    const moved = await h.call<Message>('POST', `/v1.0/me/messages/${c!.id}/move`, ann, { body: { destinationId: 'archive' }, headers: imm });
    assert.equal(moved.body.id, c!.id);
    const inc = await round(h, ann, base.deltaLink, imm);
    const removed = inc.items.filter((i) => i['@removed']);
    assert.deepEqual(removed.map((i) => i.id).sort(), [b!.id, c!.id].sort());
    assert.ok(removed.every((i) => i['@removed']!.reason === 'deleted' && i['@odata.type'] === '#microsoft.graph.message'));
    const present = inc.items.filter((i) => !i['@removed']);
    assert.equal(present.length, 2);
    assert.ok(present.some((i) => i.id === a!.id && i.isRead === true));
    assert.ok(present.some((i) => i.subject === 'fresh'));
    const freshImmutable = present.find((i) => i.subject === 'fresh')!.id;
    assert.notEqual(freshImmutable, added, 'immutable ids differ from regular ids');
    // The archive folder's own delta sees the moved message arrive.
    const archive = await round(h, ann, '/v1.0/me/mailFolders/archive/messages/delta', imm);
    assert.ok(archive.items.some((i) => i.id === c!.id));
    // Nothing changed since: the next round is empty.
    const quiet = await round(h, ann, inc.deltaLink, imm);
    assert.equal(quiet.items.length, 0);
  });

  test('changeType=created returns only new items', async () => {
    const base = await round(h, ann, '/v1.0/me/mailFolders/inbox/messages/delta?changeType=created');
    await deliver('created-only');
    await h.call('PATCH', `/v1.0/me/messages/${base.items[0]!.id}`, ann, { body: { isRead: false } });
    const inc = await round(h, ann, base.deltaLink);
    assert.deepEqual(inc.items.map((i) => i.subject), ['created-only']);
  });

  test('replays repeat items across pages without losing any; empty pages still carry a nextLink', async () => {
    await h.ctl('PUT', '/control/mail/delta/replays', { mode: 'always', emptyPages: true });
    try {
      const r = await round(h, ann, '/v1.0/me/mailFolders/inbox/messages/delta');
      assert.equal(r.pages[0]!.page.value.length, 0);
      assert.ok(r.pages[0]!.page['@odata.nextLink']);
      const ids = r.items.map((i) => i.id);
      assert.ok(ids.length > new Set(ids).size, 'some items were repeated');
      const plain = await h.ctl('PUT', '/control/mail/delta/replays', { mode: 'off', emptyPages: false });
      assert.equal(plain.status, 200);
      const reference = await round(h, ann, '/v1.0/me/mailFolders/inbox/messages/delta');
      assert.deepEqual(new Set(ids), new Set(reference.items.map((i) => i.id)));
    } finally {
      await h.ctl('PUT', '/control/mail/delta/replays', { mode: 'off', emptyPages: false });
    }
  });

  test('evicted state answers 410 with the chosen code and a Location; a fresh round works', async () => {
    const base = await round(h, ann, '/v1.0/me/mailFolders/inbox/messages/delta');
    const mid = await h.call<DeltaPage>('GET', '/v1.0/me/mailFolders/inbox/messages/delta', ann);
    const ev = await h.ctl('POST', '/control/mail/delta/evict', { mailbox: 'ann@contoso.test', code: 'resyncRequired' });
    assert.equal(ev.status, 200);
    const gone = await h.call<{ error: { code: string } }>('GET', base.deltaLink, ann);
    assert.equal(gone.status, 410);
    assert.equal(gone.body.error.code, 'resyncRequired');
    assert.match(String(gone.headers.location), /^https:\/\/graph\.test\/v1\.0\/me\/mailFolders\/inbox\/messages\/delta$/);
    const goneMid = await h.call<{ error: { code: string } }>('GET', mid.body['@odata.nextLink']!, ann);
    assert.equal(goneMid.status, 410);
    await h.ctl('POST', '/control/mail/delta/evict', { mailbox: USERS.ann.id });
    const again = await h.call<{ error: { code: string } }>('GET', base.deltaLink, ann);
    assert.equal(again.body.error.code, 'syncStateNotFound');
    const fresh = await round(h, ann, '/v1.0/me/mailFolders/inbox/messages/delta');
    assert.ok(fresh.items.length > 20);
  });

  test("OData key syntax works: mailFolders('inbox')/messages/delta; unknown segments are 400", async () => {
    const r = await h.call<DeltaPage>('GET', "/v1.0/me/mailFolders('inbox')/messages/delta", ann);
    assert.equal(r.status, 200);
    assert.equal(r.body.value.length, 10);
    const encoded = await h.call<DeltaPage>('GET', `/v1.0/users/${USERS.ann.id}/mailFolders(%27Inbox%27)/messages?$top=2`, ann);
    assert.equal(encoded.status, 200);
    assert.equal(encoded.body.value.length, 2);
    const unknown = await h.call<{ error: { code: string } }>('GET', '/v1.0/me/mailFolders/inbox/bogus', ann);
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.error.code, 'BadRequest');
    assert.equal((await h.call('GET', '/v1.0/me/nothingHere/x', ann)).status, 400);
  });

  test('a tampered or foreign token is rejected', async () => {
    const r = await h.call<DeltaPage>('GET', '/v1.0/me/mailFolders/inbox/messages/delta', ann);
    const link = r.body['@odata.nextLink']!;
    const tampered = link.slice(0, -3) + (link.endsWith('A') ? 'BBB' : 'AAA');
    assert.equal((await h.call('GET', tampered, ann)).status, 400);
    const bob = h.token(USERS.bob, MAIL);
    assert.equal((await h.call('GET', link.replace('/me/', `/users/${USERS.bob.id}/`), bob)).status, 400);
  });
});
