import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { USERS } from './graphHarness.js';
import { assertGraphError, driveDelta, FILES_RW, startDriveHarness, type DriveHarness, type DriveItem, type Page } from './driveHarness.js';

type Ctl = DriveItem & { path: string; error?: { message: string } };

describe('sandbox files control API: what a user does "in OneDrive", quotas, bulk folders, knobs', () => {
  let h: DriveHarness;
  let ann: string;
  const upn = USERS.ann.userPrincipalName;
  before(async () => {
    h = await startDriveHarness();
    ann = h.token(USERS.ann, FILES_RW);
  });
  after(() => h.close());

  test('GET /control/files/{user} is the OneDrive with its quota and root id; an unknown drive, user or site is 404', async () => {
    const d = await h.ctl<{ id: string; rootId: string; quota: { total: number } }>('GET', `/control/files/${upn}`);
    assert.equal(d.status, 200);
    assert.equal(d.body.id, (await h.call<{ id: string }>('GET', '/v1.0/me/drive', ann)).body.id);
    assert.equal(d.body.rootId, (await h.call<DriveItem>('GET', '/v1.0/me/drive/root', ann)).body.id);
    assert.equal(d.body.quota.total, 1024 ** 4);
    assert.equal((await h.ctl('GET', '/control/files/nobody@nowhere.test')).status, 404);
  });

  test('adding files and folders (intermediate folders made), changing content, renaming, moving and removing show through Graph and its delta', async () => {
    const start = await driveDelta(h, ann, '/v1.0/me/drive/root/delta?token=latest');
    const made = await h.ctl<Ctl>('POST', `/control/files/${upn}/items`, { path: 'Inbox/Scans/invoice.pdf', content: 'pdf bytes' });
    assert.equal(made.status, 201);
    assert.equal(made.body.path, '/Inbox/Scans/invoice.pdf');
    assert.equal(made.body.createdBy.user.id, USERS.ann.id, 'made by the drive\'s owner unless `by` says otherwise');
    const dir = await h.ctl<Ctl>('POST', `/control/files/${upn}/items`, { path: 'Archive', folder: true, by: USERS.bob.id });
    assert.equal(dir.body.createdBy.user.id, USERS.bob.id);
    const bin = await h.ctl<Ctl>('POST', `/control/files/${upn}/items`, { path: 'Inbox/raw.bin', contentBase64: Buffer.from([0, 1, 2, 255]).toString('base64') });
    assert.equal(bin.body.size, 4);
    assert.equal((await h.ctl('POST', `/control/files/${upn}/items`, { path: 'Inbox/raw.bin', content: 'again' })).status, 409);
    assert.equal((await h.ctl('POST', `/control/files/${upn}/items`, { path: 'Inbox/raw.bin', content: 'again', replace: true })).status, 201);
    assert.equal((await h.ctl('POST', `/control/files/${upn}/items`, { path: 'Inbox/bad|name.txt', content: 'x' })).status, 400);

    const listed = await h.ctl<{ value: Ctl[] }>('GET', `/control/files/${upn}/items?path=Inbox`);
    assert.deepEqual(listed.body.value.map((i) => i.path), ['/Inbox/raw.bin', '/Inbox/Scans']);

    const changed = await h.ctl<Ctl>('PATCH', `/control/files/${upn}/items/${made.body.id}`, { content: 'longer pdf bytes' });
    assert.equal(changed.body.size, 16);
    assert.notEqual(changed.body.cTag, made.body.cTag);
    const moved = await h.ctl<Ctl>('PATCH', `/control/files/${upn}/items/Inbox/Scans/invoice.pdf`, { name: 'invoice-2025.pdf', parentPath: 'Archive' });
    assert.equal(moved.body.path, '/Archive/invoice-2025.pdf');
    const graphView = await h.call<DriveItem>('GET', '/v1.0/me/drive/root:/Archive/invoice-2025.pdf:', ann);
    assert.equal(graphView.body.id, made.body.id);
    assert.equal(graphView.body.size, 16);
    assert.equal((await h.ctl('DELETE', `/control/files/${upn}/items/Inbox/raw.bin`)).status, 204);
    assertGraphError(await h.call('GET', '/v1.0/me/drive/root:/Inbox/raw.bin:', ann), 404, 'itemNotFound');

    const r = await driveDelta(h, ann, start.deltaLink, { deltaExcludeParent: '1' });
    const byId = new Map(r.items.map((i) => [i.id, i]));
    assert.equal(byId.get(made.body.id)?.name, 'invoice-2025.pdf');
    assert.deepEqual(byId.get(bin.body.id)?.deleted, { state: 'deleted' });
  });

  test('PUT …/quota sets a drive\'s quota; Graph reports it (state critical under 1% left) and refuses what no longer fits', async () => {
    await h.ctl('POST', `/control/files/${upn}/items`, { path: 'ballast.bin', contentBase64: Buffer.alloc(2000).toString('base64') });
    const d = await h.ctl<{ quota: { used: number; total: number } }>('GET', `/control/files/${upn}`);
    try {
      const q = await h.ctl<{ quota: { total: number; remaining: number; state: string } }>('PUT', `/control/files/${upn}/quota`, { total: d.body.quota.used + 10 });
      assert.equal(q.body.quota.remaining, 10);
      assert.equal(q.body.quota.state, 'critical');
      assert.equal((await h.call<{ quota: { state: string } }>('GET', '/v1.0/me/drive', ann)).body.quota.state, 'critical');
      assertGraphError(await h.raw('PUT', '/v1.0/me/drive/root:/q.bin:/content', ann, Buffer.alloc(11)), 507, 'quotaLimitReached');
      assert.equal((await h.ctl('POST', `/control/files/${upn}/items`, { path: 'q.bin', content: '01234567890' })).status, 507, 'the control API is held to the quota too');
      assert.equal((await h.ctl('POST', `/control/files/${upn}/bulk`, { path: 'q', files: 2, size: 6 })).status, 507, 'and so is bulk');
      assert.equal((await h.ctl('PUT', `/control/files/${upn}/quota`, { total: -1 })).status, 400);
    } finally {
      await h.ctl('PUT', `/control/files/${upn}/quota`, { total: 1024 ** 4 });
    }
  });

  test('bulk makes a folder of files and subfolders in one go (names in order, dated apart); bad counts are 400', async () => {
    const r = await h.ctl<{ files: number; folders: number; folderId: string; ms: number }>('POST', `/control/files/${upn}/bulk`, { path: 'Bulk/Here', files: 120, folders: 3, size: 10, prefix: 'Doc' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.files, 120);
    const first = await h.call<Page>('GET', `/v1.0/me/drive/items/${r.body.folderId}/children?$top=5`, ann);
    assert.deepEqual(first.body.value.map((i) => i.name), ['Doc 001.txt', 'Doc 002.txt', 'Doc 003.txt', 'Doc 004.txt', 'Doc 005.txt']);
    assert.equal(first.body.value[0]!.size, 10);
    const folder = await h.call<DriveItem>('GET', `/v1.0/me/drive/items/${r.body.folderId}`, ann);
    assert.equal(folder.body.folder!.childCount, 123);
    const oldest = await h.call<Page>('GET', `/v1.0/me/drive/items/${r.body.folderId}/children?$top=1&$orderby=lastModifiedDateTime asc`, ann);
    assert.equal(oldest.body.value[0]!.name, 'Doc 120.txt', 'the last file is dated earliest');
    for (const bad of [{ files: -1 }, { files: 1.5 }, { files: 10, size: 2 * 1024 * 1024 }]) {
      assert.equal((await h.ctl('POST', `/control/files/${upn}/bulk`, { path: 'Bulk/Bad', ...bad })).status, 400, JSON.stringify(bad));
    }
  });

  test('settings: unknown names and negative values are 400; GET shows the current knobs', async () => {
    assert.equal((await h.ctl('PUT', '/control/files/settings', { nonsense: 1 })).status, 400);
    assert.equal((await h.ctl('PUT', '/control/files/settings', { downloadUrlTtlMs: -5 })).status, 400);
    const s = await h.ctl<Record<string, number>>('GET', '/control/files/settings');
    assert.deepEqual(Object.keys(s.body).sort(), ['deltaPageSize', 'deltaTokenMaxAgeMs', 'downloadUrlTtlMs', 'fragmentMaxBytes', 'simpleUploadMaxBytes', 'uploadSessionTtlMs']);
  });

  test('sites control: duplicate or malformed names and unknown tenants are refused; a site\'s library takes files by site id', async () => {
    const made = await h.ctl<{ id: string; drives: Array<{ id: string }> }>('POST', '/control/sites', { tenant: USERS.bob.id, name: 'Ops' });
    assert.equal(made.status, 201);
    assert.equal((await h.ctl('POST', '/control/sites', { tenant: USERS.bob.id, name: 'ops' })).status, 409);
    assert.equal((await h.ctl('POST', '/control/sites', { tenant: USERS.bob.id, name: 'bad name' })).status, 400);
    assert.equal((await h.ctl('POST', '/control/sites', { tenant: 'nobody', name: 'X' })).status, 404);
    const f = await h.ctl<Ctl>('POST', `/control/files/${made.body.id}/items`, { path: 'Runbook.md', content: '# runbook' });
    assert.equal(f.status, 201);
    assert.equal(f.body.parentReference.driveId, made.body.drives[0]!.id);
    assert.equal(f.body.createdBy.user.displayName, 'System Account', 'a library has no owner to act as');
    const site = await h.ctl<{ id: string }>('GET', '/control/sites/Ops');
    assert.equal(site.body.id, made.body.id, 'a site is found by its name when only one tenant has it');
  });
});
