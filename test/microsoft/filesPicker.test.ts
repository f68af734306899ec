/**
 * The files picker end to end, real Tandem against the sandbox over HTTP: browsing a OneDrive with
 * breadcrumbs and paging through a big folder, sealed cursors, search, and SharePoint before the
 * org's grant (a clear 403 the web can act on) and after the admin's tenant-wide consent (users
 * of the tenant see the sites with no prompt; a private site stays out).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { connectMicrosoft, postAndDrive, startMicrosoftTestEnv, type MicrosoftTestEnv } from '../helpers/microsoft.js';
import { control, createTenantWithUsers, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import type { ApiClient } from '../helpers/server.js';
import { addDriveFile, changeDriveItem } from './driveHelpers.js';

interface Entry { driveId: string; itemId: string; name: string; kind: string; size: number | null; childCount: number | null; modifiedBy: string | null; webUrl: string | null }
interface Listing { drive: { id: string; name: string; source: string }; items: Entry[]; nextCursor: string | null; breadcrumbs: Array<{ itemId: string; name: string }> }

const password = 'Passw0rd!';
let sandbox: TestSandbox;
let env: MicrosoftTestEnv;
let tenantId: string;
const users: Record<'root' | 'ann' | 'bob' | 'cid', { id: string; upn: string }> = {} as never;

before(async () => {
  sandbox = await startTestSandbox({ notificationDelayMs: 0 });
  env = await startMicrosoftTestEnv({ kind: 'sqlite', sandbox });
  const made = await createTenantWithUsers(sandbox, {
    domain: `p${randomBytes(3).toString('hex')}.onmicrosoft.com`,
    users: ['root', 'ann', 'bob', 'cid'].map((u) => ({ userPrincipalName: u, password, isAdmin: u === 'root', displayName: u.toUpperCase() })),
  });
  tenantId = made.tenant.id;
  made.users.forEach((u, i) => (users[(['root', 'ann', 'bob', 'cid'] as const)[i]!] = { id: u.id, upn: u.userPrincipalName }));
});
after(async () => {
  await env?.close();
  await sandbox?.close();
});

async function connected(who: keyof typeof users, features: string[]): Promise<ApiClient> {
  const api = env.client();
  await api.signup({ name: who });
  const r = await connectMicrosoft({ api, sandbox, upn: users[who].upn, password, features });
  assert.ok(r.ok, `connect ${who}: ${r.error ?? r.callbackBody}`);
  return api;
}

const browse = (api: ApiClient, q: Record<string, string> = {}) => api.request<Listing & { error: { code: string; message: string } }>('GET', `/api/files/browse?${new URLSearchParams(q)}`);

describe('OneDrive picker', () => {
  let ann: ApiClient;
  before(async () => {
    ann = await connected('ann', ['onedrive']);
    await addDriveFile(sandbox, users.ann.id, 'Clients/Acme/Contract.docx', 'contract');
    await addDriveFile(sandbox, users.ann.id, 'Notes.txt', 'notes');
    await control(sandbox, 'POST', `/control/files/${users.ann.id}/bulk`, { path: 'Clients/Big', files: 450, folders: 3 });
  });

  test('the root, then a folder two levels down with breadcrumbs, then a big folder page by page', async () => {
    const root = await browse(ann);
    assert.equal(root.status, 200, JSON.stringify(root.body));
    assert.equal(root.body.drive.source, 'onedrive');
    assert.equal(root.body.breadcrumbs.length, 1);
    assert.equal(root.body.breadcrumbs[0]!.name, root.body.drive.name);
    const clients = root.body.items.find((i) => i.name === 'Clients')!;
    assert.equal(clients.kind, 'folder');
    assert.equal(clients.childCount, 2);
    const notes = root.body.items.find((i) => i.name === 'Notes.txt')!;
    assert.deepEqual([notes.kind, notes.size, notes.childCount], ['file', 5, null]);
    assert.equal(notes.driveId, root.body.drive.id);
    assert.equal(notes.modifiedBy, 'ANN');
    assert.equal(root.body.nextCursor, null);

    const inClients = await browse(ann, { itemId: clients.itemId });
    const acme = inClients.body.items.find((i) => i.name === 'Acme')!;
    const inAcme = await browse(ann, { driveId: root.body.drive.id, itemId: acme.itemId });
    assert.equal(inAcme.status, 200, JSON.stringify(inAcme.body));
    assert.deepEqual(inAcme.body.breadcrumbs.map((b) => b.name), [root.body.drive.name, 'Clients', 'Acme']);
    assert.deepEqual(inAcme.body.breadcrumbs.map((b) => b.itemId), [root.body.breadcrumbs[0]!.itemId, clients.itemId, acme.itemId]);
    assert.deepEqual(inAcme.body.items.map((i) => i.name), ['Contract.docx']);
    // Renamed in OneDrive meanwhile: the trail shows the new name at once.
    await changeDriveItem(sandbox, users.ann.id, clients.itemId, { name: 'Customers' });
    const renamed = await browse(ann, { driveId: root.body.drive.id, itemId: acme.itemId });
    assert.deepEqual(renamed.body.breadcrumbs.map((b) => b.name), [root.body.drive.name, 'Customers', 'Acme']);
    await changeDriveItem(sandbox, users.ann.id, clients.itemId, { name: 'Clients' });

    const big = inClients.body.items.find((i) => i.name === 'Big')!;
    let page = await browse(ann, { itemId: big.itemId });
    const names: string[] = [];
    let pages = 0;
    for (;;) {
      assert.equal(page.status, 200, JSON.stringify(page.body));
      assert.deepEqual(page.body.breadcrumbs.map((b) => b.name), [root.body.drive.name, 'Clients', 'Big'], 'every page has its breadcrumbs');
      pages++;
      names.push(...page.body.items.map((i) => i.name));
      if (!page.body.nextCursor) break;
      page = await browse(ann, { cursor: page.body.nextCursor });
    }
    assert.equal(names.length, 453);
    assert.equal(new Set(names).size, 453, 'no item twice across pages');
    assert.equal(pages, 3, 'pages of 200');
  });

  test('cursors are sealed: a changed one, or one used by another account, is refused', async () => {
    const big = (await browse(ann, { itemId: (await browse(ann)).body.items.find((i) => i.name === 'Clients')!.itemId })).body.items.find((i) => i.name === 'Big')!;
    const cursor = (await browse(ann, { itemId: big.itemId })).body.nextCursor!;
    assert.ok(cursor && !cursor.includes('http'), 'opaque');
    const flipped = cursor.slice(0, 20) + (cursor[20] === 'A' ? 'B' : 'A') + cursor.slice(21);
    const bad = await browse(ann, { cursor: flipped });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'validation_failed');
    const bob = await connected('bob', ['onedrive']);
    const stolen = await browse(bob, { cursor });
    assert.equal(stolen.status, 400, 'a cursor is bound to the account that listed');
    const asSearch = await ann.request('GET', `/api/files/search?cursor=${cursor}`);
    assert.equal(asSearch.status, 400, 'a browse cursor is not a search cursor');
    const url = await ann.request('GET', `/api/files/browse?cursor=${encodeURIComponent('https://evil.test/v1.0/me')}`);
    assert.equal(url.status, 400);
  });

  test('search by name, with paging', async () => {
    const r = await ann.request<{ items: Entry[]; nextCursor: string | null }>('GET', `/api/files/search?q=${encodeURIComponent('contract')}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body.items.map((i) => i.name), ['Contract.docx']);
    let page = await ann.request<{ items: Entry[]; nextCursor: string | null }>('GET', '/api/files/search?q=File');
    let n = 0;
    for (;;) {
      n += page.body.items.length;
      if (!page.body.nextCursor) break;
      page = await ann.request('GET', `/api/files/search?cursor=${page.body.nextCursor}`);
    }
    assert.equal(n, 450);
    assert.equal((await ann.request('GET', '/api/files/search?q=')).status, 400);
  });

  test('a file is not a folder, an unknown item is 404, and the requests need the OneDrive grant', async () => {
    const notes = (await browse(ann)).body.items.find((i) => i.name === 'Notes.txt')!;
    const file = await browse(ann, { itemId: notes.itemId });
    assert.equal(file.status, 400);
    assert.match(file.body.error.message, /is a file, not a folder/);
    const gone = await browse(ann, { itemId: '01NOTANITEMNOTANITEMNOTANITEMNOTAN' });
    assert.equal(gone.status, 404, JSON.stringify(gone.body));
    const weird = await ann.request('GET', '/api/files/browse?itemId=..%2F..%2Fusers');
    assert.equal(weird.status, 400, 'ids cannot carry a path: ' + JSON.stringify(weird.body));

    const none = env.client();
    await none.signup();
    const r = await browse(none);
    assert.deepEqual([r.status, r.body.error.code], [409, 'not_connected']);
    const mailOnly = await connected('cid', ['mail']);
    const m = await browse(mailOnly);
    assert.deepEqual([m.status, m.body.error.code], [403, 'feature_not_granted']);
  });
});

describe('SharePoint', () => {
  let sales: { id: string };
  before(async () => {
    sales = await control<{ id: string }>(sandbox, 'POST', '/control/sites', { tenant: tenantId, name: 'Sales', description: 'The sales team' });
    await control(sandbox, 'POST', '/control/sites', { tenant: tenantId, name: 'Leadership', members: [users.root.id] });
    await addDriveFile(sandbox, sales.id, 'Pitch deck.pptx', 'slides');
  });

  test('before the grant a clear 403; after the admin\'s consent every user of the tenant browses sites and libraries with no prompt', async () => {
    const ann = await connected('ann', ['onedrive']);
    const before1 = await ann.request('GET', '/api/files/sharepoint/sites?q=sales');
    assert.deepEqual([before1.status, before1.body.error.code], [403, 'feature_not_granted']);
    assert.match(before1.body.error.message, /administrator/);

    // Ann asks for it herself: the tenant needs an admin, and from then on she is told so.
    const blocked = await postAndDrive({ api: ann, sandbox, upn: users.ann.upn, password, path: '/api/microsoft/features/sharepoint/enable' });
    assert.equal(blocked.error, 'needsAdminApproval');
    const before2 = await ann.request('GET', '/api/files/sharepoint/sites');
    assert.deepEqual([before2.status, before2.body.error.code], [403, 'needs_admin_approval']);
    assert.match(before2.body.error.message, /Authorize SharePoint for the org/);
    const libBefore = await ann.request('GET', `/api/files/browse?driveId=${encodeURIComponent('b!notalibrary')}`);
    assert.equal(libBefore.status, 403);

    const root = await connected('root', ['onedrive']);
    const granted = await postAndDrive({ api: root, sandbox, upn: users.root.upn, password, path: '/api/microsoft/admin-consent', body: { feature: 'sharepoint' } });
    assert.ok(granted.ok, granted.callbackBody);

    // Dan connected before the grant and never asked for SharePoint: no prompt, no reconnect.
    for (const api of [ann, await connected('bob', ['onedrive'])]) {
      const sites = await api.request<{ sites: Array<{ id: string; name: string; webUrl: string; description: string | null }> }>('GET', '/api/files/sharepoint/sites?q=sales');
      assert.equal(sites.status, 200, JSON.stringify(sites.body));
      assert.deepEqual(sites.body.sites.map((s) => s.name), ['Sales']);
      assert.equal(sites.body.sites[0]!.description, 'The sales team');
      const all = (await api.request<{ sites: Array<{ name: string }> }>('GET', '/api/files/sharepoint/sites')).body.sites.map((s) => s.name);
      assert.ok(!all.includes('Leadership'), 'a private site is not listed to non-members');

      const libs = await api.request<{ libraries: Array<{ driveId: string; name: string }> }>('GET', `/api/files/sharepoint/sites/${sites.body.sites[0]!.id}/libraries`);
      assert.equal(libs.status, 200, JSON.stringify(libs.body));
      assert.equal(libs.body.libraries[0]!.name, 'Documents');
      const lib = await browse(api, { driveId: libs.body.libraries[0]!.driveId });
      assert.equal(lib.status, 200, JSON.stringify(lib.body));
      assert.equal(lib.body.drive.source, 'sharepoint');
      assert.deepEqual(lib.body.items.map((i) => i.name), ['Pitch deck.pptx']);
      assert.equal(lib.body.items[0]!.driveId, libs.body.libraries[0]!.driveId);
      const found = await api.request<{ items: Entry[] }>('GET', `/api/files/search?q=pitch&driveId=${encodeURIComponent(libs.body.libraries[0]!.driveId)}`);
      assert.deepEqual(found.body.items.map((i) => i.name), ['Pitch deck.pptx']);
    }
    const view = await ann.request('GET', '/api/microsoft');
    assert.equal(view.body.features.find((f: { id: string }) => f.id === 'sharepoint').state, 'granted', 'Settings shows SharePoint on once Graph let it through');

    const leadership = (await control<Array<{ id: string; name: string }> | { value: Array<{ id: string; name: string }> }>(sandbox, 'GET', `/control/sites?tenant=${tenantId}`));
    const list = Array.isArray(leadership) ? leadership : leadership.value;
    const privateSite = list.find((s) => s.name === 'Leadership')!;
    const refused = await ann.request('GET', `/api/files/sharepoint/sites/${privateSite.id}/libraries`);
    assert.deepEqual([refused.status, refused.body.error.code], [403, 'no_access']);
  });
});

test('the files routes are in the OpenAPI document, with their answers', async () => {
  const doc = (await (await fetch(`${env.url}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, { tags?: string[]; responses?: Record<string, unknown> }>> };
  for (const [path, method, status] of [
    ['/api/files/browse', 'get', '200'], ['/api/files/search', 'get', '200'], ['/api/files/sharepoint/sites', 'get', '200'],
    ['/api/files/sharepoint/sites/{siteId}/libraries', 'get', '200'], ['/api/people/{id}/files/folders', 'post', '201'],
    ['/api/companies/{id}/files/uploads', 'post', '201'], ['/api/files/uploads/{id}', 'put', '202'], ['/api/files/uploads/{id}', 'get', '200'],
    ['/api/files/uploads/{id}', 'delete', '204'],
  ] as const) {
    const op = doc.paths[path]?.[method];
    assert.ok(op, `${method.toUpperCase()} ${path} is documented`);
    assert.deepEqual(op.tags, ['files']);
    assert.ok(op.responses?.[status], `${method.toUpperCase()} ${path} documents ${status}`);
  }
  assert.ok(doc.paths['/api/files/uploads/{id}']!.put!.responses!['416'], 'the resume answer is documented');
});
