import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DB_KINDS } from '../helpers/db.js';
import { ApiClient, openEventStream, startTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

for (const kind of DB_KINDS) {
  describe(`live updates over SSE (${kind})`, () => {
    let server: TestServer;
    let alice: ApiClient;
    let aliceTab2: ApiClient;
    let bob: ApiClient;
    before(async () => {
      server = await startTestServer({ kind });
      alice = new ApiClient(server.url);
      await alice.signup({ email: `alice-${kind}@example.test`, password: 'alice password' });
      aliceTab2 = new ApiClient(server.url);
      await aliceTab2.signin(`alice-${kind}@example.test`, 'alice password');
      bob = new ApiClient(server.url);
      await bob.signup();
    });
    after(async () => {
      await server.close();
    });

    test('a task created in one tab reaches another tab of the workspace, not another workspace', async () => {
      const tab2 = await openEventStream(aliceTab2);
      const other = await openEventStream(bob);
      const byToken = await openEventStream(alice.withToken((await alice.request('POST', '/api/tokens', { name: 'sse' })).body.token));
      try {
        const created = await alice.request('POST', '/api/tasks', { title: 'Ship it' });
        assert.equal(created.status, 201);
        const event = await tab2.waitForEvent((e) => e.type === 'task.created');
        assert.deepEqual(event.data, created.body);
        await byToken.waitForEvent((e) => e.type === 'task.created');
        // Bob's stream is open and delivering: his own write arrives, Alice's never did.
        const bobs = await bob.request('POST', '/api/tasks', { title: 'Bob task' });
        await other.waitForEvent((e) => e.type === 'task.created' && (e.data as { id: string }).id === bobs.body.id);
        assert.deepEqual(other.events.filter((e) => (e.data as { id?: string }).id === created.body.id), []);
        assert.deepEqual(tab2.events.filter((e) => (e.data as { id?: string }).id === bobs.body.id), []);
      } finally {
        tab2.close();
        other.close();
        byToken.close();
      }
    });

    test('person, company, note and deletion events are published after the write', async () => {
      const stream = await openEventStream(aliceTab2);
      try {
        const person = await alice.request('POST', '/api/people', { name: 'Evented' });
        await alice.request('PATCH', `/api/people/${person.body.id}`, { jobTitle: 'CEO' });
        await alice.request('POST', `/api/people/${person.body.id}/notes`, { body: 'hello' });
        const company = await alice.request('POST', '/api/companies', { name: 'Evented Co' });
        await alice.request('DELETE', `/api/people/${person.body.id}`);
        for (const type of ['person.created', 'person.updated', 'activity.created', 'company.created', 'person.deleted']) {
          await stream.waitForEvent((e) => e.type === type);
        }
        assert.equal((stream.events.find((e) => e.type === 'company.created')!.data as { id: string }).id, company.body.id);
      } finally {
        stream.close();
      }
    });

    test('user-scoped events go only to that user; streams need auth', async () => {
      const aliceStream = await openEventStream(aliceTab2);
      const bobStream = await openEventStream(bob);
      try {
        await server.live.publish({ type: 'mail.synced', userId: bob.user!.id, data: { n: 1 } });
        await bobStream.waitForEvent((e) => e.type === 'mail.synced');
        await server.live.publish({ type: 'marker', userId: alice.user!.id, data: {} });
        await aliceStream.waitForEvent((e) => e.type === 'marker');
        assert.equal(aliceStream.events.some((e) => e.type === 'mail.synced'), false);
      } finally {
        aliceStream.close();
        bobStream.close();
      }
      const anon = await fetch(`${server.url}/api/events`);
      assert.equal(anon.status, 401);
      await anon.body?.cancel();
    });

    test('a closed stream unsubscribes from the bus', async () => {
      const stream = await openEventStream(bob);
      stream.close();
      await waitFor(async () => {
        await server.live.publish({ type: 'probe', workspaceId: bob.workspaceId, data: {} });
        return (server.live as unknown as { listeners: Set<unknown> }).listeners.size === 0;
      }, { message: 'listener was not removed after disconnect' });
    });
  });
}

describe('SSE and shutdown', () => {
  test('heartbeats arrive, and close() ends open streams instead of hanging', async () => {
    const server = await startTestServer({ kind: 'sqlite', heartbeatMs: 50 });
    const c = new ApiClient(server.url);
    await c.signup();
    const stream = await openEventStream(c);
    try {
      await waitFor(() => stream.raw().includes(': heartbeat'), { message: 'no heartbeat comment' });
      assert.equal(stream.ended(), false);
      await server.app.close();
      await waitFor(() => stream.ended(), { message: 'the stream was not ended by close()' });
    } finally {
      stream.close();
      await server.live.close();
      await server.database.close();
    }
  });
});
