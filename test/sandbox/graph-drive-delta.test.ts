import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { USERS } from './graphHarness.js';
import { assertGraphError, driveDelta, FILES_R, FILES_RW, folder, startDriveHarness, upload, type DriveHarness, type DriveItem, type Page } from './driveHarness.js';

describe('sandbox Graph files: /root/delta', () => {
  let h: DriveHarness;
  let ann: string;
  let bob: string;
  before(async () => {
    h = await startDriveHarness();
    ann = h.token(USERS.ann, FILES_RW);
    bob = h.token(USERS.bob, FILES_RW);
  });
  after(() => h.close());

  test('the first round lists the whole hierarchy (root included, parents before children), paged by $top, ending in a deltaLink with ?token=', async () => {
    await folder(h, bob, '', 'A');
    await folder(h, bob, 'A', 'B');
    for (let i = 0; i < 7; i++) await upload(h, bob, `A/B/f${i}.txt`, `file ${i}`, 201);
    await upload(h, bob, 'top.txt', 'top', 201);
    const round = await driveDelta(h, bob, '/v1.0/me/drive/root/delta?$top=3');
    assert.ok(round.pages.length >= 3, 'several pages');
    for (const p of round.pages.slice(0, -1)) assert.match(p.body['@odata.nextLink']!, /^https:\/\/graph\.test\/v1\.0\/me\/drive\/root\/delta\?token=/);
    assert.match(round.deltaLink, /^https:\/\/graph\.test\/v1\.0\/me\/drive\/root\/delta\?token=/);
    const names = new Set(round.items.map((i) => i.name));
    for (const n of ['root', 'A', 'B', 'top.txt', ...Array.from({ length: 7 }, (_, i) => `f${i}.txt`)]) assert.ok(names.has(n), n);
    assert.ok(round.items.every((i) => !i.deleted));
    assert.ok(round.items.every((i) => i.parentReference.path === undefined), 'delta items carry no parentReference.path');
    // Within each page a folder comes before what is in it.
    for (const p of round.pages) {
      const seen = new Set<string>();
      for (const item of p.body.value) {
        if (item.parentReference.id && p.body.value.some((o) => o.id === item.parentReference.id)) assert.ok(seen.has(item.parentReference.id), `${item.name} after its parent`);
        seen.add(item.id);
      }
    }
  });

  test('the next round has only what changed: new, renamed, moved, rewritten, and deleted items with the deleted facet (folder contents too)', async () => {
    const base = await driveDelta(h, ann, '/v1.0/me/drive/root/delta');
    await folder(h, ann, '', 'Keep');
    await folder(h, ann, '', 'Gone');
    const doomed = await upload(h, ann, 'Gone/inside.txt', 'bye', 201);
    const renamed = await upload(h, ann, 'Keep/old.txt', 'x', 201);
    const moved = await upload(h, ann, 'Keep/mover.txt', 'm', 201);
    const rewritten = await upload(h, ann, 'Keep/rewrite.txt', 'r1', 201);
    const mid = await driveDelta(h, ann, base.deltaLink);
    assert.deepEqual(new Set(mid.items.filter((i) => i.name !== 'root').map((i) => i.name)), new Set(['Keep', 'Gone', 'inside.txt', 'old.txt', 'mover.txt', 'rewrite.txt']));
    await h.call('PATCH', `/v1.0/me/drive/items/${renamed.id}`, ann, { body: { name: 'new.txt' } });
    const root = (await h.call<DriveItem>('GET', '/v1.0/me/drive/root', ann)).body;
    await h.call('PATCH', `/v1.0/me/drive/items/${moved.id}`, ann, { body: { parentReference: { id: root.id } } });
    await upload(h, ann, 'Keep/rewrite.txt', 'r2 longer', 200);
    const gone = (await h.call<DriveItem>('GET', '/v1.0/me/drive/root:/Gone:', ann)).body;
    assert.equal((await h.call('DELETE', `/v1.0/me/drive/items/${gone.id}`, ann)).status, 204);
    const next = await driveDelta(h, ann, mid.deltaLink, { deltaExcludeParent: 'true' });
    const byId = new Map(next.items.map((i) => [i.id, i]));
    assert.equal(byId.get(renamed.id)?.name, 'new.txt');
    assert.equal(byId.get(moved.id)?.parentReference.id, root.id);
    assert.equal(byId.get(rewritten.id)?.size, 9);
    assert.notEqual(byId.get(rewritten.id)?.cTag, rewritten.cTag);
    assert.deepEqual(byId.get(doomed.id)?.deleted, { state: 'deleted' });
    assert.deepEqual(byId.get(gone.id)?.deleted, { state: 'deleted' });
    assert.ok(byId.get(gone.id)?.folder, 'a deleted folder says it was a folder');
    assert.ok(!byId.has((await h.call<DriveItem>('GET', '/v1.0/me/drive/root:/Keep:', ann)).body.id), 'deltaExcludeParent leaves the unchanged parent out');
    assert.equal(next.items.length, 5);
    const quiet = await driveDelta(h, ann, next.deltaLink);
    assert.equal(quiet.items.length, 0, 'nothing changed, nothing listed');
  });

  test('without deltaExcludeParent the parents of a changed item come along, parents first', async () => {
    const start = await driveDelta(h, ann, '/v1.0/me/drive/root/delta');
    const deep = await upload(h, ann, 'P1/P2/deep.txt', 'd', 201);
    const r = await driveDelta(h, ann, start.deltaLink);
    const names = r.items.map((i) => i.name);
    assert.deepEqual(names, ['root', 'P1', 'P2', 'deep.txt']);
    assert.equal(r.items.at(-1)!.id, deep.id);
  });

  test('?token=latest answers no items and a deltaLink from now; only later changes follow', async () => {
    await upload(h, ann, 'Latest/before.txt', 'b', 201);
    const latest = await h.call<Page>('GET', '/v1.0/me/drive/root/delta?token=latest', ann);
    assert.equal(latest.status, 200);
    assert.deepEqual(latest.body.value, []);
    assert.equal(latest.body['@odata.nextLink'], undefined);
    assert.ok(latest.body['@odata.deltaLink']);
    const after = await upload(h, ann, 'Latest/after.txt', 'a', 201);
    const r = await driveDelta(h, ann, latest.body['@odata.deltaLink']!, { deltaExcludeParent: '1' });
    assert.deepEqual(r.items.map((i) => i.id), [after.id]);
    // The function form of the parameter works as well.
    const fn = await h.call<Page>('GET', "/v1.0/me/drive/root/delta(token='latest')", ann);
    assert.ok(fn.body['@odata.deltaLink']);
  });

  test('an evicted token is 410 with a resync code and a Location that starts over; a token the sandbox never issued is 410 resyncRequired', async () => {
    const r = await driveDelta(h, ann, '/v1.0/me/drive/root/delta');
    const drive = (await h.call<{ id: string }>('GET', '/v1.0/me/drive', ann)).body.id;
    await h.ctl('POST', `/control/files/${drive}/delta/evict`, { code: 'resyncChangesUploadDifferences' });
    const evicted = await h.call('GET', r.deltaLink, ann);
    assertGraphError(evicted, 410, 'resyncChangesUploadDifferences');
    assert.equal(evicted.headers.location, 'https://graph.test/v1.0/me/drive/root/delta');
    // The generic delta control names the resource and the user.
    const fresh = await driveDelta(h, ann, String(evicted.headers.location));
    await h.ctl('POST', '/control/delta/evict', { resource: 'drive', user: USERS.ann.id, code: 'resyncRequired' });
    assertGraphError(await h.call('GET', fresh.deltaLink, ann), 410, 'resyncRequired');
    assertGraphError(await h.call('GET', '/v1.0/me/drive/root/delta?token=not-a-token', ann), 410, 'resyncRequired');
    const bobs = await driveDelta(h, bob, '/v1.0/me/drive/root/delta?token=latest');
    assertGraphError(await h.call('GET', bobs.deltaLink, ann), 400, 'invalidRequest', "another drive's token");
  });

  test('tokens can be given a maximum age (a control knob): an older one is 410', async () => {
    const r = await driveDelta(h, ann, '/v1.0/me/drive/root/delta?token=latest');
    await h.ctl('PUT', '/control/files/settings', { deltaTokenMaxAgeMs: 60_000 });
    try {
      assert.equal((await h.call('GET', r.deltaLink, ann)).status, 200);
      h.advanceClock(61_000);
      assertGraphError(await h.call('GET', r.deltaLink, ann), 410, 'resyncChangesApplyDifferences');
    } finally {
      await h.ctl('PUT', '/control/files/settings', { deltaTokenMaxAgeMs: 0 });
    }
  });

  test('delta is on the root only, takes $select, and needs a files permission', async () => {
    const f = await folder(h, ann, '', 'NotRoot');
    assertGraphError(await h.call('GET', `/v1.0/me/drive/items/${f.body.id}/delta`, ann), 400, 'invalidRequest');
    const sel = await h.call<Page>('GET', '/v1.0/me/drive/root/delta?$select=name', ann);
    assert.ok(sel.body.value.every((i) => Object.keys(i).every((k) => k === 'name' || k === '@odata.etag')));
    assert.equal((await h.call('GET', '/v1.0/me/drive/root/delta', h.token(USERS.ann, FILES_R))).status, 200);
    assertGraphError(await h.call('GET', '/v1.0/me/drive/root/delta', h.token(USERS.ann, ['Mail.Read'])), 403, 'accessDenied');
  });

  test('replays: with the replay knob on, page boundaries repeat items, and every item still arrives', async () => {
    await h.ctl('PUT', '/control/delta/replays', { resource: 'drive', mode: 'always' });
    try {
      const r = await driveDelta(h, bob, '/v1.0/me/drive/root/delta?$top=2', { deltaExcludeParent: '1' });
      const ids = r.items.map((i) => i.id);
      assert.ok(new Set(ids).size < ids.length, 'some items came twice');
      const all = await driveDelta(h, bob, '/v1.0/me/drive/root/delta?$top=1000');
      assert.deepEqual(new Set(ids), new Set(all.items.map((i) => i.id)));
    } finally {
      await h.ctl('PUT', '/control/delta/replays', { resource: 'drive', mode: 'off' });
    }
  });
});
