import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DB_KINDS } from '../helpers/db.js';
import { ApiClient, startTestServer, type TestServer } from '../helpers/server.js';

/** A member of workspace B must not see or touch workspace A's records: 404, never 403, by session and by token. */
for (const kind of DB_KINDS) {
  describe(`workspace isolation (${kind})`, () => {
    let server: TestServer;
    let alice: ApiClient;
    let bob: ApiClient;
    let bobToken: ApiClient;
    const ids = { person: '', company: '', task: '' };

    before(async () => {
      server = await startTestServer({ kind });
      alice = new ApiClient(server.url);
      bob = new ApiClient(server.url);
      await alice.signup({ name: 'Alice' });
      await bob.signup({ name: 'Bob' });
      bobToken = bob.withToken((await bob.request('POST', '/api/tokens', { name: 'bob script' })).body.token);
      ids.company = (await alice.request('POST', '/api/companies', { name: 'Secret Corp', domain: 'secret.test' })).body.id;
      ids.person = (await alice.request('POST', '/api/people', { name: 'Secret Person', emails: ['secret@secret.test'], companyId: ids.company })).body.id;
      ids.task = (await alice.request('POST', '/api/tasks', { title: 'Secret task', personId: ids.person })).body.id;
      assert.equal((await alice.request('POST', `/api/people/${ids.person}/notes`, { body: 'secret note' })).status, 201);
    });
    after(async () => {
      await server.close();
    });

    for (const via of ['session', 'token'] as const) {
      test(`by ${via}: reads, writes and timelines of another workspace's records are 404`, async () => {
        const b = via === 'session' ? bob : bobToken;
        const paths = [
          `/api/people/${ids.person}`, `/api/people/${ids.person}/timeline`, `/api/companies/${ids.company}`,
          `/api/companies/${ids.company}/timeline`, `/api/tasks/${ids.task}`,
        ];
        for (const path of paths) {
          const res = await b.request('GET', path);
          assert.equal(res.status, 404, `GET ${path}`);
          assert.equal(res.body.error.code, 'not_found');
        }
        assert.equal((await b.request('PATCH', `/api/people/${ids.person}`, { name: 'Hijacked' })).status, 404);
        assert.equal((await b.request('PATCH', `/api/companies/${ids.company}`, { name: 'Hijacked' })).status, 404);
        assert.equal((await b.request('PATCH', `/api/tasks/${ids.task}`, { status: 'done' })).status, 404);
        assert.equal((await b.request('POST', `/api/people/${ids.person}/notes`, { body: 'x' })).status, 404);
        assert.equal((await b.request('POST', `/api/companies/${ids.company}/notes`, { body: 'x' })).status, 404);
        assert.equal((await b.request('DELETE', `/api/tasks/${ids.task}`)).status, 404);
        assert.equal((await b.request('DELETE', `/api/people/${ids.person}`)).status, 404);
        assert.equal((await b.request('DELETE', `/api/companies/${ids.company}`)).status, 404);
        assert.equal((await b.request('GET', `/api/workspaces/${alice.workspaceId}/members`)).status, 404);
        assert.equal((await b.request('POST', `/api/workspaces/${alice.workspaceId}/members`, { email: 'x@example.test' })).status, 404);
      });

      test(`by ${via}: lists and searches leave other workspaces out; links to their records are rejected`, async () => {
        const b = via === 'session' ? bob : bobToken;
        assert.equal((await alice.request('GET', '/api/people?q=secret')).body.items.length, 1, 'the owner does find it');
        for (const path of ['/api/people', '/api/people?q=secret', '/api/companies', '/api/companies?q=secret', '/api/tasks', `/api/tasks?personId=${ids.person}`]) {
          const res = await b.request('GET', path);
          assert.equal(res.status, 200, path);
          const leaked = res.body.items.filter((r: { id: string }) => Object.values(ids).includes(r.id));
          assert.deepEqual(leaked, [], path);
        }
        const linked = await b.request('POST', '/api/tasks', { title: 'link', personId: ids.person });
        assert.equal(linked.status, 400);
        assert.match(linked.body.error.message, /personId/);
        const assigned = await b.request('POST', '/api/tasks', { title: 'assign', assigneeId: alice.user!.id });
        assert.equal(assigned.status, 400);
        assert.match(assigned.body.error.message, /assigneeId/);
        const company = await b.request('POST', '/api/people', { name: 'P', companyId: ids.company });
        assert.equal(company.status, 400);
        // The same email may exist in two workspaces: uniqueness is per workspace.
        const sameEmail = await b.request('POST', '/api/people', { name: `Other ${via}`, emails: [`${via}@secret.test`] });
        assert.equal(sameEmail.status, 201);
      });
    }

    test('the same address is unique per workspace, not globally', async () => {
      const res = await bob.request('POST', '/api/people', { name: 'Twin', emails: ['SECRET@secret.test'] });
      assert.equal(res.status, 201);
    });

    test('membership opens a workspace, but a token stays bound to the workspace it was made in', async () => {
      const added = await alice.request('POST', `/api/workspaces/${alice.workspaceId}/members`, { email: bob.user!.email });
      assert.equal(added.status, 201);
      assert.equal((await alice.request('POST', `/api/workspaces/${alice.workspaceId}/members`, { email: bob.user!.email })).status, 409);
      assert.equal((await bobToken.request('GET', `/api/people/${ids.person}`)).status, 404);
      const switched = await bob.request('POST', '/api/session/workspace', { workspaceId: alice.workspaceId });
      assert.equal(switched.status, 200);
      assert.equal((await bob.request('GET', `/api/people/${ids.person}`)).status, 200);
      // Bob is a plain member: he cannot add people to Alice's workspace.
      const carol = new ApiClient(server.url);
      await carol.signup();
      const denied = await bob.request('POST', `/api/workspaces/${alice.workspaceId}/members`, { email: carol.user!.email });
      assert.equal(denied.status, 403);
      assert.equal((await bob.request('POST', '/api/session/workspace', { workspaceId: bob.workspaceId })).status, 200);
      assert.equal((await bob.request('GET', `/api/people/${ids.person}`)).status, 404);
    });
  });
}
