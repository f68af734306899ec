/**
 * SharePoint links of an account that granted SharePoint but not OneDrive: no drive resource runs
 * for it, so listing the record reads links older than the refresh period again with the attaching
 * account, after answering (the listing never waits on Graph), and the change arrives as
 * files.changed. Fresh links are not read. Real Tandem against the sandbox, SQLite and PostgreSQL.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { DB_KINDS } from '../helpers/db.js';
import { accountIdOf, connectMicrosoft, type MicrosoftTestEnv } from '../helpers/microsoft.js';
import { control, createTenantWithUsers, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { openEventStream } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';
import { addDriveFile, changeDriveItem } from './driveHelpers.js';
import { startSyncEnv } from './syncHelpers.js';

interface Link { id: string; name: string; source: string }

let sandbox: TestSandbox;
before(async () => {
  sandbox = await startTestSandbox({ notificationDelayMs: 0 });
});
after(() => sandbox.close());

for (const kind of DB_KINDS) {
  describe(`SharePoint links without OneDrive (${kind})`, () => {
    let env: MicrosoftTestEnv;
    before(async () => {
      ({ env } = await startSyncEnv(sandbox, kind));
    });
    after(() => env?.close());

    test('a stale link is read again after the listing answers, and the panel is told; a fresh one is not read', async () => {
      const { tenant, users } = await createTenantWithUsers(sandbox, { domain: `t${randomBytes(4).toString('hex')}.test`, users: [{ userPrincipalName: 'ann', password: 'pw-Ann-1' }] });
      await control(sandbox, 'PUT', `/control/tenants/${tenant.id}/admin-only-scopes`, { scopes: [] });
      const site = await control<{ id: string }>(sandbox, 'POST', '/control/sites', { tenant: tenant.id, name: `ops-${randomBytes(3).toString('hex')}`, members: [users[0]!.id] });
      const doc = await addDriveFile(sandbox, site.id, 'Runbook.txt', 'steps');
      const api = env.client();
      await api.signup();
      const r = await connectMicrosoft({ api, sandbox, upn: users[0]!.userPrincipalName, password: 'pw-Ann-1', features: ['sharepoint'] });
      assert.ok(r.ok, `connect failed: ${r.error ?? r.callbackStatus}`);
      const accountId = (await accountIdOf(env, api))!;
      const states = await env.database.db.selectFrom('microsoft_sync_states').select('resource').where('account_id', '=', accountId).where('resource', '=', 'files').execute();
      assert.deepEqual(states, [], 'no drive resource runs for this account');
      const company = (await api.request('POST', '/api/companies', { name: 'Ops' })).body as { id: string };
      const path = `/api/companies/${company.id}/files`;
      const attached = await api.request<{ files: Link[] }>('POST', path, { items: [{ driveId: doc.parentReference.driveId, itemId: doc.id }] });
      assert.equal(attached.status, 201, JSON.stringify(attached.body));
      assert.equal(attached.body.files[0]!.source, 'sharepoint');

      const graph = env.integration.graph;
      const asked: string[] = [];
      const request = graph.request.bind(graph);
      graph.request = (id, req) => {
        asked.push(req.path);
        return request(id, req);
      };
      const stream = await openEventStream(api);
      try {
        await changeDriveItem(sandbox, site.id, doc.id, { name: 'Runbook 2027.txt' });
        // Just attached: fresh, so a listing reads nothing.
        assert.equal((await api.request<{ files: Link[] }>('GET', path)).body.files[0]!.name, 'Runbook.txt');
        await new Promise((res) => setTimeout(res, 300));
        assert.deepEqual(asked.filter((p) => p.includes(doc.id)), [], 'a fresh link is not read');

        await env.database.db.updateTable('file_links').set({ checked_at: '2000-01-01T00:00:00.000Z' }).where('account_id', '=', accountId).execute();
        const first = await api.request<{ files: Link[] }>('GET', path);
        assert.equal(first.body.files[0]!.name, 'Runbook.txt', 'the listing answered from the database');
        await waitFor(async () => (await api.request<{ files: Link[] }>('GET', path)).body.files[0]!.name === 'Runbook 2027.txt', { timeoutMs: 10_000, message: 'the stale SharePoint link was never read again' });
        await waitFor(() => stream.events.some((e) => e.type === 'files.changed' && JSON.stringify(e.data).includes(company.id)), { message: 'no files.changed after the refresh' });
        assert.equal(asked.filter((p) => p.includes(doc.id)).length, 1, 'read once, with the attaching account');
      } finally {
        stream.close();
        graph.request = request;
      }
    });
  });
}
