import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { USERS, startGraphHarness, type GraphHarness } from './graphHarness.js';
import { CONTACTS_RW, created, deltaRound, type GraphErr, type Item } from './pimHarness.js';

interface Folder { id: string; displayName: string }

describe('sandbox Graph contacts: per-folder delta', () => {
  let h: GraphHarness;
  let ann: string;
  let folder: Folder;
  let other: Folder;
  let delta: string;
  before(async () => {
    h = await startGraphHarness();
    ann = h.token(USERS.ann, CONTACTS_RW);
    await h.ctl('PUT', '/control/delta/replays', { resource: 'contacts', mode: 'off', emptyPages: false });
    folder = await created<Folder>(h, ann, '/v1.0/me/contactFolders', { displayName: 'Customers' });
    other = await created<Folder>(h, ann, '/v1.0/me/contactFolders', { displayName: 'Suppliers' });
    for (let i = 0; i < 23; i++) await created(h, ann, `/v1.0/me/contactFolders/${folder.id}/contacts`, { givenName: `C${i}`, surname: 'Delta' });
    await created(h, ann, `/v1.0/me/contactFolders/${other.id}/contacts`, { givenName: 'Elsewhere' });
    await created(h, ann, '/v1.0/me/contacts', { givenName: 'Default' });
    delta = `/v1.0/me/contactFolders/${folder.id}/contacts/delta`;
  });
  after(() => h.close());

  test('initial round: pages of 10 by default, opaque skip and delta tokens, only this folder, @odata.type on items', async () => {
    const r = await deltaRound(h, ann, delta);
    assert.deepEqual(r.pages.map((p) => p.body.value.length), [10, 10, 3]);
    assert.equal(new Set(r.items.map((i) => i.id)).size, 23);
    assert.ok(r.items.every((i) => i.surname === 'Delta' && i['@odata.type'] === '#microsoft.graph.contact' && i.parentFolderId === folder.id));
    const next = r.pages[0]!.body['@odata.nextLink']!;
    assert.match(next, /^https:\/\/graph\.test\/v1\.0\/me\/contactFolders\/[^/?]+\/contacts\/delta\?\$skiptoken=[A-Za-z0-9_-]{40,}$/);
    assert.match(r.deltaLink, /\/contacts\/delta\?\$deltatoken=[A-Za-z0-9_-]{40,}$/);
    assert.ok(!r.pages.slice(0, -1).some((p) => p.body['@odata.deltaLink']), 'only the last page has the deltaLink');
  });

  test('Prefer: odata.maxpagesize sets the page size (acknowledged); $select is kept in the tokens', async () => {
    const r = await deltaRound(h, ann, `${delta}?$select=givenName`, { Prefer: 'odata.maxpagesize=7' });
    assert.deepEqual(r.pages.map((p) => p.body.value.length), [7, 7, 7, 2]);
    assert.equal(r.pages[0]!.headers['preference-applied'], 'odata.maxpagesize=7');
    for (const p of r.pages) for (const i of p.body.value) assert.deepEqual(Object.keys(i).sort(), ['@odata.etag', '@odata.type', 'givenName', 'id']);
    await created(h, ann, `/v1.0/me/contactFolders/${folder.id}/contacts`, { givenName: 'Selected', surname: 'Later' });
    const inc = await deltaRound(h, ann, r.deltaLink);
    assert.deepEqual(inc.items.map((i) => Object.keys(i).sort()), [['@odata.etag', '@odata.type', 'givenName', 'id']]);
    assert.equal((await h.call('GET', `${delta}?$filter=givenName%20eq%20'C1'`, ann)).status, 400);
    assert.equal((await h.call('GET', `${delta}?$orderby=givenName`, ann)).status, 400);
  });

  test('incremental round: created and updated come back whole, deleted as @removed; other folders stay out; then quiet', async () => {
    const base = await deltaRound(h, ann, delta, { Prefer: 'odata.maxpagesize=100' });
    const [a, b] = base.items;
    const added = await created<Item>(h, ann, `/v1.0/me/contactFolders/${folder.id}/contacts`, { givenName: 'Fresh' });
    await h.call('PATCH', `/v1.0/me/contacts/${a!.id}`, ann, { body: { jobTitle: 'Renamed' } });
    await h.call('DELETE', `/v1.0/me/contacts/${b!.id}`, ann);
    await created(h, ann, `/v1.0/me/contactFolders/${other.id}/contacts`, { givenName: 'NotHere' });
    const inc = await deltaRound(h, ann, base.deltaLink);
    const live = inc.items.filter((i) => !i['@removed']);
    assert.deepEqual(live.map((i) => i.id).sort(), [added.id, a!.id].sort());
    assert.equal(live.find((i) => i.id === a!.id)!.jobTitle, 'Renamed');
    assert.deepEqual(inc.items.filter((i) => i['@removed']), [{ '@odata.type': '#microsoft.graph.contact', id: b!.id, '@removed': { reason: 'deleted' } }]);
    assert.equal((await deltaRound(h, ann, inc.deltaLink)).items.length, 0);
  });

  test('a removal falls on a later page when the page size is small (paging through @removed)', async () => {
    const base = await deltaRound(h, ann, delta, { Prefer: 'odata.maxpagesize=100' });
    const victims = base.items.slice(0, 5);
    for (const v of victims) await h.call('DELETE', `/v1.0/me/contacts/${v.id}`, ann);
    const inc = await deltaRound(h, ann, base.deltaLink, { Prefer: 'odata.maxpagesize=2' });
    assert.deepEqual(inc.pages.map((p) => p.body.value.length), [2, 2, 1]);
    assert.deepEqual(inc.items.map((i) => i.id), victims.map((v) => v.id));
    assert.ok(inc.items.every((i) => i['@removed']?.reason === 'deleted'));
  });

  test('/me/contacts/delta is the default folder\'s; a token is bound to its folder', async () => {
    const r = await deltaRound(h, ann, '/v1.0/me/contacts/delta');
    assert.deepEqual(r.items.map((i) => i.givenName), ['Default']);
    const same = await deltaRound(h, ann, '/v1.0/me/contactFolders/contacts/contacts/delta');
    assert.deepEqual(same.items.map((i) => i.id), r.items.map((i) => i.id));
    const token = new URL(r.deltaLink).searchParams.get('$deltatoken')!;
    const wrong = await h.call<GraphErr>('GET', `${delta}?$deltatoken=${token}`, ann);
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.error.code, 'ErrorInvalidSyncStateData');
    const bob = h.token(USERS.bob, CONTACTS_RW);
    assert.equal((await h.call('GET', `/v1.0/me/contacts/delta?$deltatoken=${token}`, bob)).status, 400, 'another user cannot use it');
  });

  test('an evicted sync state answers 410 with a Location that starts over; a tampered token is 400, as for mail', async () => {
    const base = await deltaRound(h, ann, delta, { Prefer: 'odata.maxpagesize=5' });
    const mid = base.pages[0]!.body['@odata.nextLink']!;
    const ev = await h.ctl('POST', '/control/delta/evict', { resource: 'contacts', mailbox: USERS.ann.userPrincipalName });
    assert.equal(ev.status, 200, JSON.stringify(ev.body));
    for (const url of [base.deltaLink, mid]) {
      const gone = await h.call<GraphErr>('GET', url, ann);
      assert.equal(gone.status, 410);
      assert.equal(gone.body.error.code, 'syncStateNotFound');
      assert.equal(gone.headers.location, `https://graph.test${delta}`);
    }
    await h.ctl('POST', '/control/delta/evict', { resource: 'contacts', mailbox: USERS.ann.id, code: 'resyncRequired' });
    const fresh = await deltaRound(h, ann, delta);
    assert.ok(fresh.items.length > 0, 'a fresh round after 410 works');
    const bob = h.token(USERS.bob, CONTACTS_RW);
    const bobs = await deltaRound(h, bob, '/v1.0/me/contacts/delta');
    assert.equal((await h.call('GET', bobs.deltaLink, bob)).status, 200, 'eviction is per user');
    const tampered = `${fresh.deltaLink.slice(0, -4)}AAAA`;
    const bad = await h.call<GraphErr>('GET', tampered, ann);
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'ErrorInvalidSyncStateData');
  });

  test('replays and empty pages can be switched on for contacts alone', async () => {
    await h.ctl('PUT', '/control/delta/replays', { resource: 'contacts', mode: 'always', emptyPages: true });
    try {
      const r = await deltaRound(h, ann, delta, { Prefer: 'odata.maxpagesize=5' });
      assert.equal(r.pages[0]!.body.value.length, 0, 'an empty first page with a nextLink');
      assert.ok(r.items.length > new Set(r.items.map((i) => i.id)).size, 'page boundaries repeat items');
    } finally {
      await h.ctl('PUT', '/control/delta/replays', { resource: 'contacts', mode: 'off', emptyPages: false });
    }
  });
});
