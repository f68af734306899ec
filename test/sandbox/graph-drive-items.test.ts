import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { USERS } from './graphHarness.js';
import { assertGraphError, FILES_R, FILES_RW, folder, startDriveHarness, upload, type DriveHarness, type DriveItem, type Page } from './driveHarness.js';

interface Drive { id: string; driveType: string; owner: { user: { id: string } }; quota: { total: number; used: number; remaining: number; deleted: number; state: string } }

describe('sandbox Graph files: drive, items, path addressing, children, conflicts, names, rename/move/delete, 412', () => {
  let h: DriveHarness;
  let ann: string;
  before(async () => {
    h = await startDriveHarness();
    ann = h.token(USERS.ann, FILES_RW);
  });
  after(() => h.close());

  test('/me/drive answers the OneDrive with its quota (total, used, remaining, state); /drives/{id} and /users/{upn}/drive name the same drive', async () => {
    const me = await h.call<Drive>('GET', '/v1.0/me/drive', ann);
    assert.equal(me.status, 200);
    assert.equal(me.body.driveType, 'business');
    assert.equal(me.body.owner.user.id, USERS.ann.id);
    assert.match(me.body.id, /^b!/);
    const before = me.body.quota;
    assert.equal(before.remaining, before.total - before.used);
    assert.equal(before.state, 'normal');
    await upload(h, ann, 'quota-probe.bin', Buffer.alloc(1000, 1), 201);
    const q = (await h.call<Drive>('GET', `/v1.0/drives/${me.body.id}`, ann)).body.quota;
    assert.equal(q.used, before.used + 1000);
    assert.equal(q.remaining, before.remaining - 1000);
    const byUpn = await h.call<Drive>('GET', `/v1.0/users/${USERS.ann.userPrincipalName}/drive`, ann);
    assert.equal(byUpn.body.id, me.body.id);
    const root = await h.call<DriveItem>('GET', '/v1.0/me/drive/root', ann);
    assert.equal(root.body.name, 'root');
    assert.deepEqual(root.body.root, {});
    assert.ok(root.body.folder);
    assert.equal(root.body.parentReference.driveId, me.body.id);
  });

  test('an item is addressed by id, by path from the root, and by path relative to a folder, with :/children and :/content after a path', async () => {
    const a = await folder(h, ann, '', 'Addr');
    assert.equal(a.status, 201);
    await folder(h, ann, 'Addr', 'Sub');
    const file = await upload(h, ann, 'Addr/Sub/note.txt', 'hello path', 201);
    const byId = await h.call<DriveItem>('GET', `/v1.0/me/drive/items/${file.id}`, ann);
    const byPath = await h.call<DriveItem>('GET', '/v1.0/me/drive/root:/Addr/Sub/note.txt:', ann);
    const noColon = await h.call<DriveItem>('GET', '/v1.0/me/drive/root:/Addr/Sub/note.txt', ann);
    const relative = await h.call<DriveItem>('GET', `/v1.0/me/drive/items/${a.body.id}:/Sub/note.txt:`, ann);
    const viaDrives = await h.call<DriveItem>('GET', `/v1.0/drives/${file.parentReference.driveId}/root:/Addr/Sub/note.txt:`, ann);
    for (const r of [byId, byPath, noColon, relative, viaDrives]) {
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.id, file.id);
    }
    assert.equal(byPath.body.parentReference.path, '/drive/root:/Addr/Sub');
    assert.equal(viaDrives.body.parentReference.path, `/drives/${file.parentReference.driveId}/root:/Addr/Sub`);
    const children = await h.call<Page>('GET', '/v1.0/me/drive/root:/Addr/Sub:/children', ann);
    assert.deepEqual(children.body.value.map((c) => c.name), ['note.txt']);
    const content = await h.raw('GET', `/v1.0/me/drive/items/${a.body.id}:/Sub/note.txt:/content`, ann);
    assert.equal(content.status, 302);
    assert.equal(String((await h.raw('GET', String(content.headers.location), null)).body), 'hello path');
    // Encoded names: a space and an encoded slash inside a segment is part of no path.
    await upload(h, ann, 'Addr/with%20space.txt', 'x', 201);
    assert.equal((await h.call<DriveItem>('GET', '/v1.0/me/drive/root:/Addr/with space.txt:', ann)).status, 200);
    assertGraphError(await h.call('GET', '/v1.0/me/drive/root:/Addr/missing.txt:', ann), 404, 'itemNotFound');
    assertGraphError(await h.call('GET', '/v1.0/me/drive/items/01NOSUCHITEM', ann), 404, 'itemNotFound');
  });

  test('driveItem JSON carries what Graph documents: ids, eTag/cTag, dates, createdBy/lastModifiedBy, parentReference, webUrl, file with hashes, folder with childCount', async () => {
    const f = await upload(h, ann, 'Shape/report.docx', 'quarterly numbers', 201);
    assert.match(f.id, /^01[A-Z0-9]{32}$/);
    assert.match(f.eTag, /^"\{[0-9A-F-]{36}\},\d+"$/);
    assert.match(f.cTag!, /^"c:\{[0-9A-F-]{36}\},\d+"$/);
    assert.match(f.createdDateTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(f.size, 17);
    assert.equal(f.createdBy.user.id, USERS.ann.id);
    assert.equal(f.lastModifiedBy.user.displayName, USERS.ann.displayName);
    assert.equal(f.file!.mimeType, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    assert.equal(typeof f.file!.hashes.quickXorHash, 'string');
    assert.equal(f.parentReference.driveType, 'business');
    assert.match(f.webUrl, /^https:\/\/contoso-my\.sharepoint\.com\/personal\/ann_contoso_test\/Documents\/Shape\/report\.docx$/);
    const parent = await h.call<DriveItem>('GET', '/v1.0/me/drive/root:/Shape:', ann);
    assert.deepEqual(parent.body.folder, { childCount: 1 });
    assert.equal(parent.body.size, 17, "a folder's size is its files'");
    assert.equal(parent.body.cTag, undefined, 'folders have no cTag');
    const single = await h.call<DriveItem>('GET', `/v1.0/me/drive/items/${f.id}`, ann);
    assert.match(single.body['@microsoft.graph.downloadUrl']!, /^https:\/\/graph\.test\/_layouts\/15\/download\.aspx\?/);
  });

  test('children page with $top and @odata.nextLink, in name order by default and by $orderby, with $select', async () => {
    await folder(h, ann, '', 'Paged');
    for (const n of ['delta.txt', 'Alpha.txt', 'charlie.txt', 'bravo.txt', 'echo.txt']) await upload(h, ann, `Paged/${n}`, n, 201);
    const first = await h.call<Page>('GET', '/v1.0/me/drive/root:/Paged:/children?$top=2', ann);
    assert.deepEqual(first.body.value.map((i) => i.name), ['Alpha.txt', 'bravo.txt']);
    const names: string[] = [];
    let next: string | undefined = first.body['@odata.nextLink'];
    names.push(...first.body.value.map((i) => i.name));
    while (next) {
      assert.match(next, /^https:\/\/graph\.test\/v1\.0\/me\/drive\/root:\/Paged:\/children\?\$skiptoken=/);
      const page: { body: Page } = await h.call<Page>('GET', next, ann);
      names.push(...page.body.value.map((i) => i.name));
      next = page.body['@odata.nextLink'];
    }
    assert.deepEqual(names, ['Alpha.txt', 'bravo.txt', 'charlie.txt', 'delta.txt', 'echo.txt']);
    const desc = await h.call<Page>('GET', '/v1.0/me/drive/root:/Paged:/children?$orderby=name desc&$select=name,size', ann);
    assert.deepEqual(desc.body.value.map((i) => i.name), ['echo.txt', 'delta.txt', 'charlie.txt', 'bravo.txt', 'Alpha.txt']);
    assert.deepEqual(Object.keys(desc.body.value[0]!).sort(), ['@odata.etag', 'name', 'size']);
    assertGraphError(await h.call('GET', '/v1.0/me/drive/root:/Paged:/children?$orderby=colour', ann), 400, 'invalidRequest');
    assertGraphError(await h.call('GET', '/v1.0/me/drive/root:/Paged:/children?$filter=size gt 1', ann), 400, 'invalidRequest');
  });

  test('$expand: children inlined on an item, thumbnails (an empty set: nothing is rendered) on items and children; other expansions are 400', async () => {
    await upload(h, ann, 'Expand/pic.png', 'png', 201);
    const item = await h.call<DriveItem & { children: DriveItem[]; thumbnails: unknown[] }>('GET', '/v1.0/me/drive/root:/Expand:?$expand=children,thumbnails', ann);
    assert.deepEqual(item.body.children.map((c) => c.name), ['pic.png']);
    assert.deepEqual(item.body.thumbnails, []);
    const kids = await h.call<Page<DriveItem & { thumbnails: unknown[] }>>('GET', '/v1.0/me/drive/root:/Expand:/children?$expand=thumbnails', ann);
    assert.deepEqual(kids.body.value[0]!.thumbnails, []);
    assertGraphError(await h.call('GET', '/v1.0/me/drive/root:/Expand:/children?$expand=permissions', ann), 400, 'invalidRequest');
    // conflictBehavior may also come in the query string.
    const r = await h.call<DriveItem>('POST', '/v1.0/me/drive/root/children?@microsoft.graph.conflictBehavior=rename', ann, { body: { name: 'Expand', folder: {} } });
    assert.equal(r.body.name, 'Expand 1');
  });

  test('POST children makes a folder; conflictBehavior fail is 409 nameAlreadyExists, rename makes "Name 1", replace swaps in a new empty folder', async () => {
    const made = await folder(h, ann, '', 'Clients');
    assert.equal(made.status, 201);
    await upload(h, ann, 'Clients/inside.txt', 'x', 201);
    assertGraphError(await folder(h, ann, '', 'Clients'), 409, 'nameAlreadyExists', 'default is fail');
    assertGraphError(await folder(h, ann, '', 'clients', 'fail'), 409, 'nameAlreadyExists', 'names differ only in case');
    const renamed = await folder(h, ann, '', 'Clients', 'rename');
    assert.equal(renamed.status, 201);
    assert.equal(renamed.body.name, 'Clients 1');
    assert.equal((await folder(h, ann, '', 'Clients', 'rename')).body.name, 'Clients 2');
    const replaced = await folder(h, ann, '', 'Clients', 'replace');
    assert.equal(replaced.status, 201);
    assert.notEqual(replaced.body.id, made.body.id);
    assert.equal(replaced.body.folder!.childCount, 0);
    assertGraphError(await h.call('GET', `/v1.0/me/drive/items/${made.body.id}`, ann), 404, 'itemNotFound');
    // A file conflict renames as "name 1.ext".
    await upload(h, ann, 'Clients/same.txt', 'one', 201);
    const again = await h.raw('PUT', '/v1.0/me/drive/root:/Clients/same.txt:/content?@microsoft.graph.conflictBehavior=rename', ann, 'two');
    assert.equal(again.status, 201);
    assert.equal((again.body as DriveItem).name, 'same 1.txt');
    assertGraphError(await h.raw('PUT', '/v1.0/me/drive/root:/Clients/same.txt:/content?@microsoft.graph.conflictBehavior=fail', ann, 'three'), 409, 'nameAlreadyExists');
    assertGraphError(await h.call('POST', '/v1.0/me/drive/root/children', ann, { body: { name: 'x.txt', file: {} } }), 400, 'invalidRequest');
  });

  test('OneDrive\'s name rules: forbidden characters, leading or trailing spaces and reserved names are 400 invalidRequest, and nothing is made', async () => {
    for (const name of ['a"b', 'a*b', 'a:b', 'a<b', 'a>b', 'a?b', 'a\\b', 'a|b', ' lead', 'trail ', 'CON', 'aux', 'desktop.ini', '.lock', 'x_vti_y', '~$lock.docx']) {
      assertGraphError(await folder(h, ann, '', name), 400, 'invalidRequest', JSON.stringify(name));
    }
    assertGraphError(await h.raw('PUT', `/v1.0/me/drive/root:/Bad/${encodeURIComponent('a|b.txt')}:/content`, ann, 'x'), 400, 'invalidRequest');
    assertGraphError(await h.call('GET', '/v1.0/me/drive/root:/Bad:', ann), 404, 'itemNotFound', 'the folder on the path was not made either');
    const ok = await folder(h, ann, '', 'con-tract (v2) & co');
    assert.equal(ok.status, 201, 'names merely containing a reserved word are fine');
  });

  test('PATCH renames and moves (by parentReference id or path), DELETE removes with everything below; the root cannot be renamed or deleted', async () => {
    await folder(h, ann, '', 'From');
    await folder(h, ann, '', 'To');
    const f = await upload(h, ann, 'From/move-me.txt', 'm', 201);
    const renamed = await h.call<DriveItem>('PATCH', `/v1.0/me/drive/items/${f.id}`, ann, { body: { name: 'moved.txt' } });
    assert.equal(renamed.status, 200);
    assert.equal(renamed.body.name, 'moved.txt');
    assert.notEqual(renamed.body.eTag, f.eTag, 'a rename moves the eTag');
    assert.equal(renamed.body.cTag, f.cTag, 'but not the cTag (content unchanged)');
    const to = (await h.call<DriveItem>('GET', '/v1.0/me/drive/root:/To:', ann)).body;
    const moved = await h.call<DriveItem>('PATCH', `/v1.0/me/drive/items/${f.id}`, ann, { body: { parentReference: { id: to.id } } });
    assert.equal(moved.body.parentReference.id, to.id);
    assert.equal(moved.body.parentReference.path, '/drive/root:/To');
    const back = await h.call<DriveItem>('PATCH', `/v1.0/me/drive/items/${f.id}`, ann, { body: { parentReference: { path: '/drive/root:/From' }, name: 'back.txt' } });
    assert.equal(back.body.parentReference.path, '/drive/root:/From');
    assert.equal(back.body.name, 'back.txt');
    await upload(h, ann, 'From/taken.txt', 't', 201);
    assertGraphError(await h.call('PATCH', `/v1.0/me/drive/items/${f.id}`, ann, { body: { name: 'taken.txt' } }), 409, 'nameAlreadyExists');
    const from = (await h.call<DriveItem>('GET', '/v1.0/me/drive/root:/From:', ann)).body;
    assertGraphError(await h.call('PATCH', `/v1.0/me/drive/items/${from.id}`, ann, { body: { parentReference: { id: from.id } } }), 400, 'invalidRequest', 'into itself');
    assertGraphError(await h.call('PATCH', `/v1.0/me/drive/items/${f.id}`, ann, { body: { name: 'bad|name' } }), 400, 'invalidRequest');
    assertGraphError(await h.call('PATCH', `/v1.0/me/drive/items/${f.id}`, ann, { body: { colour: 'red' } }), 400, 'invalidRequest');
    const del = await h.call('DELETE', `/v1.0/me/drive/items/${from.id}`, ann);
    assert.equal(del.status, 204);
    assertGraphError(await h.call('GET', `/v1.0/me/drive/items/${f.id}`, ann), 404, 'itemNotFound', 'children go with the folder');
    const root = (await h.call<DriveItem>('GET', '/v1.0/me/drive/root', ann)).body;
    assertGraphError(await h.call('DELETE', `/v1.0/me/drive/items/${root.id}`, ann), 400, 'invalidRequest');
    assertGraphError(await h.call('PATCH', '/v1.0/me/drive/root', ann, { body: { name: 'x' } }), 400, 'invalidRequest');
  });

  test('If-Match with a stale eTag is 412 resourceModified and nothing changes; the current eTag or cTag, or *, is accepted', async () => {
    const f = await upload(h, ann, 'Etag/doc.txt', 'v1', 201);
    const v2 = await upload(h, ann, 'Etag/doc.txt', 'v2 content', 200);
    assert.equal(v2.id, f.id, 'a replace keeps the item');
    assert.notEqual(v2.cTag, f.cTag);
    assertGraphError(await h.call('PATCH', `/v1.0/me/drive/items/${f.id}`, ann, { body: { name: 'stale.txt' }, headers: { 'if-match': f.eTag } }), 412, 'resourceModified');
    assertGraphError(await h.call('DELETE', `/v1.0/me/drive/items/${f.id}`, ann, { headers: { 'if-match': f.eTag } }), 412, 'resourceModified');
    assertGraphError(await h.raw('PUT', `/v1.0/me/drive/items/${f.id}/content`, ann, 'v3', { 'if-match': f.cTag! }), 412, 'resourceModified');
    assert.equal((await h.call<DriveItem>('GET', `/v1.0/me/drive/items/${f.id}`, ann)).body.name, 'doc.txt');
    assert.equal((await h.call('PATCH', `/v1.0/me/drive/items/${f.id}`, ann, { body: { name: 'fresh.txt' }, headers: { 'if-match': v2.eTag } })).status, 200);
    assert.equal((await h.raw('PUT', `/v1.0/me/drive/items/${f.id}/content`, ann, 'v3', { 'if-match': v2.cTag! })).status, 200, 'a cTag matches too');
    assert.equal((await h.call('DELETE', `/v1.0/me/drive/items/${f.id}`, ann, { headers: { 'if-match': '*' } })).status, 204);
    const cur = await upload(h, ann, 'Etag/cached.txt', 'c', 201);
    assert.equal((await h.call('GET', `/v1.0/me/drive/items/${cur.id}`, ann, { headers: { 'if-none-match': cur.eTag } })).status, 304);
  });

  test('scopes: Files.Read reads but does not write (403 accessDenied); no files scope is 403; another user\'s OneDrive is 403 and another tenant\'s 404', async () => {
    const reader = h.token(USERS.ann, FILES_R);
    assert.equal((await h.call('GET', '/v1.0/me/drive/root/children', reader)).status, 200);
    assertGraphError(await folder(h, reader, '', 'NoWrite'), 403, 'accessDenied');
    assertGraphError(await h.raw('PUT', '/v1.0/me/drive/root:/nowrite.txt:/content', reader, 'x'), 403, 'accessDenied');
    assertGraphError(await h.call('GET', '/v1.0/me/drive', h.token(USERS.ann, ['Mail.Read'])), 403, 'accessDenied');
    assert.equal((await h.call('GET', '/v1.0/me/drive', 'nonsense-token')).status, 401);
    assert.equal((await h.call('GET', '/v1.0/me/drive/nonsense', 'nonsense-token')).status, 401, 'the token is checked before the path');
    assertGraphError(await h.call('GET', '/v1.0/me/drive/nonsense', reader), 400, 'invalidRequest');
    assertGraphError(await h.call('PUT', '/v1.0/me/drive/root/children', ann, { body: {} }), 405, 'notSupported');
    const bob = h.token(USERS.bob, ['Files.ReadWrite.All']);
    const annDrive = (await h.call<Drive>('GET', '/v1.0/me/drive', ann)).body.id;
    assertGraphError(await h.call('GET', `/v1.0/drives/${annDrive}/root/children`, bob), 403, 'accessDenied');
    assertGraphError(await h.call('GET', `/v1.0/users/${USERS.ann.id}/drive`, bob), 403, 'accessDenied');
    assertGraphError(await h.call('GET', `/v1.0/drives/${annDrive}`, h.token(USERS.zed, ['Files.ReadWrite.All'])), 404, 'itemNotFound');
  });

  test('createLink: a new link is 201, the same type and scope again 200 with the same link; permissions lists it; embed is refused', async () => {
    const f = await upload(h, ann, 'Share/deck.pptx', 'slides', 201);
    const url = `/v1.0/me/drive/items/${f.id}/createLink`;
    const view = await h.call<{ id: string; roles: string[]; link: { type: string; scope: string; webUrl: string } }>('POST', url, ann, { body: { type: 'view', scope: 'anonymous' } });
    assert.equal(view.status, 201);
    assert.deepEqual(view.body.roles, ['read']);
    assert.equal(view.body.link.type, 'view');
    assert.equal(view.body.link.scope, 'anonymous');
    assert.match(view.body.link.webUrl, /^https:\/\/contoso-my\.sharepoint\.com\//);
    const again = await h.call<typeof view.body>('POST', url, ann, { body: { type: 'view', scope: 'anonymous' } });
    assert.equal(again.status, 200);
    assert.equal(again.body.id, view.body.id);
    assert.equal(again.body.link.webUrl, view.body.link.webUrl);
    const edit = await h.call<typeof view.body>('POST', url, ann, { body: { type: 'edit', scope: 'organization' } });
    assert.equal(edit.status, 201);
    assert.deepEqual(edit.body.roles, ['write']);
    const users = await h.call<typeof view.body>('POST', url, ann, { body: { type: 'view', scope: 'users' } });
    assert.equal(users.status, 201);
    const otherApp = await h.call('POST', url, h.token(USERS.ann, FILES_RW, 'app-2'), { body: { type: 'view', scope: 'anonymous' } });
    assert.equal(otherApp.status, 201, 'a link is per app');
    const perms = await h.call<Page<{ id: string }>>('GET', `/v1.0/me/drive/items/${f.id}/permissions`, ann);
    assert.equal(perms.body.value.length, 4);
    assertGraphError(await h.call('POST', url, ann, { body: { type: 'embed' } }), 400, 'invalidRequest');
    assertGraphError(await h.call('POST', url, h.token(USERS.ann, FILES_R), { body: { type: 'view' } }), 403, 'accessDenied');
  });

  test('files requests work inside $batch', async () => {
    const r = await h.call<{ responses: Array<{ id: string; status: number; body: { name?: string; value?: unknown[] } }> }>('POST', '/v1.0/$batch', ann, {
      body: { requests: [
        { id: '1', method: 'POST', url: '/me/drive/root/children', body: { name: 'Batched', folder: {} }, headers: { 'content-type': 'application/json' } },
        { id: '2', method: 'GET', url: '/me/drive/root:/Batched:/children', dependsOn: ['1'] },
      ] },
    });
    assert.equal(r.status, 200);
    const byId = new Map(r.body.responses.map((x) => [x.id, x]));
    assert.equal(byId.get('1')?.status, 201);
    assert.equal(byId.get('1')?.body.name, 'Batched');
    assert.equal(byId.get('2')?.status, 200);
    assert.deepEqual(byId.get('2')?.body.value, []);
  });

  test("search(q='…') on the root finds items by name anywhere in the drive, pages, and finds nothing for nonsense", async () => {
    await upload(h, ann, 'Find/Deep/Er/Quarterly Budget.xlsx', 'b', 201);
    await upload(h, ann, 'Find/budget notes.txt', 'n', 201);
    await upload(h, ann, 'Find/unrelated.txt', 'u', 201);
    const r = await h.call<Page>('GET', "/v1.0/me/drive/root/search(q='budget')", ann);
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.value.map((i) => i.name).sort(), ['Quarterly Budget.xlsx', 'budget notes.txt']);
    assert.ok(r.body.value.every((i) => i.parentReference.id));
    const paged = await h.call<Page>('GET', "/v1.0/me/drive/root/search(q='budget')?$top=1", ann);
    assert.equal(paged.body.value.length, 1);
    const rest = await h.call<Page>('GET', paged.body['@odata.nextLink']!, ann);
    assert.equal(rest.body.value.length, 1);
    assert.notEqual(rest.body.value[0]!.id, paged.body.value[0]!.id);
    const encoded = await h.call<Page>('GET', "/v1.0/me/drive/root/search(q=%27quarterly%20budget%27)", ann);
    assert.deepEqual(encoded.body.value.map((i) => i.name), ['Quarterly Budget.xlsx']);
    assert.equal((await h.call<Page>('GET', "/v1.0/me/drive/root/search(q='zzzqqq')", ann)).body.value.length, 0);
  });
});
