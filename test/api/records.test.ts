import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DB_KINDS } from '../helpers/db.js';
import { ApiClient, startTestServer, type TestServer } from '../helpers/server.js';

interface Activity { id: string; kind: string; body: string | null; personId: string | null; companyId: string | null; source: { type: string } | null }

for (const kind of DB_KINDS) {
  describe(`companies, tasks, notes and timelines (${kind})`, () => {
    let server: TestServer;
    let c: ApiClient;
    before(async () => {
      server = await startTestServer({ kind });
      c = new ApiClient(server.url);
      await c.signup();
    });
    after(async () => {
      await server.close();
    });

    test('companies: CRUD, search, and deleting a company unlinks its people', async () => {
      const co = await c.request('POST', '/api/companies', { name: 'Acme Rockets', domain: 'ACME.test', notes: 'big' });
      assert.equal(co.status, 201);
      assert.equal(co.body.domain, 'acme.test');
      assert.equal((await c.request('GET', '/api/companies?q=rocket')).body.items[0].id, co.body.id);
      assert.equal((await c.request('GET', '/api/companies?q=acme.t')).body.items.length, 1);
      const renamed = await c.request('PATCH', `/api/companies/${co.body.id}`, { name: 'Acme Space' });
      assert.equal(renamed.body.name, 'Acme Space');
      assert.equal(renamed.body.notes, 'big');
      assert.equal((await c.request('PATCH', `/api/companies/${co.body.id}`, { domain: 'not a domain' })).status, 400);
      const person = await c.request('POST', '/api/people', { name: 'Wile', companyId: co.body.id });
      const task = await c.request('POST', '/api/tasks', { title: 'Call Acme', companyId: co.body.id });
      assert.equal((await c.request('DELETE', `/api/companies/${co.body.id}`)).status, 204);
      assert.equal((await c.request('GET', `/api/companies/${co.body.id}`)).status, 404);
      assert.equal((await c.request('GET', `/api/people/${person.body.id}`)).body.companyId, null);
      assert.equal((await c.request('GET', `/api/tasks/${task.body.id}`)).body.companyId, null);
    });

    test('tasks: assignee must be a member, links must exist, filters and updates work', async () => {
      const person = await c.request('POST', '/api/people', { name: 'Task Target' });
      const mine = await c.request('POST', '/api/tasks', { title: 'Mine', assigneeId: c.user!.id, personId: person.body.id, dueDate: '2030-02-28' });
      assert.equal(mine.status, 201);
      assert.equal(mine.body.status, 'open');
      assert.equal(mine.body.dueDate, '2030-02-28');
      const outsider = new ApiClient(server.url);
      await outsider.signup();
      const notMember = await c.request('POST', '/api/tasks', { title: 'X', assigneeId: outsider.user!.id });
      assert.equal(notMember.status, 400);
      assert.match(notMember.body.error.message, /assigneeId/);
      const noPerson = await c.request('POST', '/api/tasks', { title: 'X', personId: 'nosuchperson1' });
      assert.equal(noPerson.status, 400);
      assert.match(noPerson.body.error.message, /personId/);
      const badDate = await c.request('POST', '/api/tasks', { title: 'X', dueDate: '2030-02-30' });
      assert.equal(badDate.status, 400);
      assert.match(badDate.body.error.message, /dueDate/);
      const badStatus = await c.request('POST', '/api/tasks', { title: 'X', status: 'later' });
      assert.equal(badStatus.status, 400);
      assert.match(badStatus.body.error.message, /status/);
      // Once the outsider joins, they can be assigned.
      await c.request('POST', `/api/workspaces/${c.workspaceId}/members`, { email: outsider.user!.email });
      const theirs = await c.request('POST', '/api/tasks', { title: 'Theirs', assigneeId: outsider.user!.id });
      assert.equal(theirs.status, 201);
      const done = await c.request('PATCH', `/api/tasks/${mine.body.id}`, { status: 'done', dueDate: null });
      assert.equal(done.body.status, 'done');
      assert.equal(done.body.dueDate, null);
      assert.deepEqual((await c.request('GET', '/api/tasks?status=done')).body.items.map((t: { id: string }) => t.id), [mine.body.id]);
      assert.deepEqual((await c.request('GET', `/api/tasks?assigneeId=${outsider.user!.id}`)).body.items.map((t: { id: string }) => t.id), [theirs.body.id]);
      assert.deepEqual((await c.request('GET', `/api/tasks?personId=${person.body.id}`)).body.items.map((t: { id: string }) => t.id), [mine.body.id]);
      const members = await c.request('GET', `/api/workspaces/${c.workspaceId}/members`);
      assert.deepEqual(members.body.items.map((m: { userId: string }) => m.userId).sort(), [c.user!.id, outsider.user!.id].sort());
      assert.equal((await c.request('DELETE', `/api/tasks/${theirs.body.id}`)).status, 204);
      assert.equal((await c.request('GET', `/api/tasks/${theirs.body.id}`)).status, 404);
    });

    test('notes land on timelines: person newest first; company shows its own and its people\'s', async () => {
      const co = await c.request('POST', '/api/companies', { name: 'Timeline Co' });
      const p1 = await c.request('POST', '/api/people', { name: 'T One', companyId: co.body.id });
      const p2 = await c.request('POST', '/api/people', { name: 'T Two' });
      const n1 = await c.request<Activity>('POST', `/api/people/${p1.body.id}/notes`, { body: 'first' });
      assert.equal(n1.status, 201);
      assert.equal(n1.body.kind, 'note');
      assert.equal(n1.body.personId, p1.body.id);
      assert.equal(n1.body.source?.type, 'crm');
      const n2 = await c.request<Activity>('POST', `/api/people/${p1.body.id}/notes`, { body: 'second' });
      const n3 = await c.request<Activity>('POST', `/api/companies/${co.body.id}/notes`, { body: 'company note' });
      await c.request('POST', `/api/people/${p2.body.id}/notes`, { body: 'unrelated' });
      const personLine = (await c.request('GET', `/api/people/${p1.body.id}/timeline`)).body.items.map((a: Activity) => a.id);
      assert.deepEqual(personLine, [n2.body.id, n1.body.id]);
      const companyLine = (await c.request('GET', `/api/companies/${co.body.id}/timeline`)).body.items.map((a: Activity) => a.id);
      assert.deepEqual(companyLine, [n3.body.id, n2.body.id, n1.body.id]);
      const blank = await c.request('POST', `/api/people/${p1.body.id}/notes`, { body: '   ' });
      assert.equal(blank.status, 400);
      assert.equal((await c.request('POST', `/api/people/nosuchperson1/notes`, { body: 'x' })).status, 404);
    });

    test('timeline and task pagination: no duplicates, no omissions', async () => {
      const p = await c.request('POST', '/api/people', { name: 'Paged' });
      const made: string[] = [];
      for (let i = 0; i < 5; i++) made.push((await c.request('POST', `/api/people/${p.body.id}/notes`, { body: `n${i}` })).body.id);
      const walk = async (path: string) => {
        const seen: string[] = [];
        let cursor: string | null = null;
        for (let guard = 0; guard < 20; guard++) {
          const res: { status: number; body: { items: Array<{ id: string }>; nextCursor: string | null } } = await c.request('GET', `${path}${path.includes('?') ? '&' : '?'}limit=2${cursor ? `&cursor=${cursor}` : ''}`);
          assert.equal(res.status, 200);
          seen.push(...res.body.items.map((x) => x.id));
          cursor = res.body.nextCursor;
          if (!cursor) break;
        }
        return seen;
      };
      assert.deepEqual(await walk(`/api/people/${p.body.id}/timeline`), [...made].reverse());
      const tasks: string[] = [];
      for (let i = 0; i < 5; i++) tasks.push((await c.request('POST', '/api/tasks', { title: `paged ${i}`, personId: p.body.id })).body.id);
      assert.deepEqual(await walk(`/api/tasks?personId=${p.body.id}`), [...tasks].reverse());
    });
  });
}
