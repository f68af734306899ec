import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { USERS } from './graphHarness.js';
import { assertGraphError, driveDelta, startDriveHarness, type DriveHarness, type DriveItem, type Page } from './driveHarness.js';

interface Site { id: string; name: string; displayName: string; webUrl: string; siteCollection: { hostname: string }; root?: object }
interface Drive { id: string; name: string; driveType: string; webUrl: string; owner: { group?: { displayName: string } } }
interface ControlSite extends Site { everyone: boolean; members: string[]; drives: Drive[] }

const SITES_R = ['Sites.Read.All'];
const SITES_RW = ['Sites.ReadWrite.All'];

describe('sandbox Graph sites: search, root, by id and by path, libraries and their items, membership', () => {
  let h: DriveHarness;
  let sales: ControlSite;
  let board: ControlSite;
  const as = (u: keyof typeof USERS, scopes = SITES_R) => h.token(USERS[u], scopes);
  before(async () => {
    h = await startDriveHarness();
    sales = (await h.ctl<ControlSite>('POST', '/control/sites', { tenant: USERS.ann.userPrincipalName, name: 'Sales', displayName: 'Sales Team', description: 'Price lists and pitch decks' })).body;
    board = (await h.ctl<ControlSite>('POST', '/control/sites', { tenant: USERS.ann.id, name: 'Board', displayName: 'Board', members: [USERS.ann.id] })).body;
    await h.ctl('POST', `/control/files/${sales.id}/items`, { path: 'Contracts/Northwind MSA.pdf', content: 'msa', by: USERS.ann.id });
    await h.ctl('POST', `/control/files/${board.id}/items`, { path: 'Minutes.docx', content: 'minutes' });
  });
  after(() => h.close());

  test('the control API made the sites: Sales open to the tenant, Board to its members only, each with a "Documents" library', () => {
    assert.equal(sales.everyone, true);
    assert.equal(board.everyone, false);
    assert.deepEqual(board.members, [USERS.ann.id]);
    assert.match(sales.id, /^contoso\.sharepoint\.com,[0-9a-f-]{36},[0-9a-f-]{36}$/);
    assert.deepEqual(sales.drives.map((d) => [d.name, d.driveType]), [['Documents', 'documentLibrary']]);
  });

  test('GET /sites?search= finds readable sites by name, title or description; * lists all the user may read', async () => {
    const r = await h.call<Page<Site>>('GET', '/v1.0/sites?search=pitch', as('bob'));
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.value.map((s) => s.displayName), ['Sales Team']);
    const annAll = await h.call<Page<Site>>('GET', '/v1.0/sites?search=*', as('ann'));
    assert.deepEqual(annAll.body.value.map((s) => s.displayName).sort(), ['Board', 'Communication site', 'Sales Team']);
    const bobAll = await h.call<Page<Site>>('GET', '/v1.0/sites?search=*', as('bob'));
    assert.deepEqual(bobAll.body.value.map((s) => s.displayName).sort(), ['Communication site', 'Sales Team'], 'a members-only site is not found by others');
    assert.deepEqual((await h.call<Page<Site>>('GET', '/v1.0/sites?search=board', as('bob'))).body.value, []);
    const zed = await h.call<Page<Site>>('GET', '/v1.0/sites?search=*', as('zed'));
    assert.ok(zed.body.value.every((s) => s.siteCollection.hostname === 'fabrikam.sharepoint.com'), 'another tenant\'s sites are not searched');
  });

  test('/sites/root, /sites/{id}, /sites/{hostname} and /sites/{hostname}:/sites/{name} name sites; the root site has the root facet', async () => {
    const root = await h.call<Site>('GET', '/v1.0/sites/root', as('bob'));
    assert.equal(root.status, 200);
    assert.deepEqual(root.body.root, {});
    assert.equal(root.body.webUrl, 'https://contoso.sharepoint.com');
    assert.equal((await h.call<Site>('GET', '/v1.0/sites/contoso.sharepoint.com', as('bob'))).body.id, root.body.id);
    const byId = await h.call<Site>('GET', `/v1.0/sites/${sales.id}`, as('bob'));
    assert.equal(byId.body.webUrl, 'https://contoso.sharepoint.com/sites/Sales');
    assert.equal(byId.body.root, undefined);
    for (const path of ['/v1.0/sites/contoso.sharepoint.com:/sites/Sales', '/v1.0/sites/contoso.sharepoint.com:/sites/sales:']) {
      const r = await h.call<Site>('GET', path, as('bob'));
      assert.equal(r.body.id, sales.id, path);
    }
    assertGraphError(await h.call('GET', '/v1.0/sites/contoso.sharepoint.com:/sites/Nope', as('bob')), 404, 'itemNotFound');
    assertGraphError(await h.call('GET', '/v1.0/sites/contoso.sharepoint.com,00000000-0000-0000-0000-000000000000,00000000-0000-0000-0000-000000000000', as('bob')), 404, 'itemNotFound');
  });

  test('a members-only site is 403 accessDenied to others (itself, its libraries, its items by /drives/{id}); another tenant\'s site is 404', async () => {
    const libId = board.drives[0]!.id;
    assert.equal((await h.call('GET', `/v1.0/sites/${board.id}`, as('ann'))).status, 200);
    assertGraphError(await h.call('GET', `/v1.0/sites/${board.id}`, as('bob')), 403, 'accessDenied');
    assertGraphError(await h.call('GET', `/v1.0/sites/${board.id}/drives`, as('bob')), 403, 'accessDenied');
    assertGraphError(await h.call('GET', `/v1.0/drives/${libId}/root/children`, as('bob')), 403, 'accessDenied');
    assertGraphError(await h.call('GET', `/v1.0/sites/${sales.id}`, as('zed')), 404, 'itemNotFound');
    assertGraphError(await h.call('GET', `/v1.0/drives/${sales.drives[0]!.id}`, as('zed')), 404, 'itemNotFound');
    // Membership changes take effect at once.
    await h.ctl('PUT', `/control/sites/${board.id}/members`, { members: [USERS.ann.id, USERS.bob.userPrincipalName] });
    const now = await h.call<Page>('GET', `/v1.0/drives/${libId}/root/children`, as('bob'));
    assert.deepEqual(now.body.value.map((i) => i.name), ['Minutes.docx']);
    await h.ctl('PUT', `/control/sites/${board.id}/members`, { members: [USERS.ann.id] });
    assertGraphError(await h.call('GET', `/v1.0/drives/${libId}/root/children`, as('bob')), 403, 'accessDenied');
  });

  test('libraries: /sites/{id}/drives and /drive, a second library from the control API, items through /sites/{id}/drive/… and /drives/{id}/…', async () => {
    const extra = await h.ctl<Drive>('POST', `/control/sites/${sales.id}/drives`, { name: 'Marketing Assets' });
    assert.equal(extra.status, 201);
    const drives = await h.call<Page<Drive>>('GET', `/v1.0/sites/${sales.id}/drives`, as('bob'));
    assert.deepEqual(drives.body.value.map((d) => d.name), ['Documents', 'Marketing Assets']);
    assert.equal(drives.body.value[0]!.webUrl, 'https://contoso.sharepoint.com/sites/Sales/Shared%20Documents');
    assert.equal(drives.body.value[0]!.owner.group?.displayName, 'Sales Team');
    const def = await h.call<Drive>('GET', `/v1.0/sites/${sales.id}/drive`, as('bob'));
    assert.equal(def.body.id, sales.drives[0]!.id);
    const kids = await h.call<Page>('GET', `/v1.0/sites/${sales.id}/drive/root:/Contracts:/children`, as('bob'));
    assert.deepEqual(kids.body.value.map((i) => i.name), ['Northwind MSA.pdf']);
    const item = kids.body.value[0]!;
    assert.equal(item.parentReference.driveType, 'documentLibrary');
    assert.equal(item.parentReference.path, `/drives/${def.body.id}/root:/Contracts`);
    assert.equal(item.createdBy.user.id, USERS.ann.id);
    assert.equal(item.webUrl, 'https://contoso.sharepoint.com/sites/Sales/Shared%20Documents/Contracts/Northwind%20MSA.pdf');
    const same = await h.call<DriveItem>('GET', `/v1.0/drives/${def.body.id}/items/${item.id}`, as('bob'));
    assert.equal(same.body.name, 'Northwind MSA.pdf');
    const viaSite = await h.call<DriveItem>('GET', `/v1.0/sites/${sales.id}/drives/${extra.body.id}/root`, as('bob'));
    assert.deepEqual(viaSite.body.root, {});
    assertGraphError(await h.call('GET', `/v1.0/sites/${sales.id}/drives/${board.drives[0]!.id}/root`, as('ann')), 404, 'itemNotFound', "another site's library");
    const delta = await driveDelta(h, as('bob'), `/v1.0/drives/${def.body.id}/root/delta`);
    assert.ok(delta.items.some((i) => i.id === item.id));
  });

  test('scopes: site resources need Sites.Read.All (Files.ReadWrite is 403); writing to a library needs Sites.ReadWrite.All or Files.ReadWrite.All', async () => {
    assertGraphError(await h.call('GET', '/v1.0/sites?search=*', h.token(USERS.bob, ['Files.ReadWrite'])), 403, 'accessDenied');
    assertGraphError(await h.call('GET', `/v1.0/sites/${sales.id}`, h.token(USERS.bob, ['Files.ReadWrite.All'])), 403, 'accessDenied');
    assertGraphError(await h.call('GET', `/v1.0/drives/${sales.drives[0]!.id}/root`, h.token(USERS.bob, ['Files.ReadWrite'])), 403, 'accessDenied', 'Files.ReadWrite reaches only the own OneDrive');
    assert.equal((await h.call('GET', `/v1.0/drives/${sales.drives[0]!.id}/root`, h.token(USERS.bob, ['Files.Read.All']))).status, 200);
    const url = `/v1.0/sites/${sales.id}/drive/root:/Uploads/new.txt:/content`;
    assertGraphError(await h.raw('PUT', url, as('bob', SITES_R), 'x'), 403, 'accessDenied');
    const made = await h.raw('PUT', url, as('bob', SITES_RW), 'hello library');
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.equal((made.body as DriveItem).lastModifiedBy.user.id, USERS.bob.id);
    // Files.ReadWrite.All reaches the library by /drives/{id}, though not the site (which needs Sites.*).
    assertGraphError(await h.raw('PUT', url, h.token(USERS.bob, ['Files.ReadWrite.All']), 'again'), 403, 'accessDenied');
    const byDrive = await h.raw('PUT', `/v1.0/drives/${sales.drives[0]!.id}/root:/Uploads/new.txt:/content`, h.token(USERS.bob, ['Files.ReadWrite.All']), 'again');
    assert.equal(byDrive.status, 200);
  });
});
