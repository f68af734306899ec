/**
 * Files on CRM records end to end: real Tandem against the sandbox over HTTP. Attach from OneDrive
 * (idempotent), list, a rename, move and delete in OneDrive reaching the record, open with and
 * without access, detach, another workspace, and disconnect.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { randomBytes } from 'node:crypto';
import { DB_KINDS } from '../helpers/db.js';
import { accountIdOf, connectMicrosoft, type MicrosoftTestEnv } from '../helpers/microsoft.js';
import { control, createTenantWithUsers, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { openEventStream } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';
import { addDriveFile, changeDriveItem, deleteDriveItem } from './driveHelpers.js';
import { connectUser, startSyncEnv, subscriptionsOf, type ConnectedUser } from './syncHelpers.js';

interface Link { id: string; name: string; state: string; parentPath: string | null; webUrl: string; source: string; kind: string; attachedBy: { userId: string; name: string | null } }

let sandbox: TestSandbox;
before(async () => {
  sandbox = await startTestSandbox({ notificationDelayMs: 0 });
});
after(() => sandbox.close());

const filesOf = async (user: ConnectedUser, path: string) => {
  const r = await user.api.request<{ files: Link[] }>('GET', `${path}/files`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.files;
};

for (const kind of DB_KINDS) {
  describe(`files on records (${kind})`, () => {
    let env: MicrosoftTestEnv;
    before(async () => {
      ({ env } = await startSyncEnv(sandbox, kind));
    });
    after(() => env?.close());

    test('attach, list, changes in OneDrive reach the record live, open with and without access, detach, isolation, disconnect', async () => {
      const ann = await connectUser(env, sandbox, 0, ['onedrive']);
      const company = (await ann.api.request('POST', '/api/companies', { name: 'Acme' })).body as { id: string };
      const path = `/api/companies/${company.id}`;
      const plan = await addDriveFile(sandbox, ann.mailboxId, 'Docs/Plan.txt', 'the plan');
      const item = { driveId: plan.parentReference.driveId, itemId: plan.id };

      const stream = await openEventStream(ann.api);
      try {
        const attached = await ann.api.request<{ files: Link[] }>('POST', `${path}/files`, { items: [item] });
        assert.equal(attached.status, 201, JSON.stringify(attached.body));
        const link = attached.body.files[0]!;
        assert.equal(link.name, 'Plan.txt');
        assert.equal(link.source, 'onedrive');
        assert.equal(link.kind, 'file');
        assert.equal(link.parentPath, '/Docs');
        assert.equal(link.state, 'present');
        assert.equal(link.attachedBy.userId, ann.api.user!.id);
        await waitFor(() => stream.events.some((e) => e.type === 'files.changed'), { message: 'attach published no files.changed' });

        // Idempotent: the same item again is the same link.
        const again = await ann.api.request<{ files: Link[] }>('POST', `${path}/files`, { items: [item] });
        assert.equal(again.status, 201);
        assert.equal(again.body.files[0]!.id, link.id);
        assert.equal((await filesOf(ann, path)).length, 1);

        // Renamed, moved, deleted in OneDrive: the record follows, by notification and delta.
        const seen = stream.events.length;
        await changeDriveItem(sandbox, ann.mailboxId, plan.id, { name: 'Plan v2.txt' });
        await waitFor(async () => (await filesOf(ann, path))[0]?.name === 'Plan v2.txt', { timeoutMs: 15_000, message: 'rename never reached the record' });
        await waitFor(() => stream.events.slice(seen).some((e) => e.type === 'files.changed' && JSON.stringify(e.data).includes(company.id)), { message: 'no files.changed for the rename' });
        await control(sandbox, 'POST', `/control/files/${ann.mailboxId}/items`, { path: 'Archive', folder: true });
        await changeDriveItem(sandbox, ann.mailboxId, plan.id, { parentPath: 'Archive' });
        await waitFor(async () => (await filesOf(ann, path))[0]?.parentPath === '/Archive', { timeoutMs: 15_000, message: 'move never reached the record' });
      } finally {
        stream.close();
      }

      const opened = await ann.api.request<{ url: string }>('GET', `/api/files/${(await filesOf(ann, path))[0]!.id}/open`);
      assert.equal(opened.status, 200, JSON.stringify(opened.body));
      assert.match(opened.body.url, /Plan%20v2\.txt|Plan v2\.txt/);

      // A member of the workspace whose own Microsoft account cannot read Ann's OneDrive.
      const bob = await connectUser(env, sandbox, 0, ['onedrive']);
      assert.equal((await ann.api.request('POST', `/api/workspaces/${ann.api.workspaceId}/members`, { email: bob.api.user!.email })).status, 201);
      // Before switching, Bob is in his own workspace: Ann's record does not exist for him.
      assert.equal((await bob.api.request('GET', `${path}/files`)).status, 404);
      assert.equal((await bob.api.request('POST', `${path}/files`, { items: [item] })).status, 404);
      const linkId = (await filesOf(ann, path))[0]!.id;
      assert.equal((await bob.api.request('GET', `/api/files/${linkId}/open`)).status, 404);
      assert.equal((await bob.api.request('POST', '/api/session/workspace', { workspaceId: ann.api.workspaceId })).status, 200);
      assert.equal((await filesOf(bob, path)).length, 1, 'visible to every member');
      const refused = await bob.api.request<{ error: { code: string; message: string } }>('GET', `/api/files/${linkId}/open`);
      assert.equal(refused.status, 403, JSON.stringify(refused.body));
      assert.equal(refused.body.error.code, 'file_no_access');
      assert.match(refused.body.error.message, /Your Microsoft account cannot open this file/);

      // Validation says what to fix.
      const empty = await ann.api.request<{ error: { message: string } }>('POST', `${path}/files`, { items: [] });
      assert.equal(empty.status, 400);
      const missing = await ann.api.request<{ error: { code: string } }>('POST', `${path}/files`, { items: [{ driveId: item.driveId, itemId: '01NOSUCHITEM0000000000000000000000' }] });
      assert.equal(missing.status, 404, JSON.stringify(missing.body));

      // Deleted in OneDrive: shown as deleted until detached; detach removes only the link.
      await deleteDriveItem(sandbox, ann.mailboxId, plan.id);
      await waitFor(async () => (await filesOf(ann, path))[0]?.state === 'deleted', { timeoutMs: 15_000, message: 'delete never reached the record' });
      assert.equal((await ann.api.request('GET', `/api/files/${linkId}/open`)).status, 404);
      assert.equal((await ann.api.request('DELETE', `${path}/files/${linkId}`)).status, 204);
      assert.deepEqual(await filesOf(ann, path), []);
      assert.equal((await ann.api.request('DELETE', `${path}/files/${linkId}`)).status, 404);

      // Disconnect: the links made through the account go, and the drive subscription stops; the file stays.
      const other = await addDriveFile(sandbox, ann.mailboxId, 'Keep.txt');
      assert.equal((await ann.api.request('POST', `${path}/files`, { items: [{ driveId: other.parentReference.driveId, itemId: other.id }] })).status, 201);
      await waitFor(async () => (await subscriptionsOf(sandbox, ann.mailboxId)).some((s) => s.resource === '/me/drive/root'), { timeoutMs: 15_000, message: 'no drive subscription was made' });
      assert.equal((await ann.api.request('POST', '/api/microsoft/disconnect')).status, 202);
      await waitFor(async () => !(await env.integration.accounts.byId(ann.accountId)), { timeoutMs: 15_000, message: 'account never deleted' });
      assert.deepEqual(await filesOf(ann, path), []);
      const receipt = await waitFor(async () => ((await ann.api.request('GET', '/api/microsoft')).body as { lastDisconnect: { removed: Array<{ resource: string; count: number; what: string }> } | null }).lastDisconnect);
      assert.deepEqual(receipt.removed.find((x) => x.resource === 'files'), { resource: 'files', count: 1, what: 'linked file' });
      await waitFor(async () => !(await subscriptionsOf(sandbox, ann.mailboxId)).some((s) => s.resource === '/me/drive/root'), { timeoutMs: 15_000, message: 'drive subscription left at Microsoft' });
    });

    test('gating: not connected is 409, OneDrive not granted is 403 feature_not_granted; listing needs neither', async () => {
      const loner = env.client();
      await loner.signup();
      const company = (await loner.request('POST', '/api/companies', { name: 'Solo' })).body as { id: string };
      const items = [{ driveId: 'b!drive', itemId: '01ITEM' }];
      const notConnected = await loner.request<{ error: { code: string; message: string } }>('POST', `/api/companies/${company.id}/files`, { items });
      assert.equal(notConnected.status, 409, JSON.stringify(notConnected.body));
      assert.equal(notConnected.body.error.code, 'not_connected');
      assert.deepEqual((await loner.request('GET', `/api/companies/${company.id}/files`)).body, { files: [] });

      const mailOnly = await connectUser(env, sandbox, 0);
      const other = (await mailOnly.api.request('POST', '/api/companies', { name: 'Mail only' })).body as { id: string };
      const notGranted = await mailOnly.api.request<{ error: { code: string; message: string } }>('POST', `/api/companies/${other.id}/files`, { items });
      assert.equal(notGranted.status, 403, JSON.stringify(notGranted.body));
      assert.equal(notGranted.body.error.code, 'feature_not_granted');
      assert.match(notGranted.body.error.message, /Enable OneDrive files/);
      const bad = await mailOnly.api.request<{ error: { message: string } }>('POST', `/api/companies/${other.id}/files`, { items: [{ driveId: 'a/b', itemId: 'x' }] });
      assert.equal(bad.status, 400);
      assert.match(bad.body.error.message, /driveId/);
    });

    test('a file deleted while the drive cursor is lost: the full round after the 410 marks it deleted and tells the record', async () => {
      const ann = await connectUser(env, sandbox, 0, ['onedrive']);
      const task = (await ann.api.request('POST', '/api/tasks', { title: 'Review' })).body as { id: string };
      const path = `/api/tasks/${task.id}`;
      const keep = await addDriveFile(sandbox, ann.mailboxId, 'Keep me.txt');
      const doomed = await addDriveFile(sandbox, ann.mailboxId, 'Doomed.txt');
      const items = [keep, doomed].map((i) => ({ driveId: i.parentReference.driveId, itemId: i.id }));
      // Several at once, one of them twice: one link each, in the order asked.
      const both = await ann.api.request<{ files: Link[] }>('POST', `${path}/files`, { items: [...items, items[0]] });
      assert.equal(both.status, 201, JSON.stringify(both.body));
      assert.deepEqual(both.body.files.map((f) => f.name), ['Keep me.txt', 'Doomed.txt', 'Keep me.txt']);
      assert.equal((await filesOf(ann, path)).length, 2);
      const stream = await openEventStream(ann.api);
      try {
        await control(sandbox, 'POST', `/control/files/${ann.mailboxId}/delta/evict`, {});
        await deleteDriveItem(sandbox, ann.mailboxId, doomed.id);
        await waitFor(async () => (await filesOf(ann, path)).find((f) => f.name === 'Doomed.txt')?.state === 'deleted', { timeoutMs: 15_000, message: 'the deletion never reached the record' });
        assert.equal((await filesOf(ann, path)).find((f) => f.name === 'Keep me.txt')?.state, 'present');
        await waitFor(() => stream.events.some((e) => e.type === 'files.changed' && JSON.stringify(e.data).includes(task.id)), { message: 'no files.changed after the reset' });
      } finally {
        stream.close();
      }

      // The task deleted: its links go with the engine's next run.
      assert.equal((await ann.api.request('DELETE', path)).status, 204);
      await env.queue.enqueue('microsoft.sync', { accountId: ann.accountId, resource: 'files', all: true }, { key: `files-orphans:${ann.accountId}` });
      await waitFor(async () => !(await env.database.db.selectFrom('file_links').select('id').where('record_id', '=', task.id).executeTakeFirst()), { message: 'links of a deleted task stayed' });
    });

    test('a SharePoint library file: attached as sharepoint, kept current by the engine with the attaching account; a colleague without access cannot open it or a OneDrive file', async () => {
      const domain = `t${randomBytes(4).toString('hex')}.test`;
      const { tenant, users } = await createTenantWithUsers(sandbox, { domain, users: [{ userPrincipalName: 'ann', password: 'pw-Ann-1' }, { userPrincipalName: 'bob', password: 'pw-Bob-1' }] });
      // A tenant whose users may consent to Sites.Read.All themselves (no admin step in this test).
      await control(sandbox, 'PUT', `/control/tenants/${tenant.id}/admin-only-scopes`, { scopes: [] });
      // Only Ann is a member of the site.
      const site = await control<{ id: string }>(sandbox, 'POST', '/control/sites', { tenant: tenant.id, name: `sales-${randomBytes(3).toString('hex')}`, members: [users[0]!.id] });
      const doc = await addDriveFile(sandbox, site.id, 'Pricing.txt', 'prices');
      const api = env.client();
      await api.signup();
      const r = await connectMicrosoft({ api, sandbox, upn: users[0]!.userPrincipalName, password: 'pw-Ann-1', features: ['onedrive', 'sharepoint'] });
      assert.ok(r.ok, `connect failed: ${r.error ?? r.callbackStatus}`);
      const accountId = (await accountIdOf(env, api))!;
      const person = (await api.request('POST', '/api/people', { name: 'Pat' })).body as { id: string };
      const path = `/api/people/${person.id}/files`;
      const attached = await api.request<{ files: Link[] }>('POST', path, { items: [{ driveId: doc.parentReference.driveId, itemId: doc.id }] });
      assert.equal(attached.status, 201, JSON.stringify(attached.body));
      assert.equal(attached.body.files[0]!.source, 'sharepoint');

      // Libraries send no notifications: a run of the engine reads links older than the refresh period again.
      await changeDriveItem(sandbox, site.id, doc.id, { name: 'Pricing 2027.txt' });
      await env.database.db.updateTable('file_links').set({ checked_at: '2000-01-01T00:00:00.000Z' }).where('account_id', '=', accountId).execute();
      await env.queue.enqueue('microsoft.sync', { accountId, resource: 'files', all: true }, { key: `files-sharepoint:${accountId}` });
      await waitFor(async () => ((await api.request<{ files: Link[] }>('GET', path)).body.files[0]?.name === 'Pricing 2027.txt'), { timeoutMs: 15_000, message: 'the SharePoint rename never reached the record' });

      // A colleague of the same tenant and workspace, with SharePoint, but not a member of the site
      // and not shared on Ann's OneDrive: Graph's 403 is "cannot open"; Ann opens both.
      const mine = await addDriveFile(sandbox, users[0]!.id, 'Notes.txt');
      assert.equal((await api.request('POST', path, { items: [{ driveId: mine.parentReference.driveId, itemId: mine.id }] })).status, 201);
      const bobApi = env.client();
      await bobApi.signup();
      const b = await connectMicrosoft({ api: bobApi, sandbox, upn: users[1]!.userPrincipalName, password: 'pw-Bob-1', features: ['onedrive', 'sharepoint'] });
      assert.ok(b.ok, `connect failed: ${b.error ?? b.callbackStatus}`);
      assert.equal((await api.request('POST', `/api/workspaces/${api.workspaceId}/members`, { email: bobApi.user!.email })).status, 201);
      assert.equal((await bobApi.request('POST', '/api/session/workspace', { workspaceId: api.workspaceId })).status, 200);
      const links = (await bobApi.request<{ files: Link[] }>('GET', path)).body.files;
      assert.equal(links.length, 2);
      for (const link of links) {
        const refused = await bobApi.request<{ error: { code: string } }>('GET', `/api/files/${link.id}/open`);
        assert.equal(refused.status, 403, `${link.name}: ${JSON.stringify(refused.body)}`);
        assert.equal(refused.body.error.code, 'file_no_access');
        assert.equal((await api.request('GET', `/api/files/${link.id}/open`)).status, 200, link.name);
      }
    });
  });
}
