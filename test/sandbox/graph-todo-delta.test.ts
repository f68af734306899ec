import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { USERS, startGraphHarness, type GraphHarness } from './graphHarness.js';
import { TASKS_RW, created, deltaRound, type GraphErr, type Item } from './pimHarness.js';

interface Task extends Item { title: string; status: string; linkedResources?: Array<{ id: string; externalId: string }> }

describe('sandbox Graph To Do: task delta per list, and moving a task', () => {
  let h: GraphHarness;
  let ann: string;
  let listA: string;
  let listB: string;
  const deltaOf = (list: string) => `/v1.0/me/todo/lists/${list}/tasks/delta`;
  before(async () => {
    h = await startGraphHarness();
    ann = h.token(USERS.ann, TASKS_RW);
    await h.ctl('PUT', '/control/delta/replays', { resource: 'todo', mode: 'off', emptyPages: false });
    listA = (await created<{ id: string }>(h, ann, '/v1.0/me/todo/lists', { displayName: 'A' })).id;
    listB = (await created<{ id: string }>(h, ann, '/v1.0/me/todo/lists', { displayName: 'B' })).id;
    for (let i = 0; i < 12; i++) await created(h, ann, `/v1.0/me/todo/lists/${listA}/tasks`, { title: `A${i}` });
    await created(h, ann, `/v1.0/me/todo/lists/${listB}/tasks`, { title: 'B0' });
  });
  after(() => h.close());

  test('initial round: this list only, pages of 10 (or the Prefer size), #microsoft.graph.todoTask items, $select kept in the tokens', async () => {
    const r = await deltaRound(h, ann, deltaOf(listA));
    assert.deepEqual(r.pages.map((p) => p.body.value.length), [10, 2]);
    assert.deepEqual(r.items.map((i) => i.title), Array.from({ length: 12 }, (_, i) => `A${i}`));
    assert.ok(r.items.every((i) => i['@odata.type'] === '#microsoft.graph.todoTask'));
    assert.match(r.deltaLink, /\/todo\/lists\/[^/]+\/tasks\/delta\?\$deltatoken=[A-Za-z0-9_-]{40,}$/);
    const small = await deltaRound(h, ann, `${deltaOf(listA)}?$select=title`, { Prefer: 'odata.maxpagesize=5' });
    assert.deepEqual(small.pages.map((p) => p.body.value.length), [5, 5, 2]);
    assert.equal(small.pages[0]!.headers['preference-applied'], 'odata.maxpagesize=5');
    assert.deepEqual(Object.keys(small.items[0]!).sort(), ['@odata.etag', '@odata.type', 'id', 'title']);
    assert.equal((await h.call('GET', `${deltaOf(listA)}?$orderby=title`, ann)).status, 400);
  });

  test('incremental round: created, updated (completed) and deleted (@removed); other lists stay out', async () => {
    const base = await deltaRound(h, ann, deltaOf(listA), { Prefer: 'odata.maxpagesize=100' });
    const [a, b] = base.items;
    const fresh = await created<Task>(h, ann, `/v1.0/me/todo/lists/${listA}/tasks`, { title: 'Fresh' });
    await h.call('PATCH', `/v1.0/me/todo/lists/${listA}/tasks/${a!.id}`, ann, { body: { status: 'completed' } });
    await h.call('DELETE', `/v1.0/me/todo/lists/${listA}/tasks/${b!.id}`, ann);
    await created(h, ann, `/v1.0/me/todo/lists/${listB}/tasks`, { title: 'Elsewhere' });
    const inc = await deltaRound(h, ann, base.deltaLink);
    assert.deepEqual(inc.items.filter((i) => !i['@removed']).map((i) => [i.id, i.status]), [[fresh.id, 'notStarted'], [a!.id, 'completed']]);
    assert.deepEqual(inc.items.filter((i) => i['@removed']), [{ '@odata.type': '#microsoft.graph.todoTask', id: b!.id, '@removed': { reason: 'deleted' } }]);
    assert.equal((await deltaRound(h, ann, inc.deltaLink)).items.length, 0);
  });

  test('a task moved to another list gets a new id: the old list\'s delta removes the old id, the new list\'s adds the new one', async () => {
    const t = await created<Task>(h, ann, `/v1.0/me/todo/lists/${listA}/tasks`, { title: 'Move me', importance: 'high', linkedResources: [{ applicationName: 'Tandem', displayName: 'Deal', externalId: 'deal-7', webUrl: 'https://tandem.example/deals/7' }] });
    const fromA = await deltaRound(h, ann, deltaOf(listA), { Prefer: 'odata.maxpagesize=100' });
    const fromB = await deltaRound(h, ann, deltaOf(listB), { Prefer: 'odata.maxpagesize=100' });
    const moved = await h.ctl<Task & { listId: string }>('POST', `/control/todo/${USERS.ann.id}/tasks/${t.id}/move`, { listId: listB });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    assert.notEqual(moved.body.id, t.id);
    assert.equal(moved.body.listId, listB);
    assert.deepEqual([moved.body.title, moved.body.importance], ['Move me', 'high']);
    assert.equal((await h.call('GET', `/v1.0/me/todo/lists/${listA}/tasks/${t.id}`, ann)).status, 404, 'the old id is gone');
    const inB = await h.call<Task>('GET', `/v1.0/me/todo/lists/${listB}/tasks/${moved.body.id}?$expand=linkedResources`, ann);
    assert.equal(inB.status, 200);
    assert.equal(inB.body.linkedResources![0]!.externalId, 'deal-7', 'links travel with the task');
    const incA = await deltaRound(h, ann, fromA.deltaLink);
    assert.deepEqual(incA.items, [{ '@odata.type': '#microsoft.graph.todoTask', id: t.id, '@removed': { reason: 'deleted' } }]);
    const incB = await deltaRound(h, ann, fromB.deltaLink);
    assert.deepEqual(incB.items.map((i) => [i.id, i.title, !!i['@removed']]), [[moved.body.id, 'Move me', false]]);
    const missing = await h.ctl('POST', `/control/todo/${USERS.ann.id}/tasks/${moved.body.id}/move`, {});
    assert.equal(missing.status, 400, 'the target list is required');
  });

  test('a token is bound to its list; eviction answers 410 with a Location; a tampered token is 400', async () => {
    const r = await deltaRound(h, ann, deltaOf(listA));
    const token = new URL(r.deltaLink).searchParams.get('$deltatoken')!;
    assert.equal((await h.call<GraphErr>('GET', `${deltaOf(listB)}?$deltatoken=${token}`, ann)).body.error.code, 'ErrorInvalidSyncStateData');
    const lists = await deltaRound(h, ann, '/v1.0/me/todo/lists/delta');
    await h.ctl('POST', '/control/delta/evict', { resource: 'todo', mailbox: USERS.ann.id });
    for (const [url, fresh] of [[r.deltaLink, deltaOf(listA)], [lists.deltaLink, '/v1.0/me/todo/lists/delta']] as const) {
      const gone = await h.call<GraphErr>('GET', url, ann);
      assert.equal(gone.status, 410);
      assert.equal(gone.body.error.code, 'syncStateNotFound');
      assert.equal(gone.headers.location, `https://graph.test${fresh}`);
    }
    const again = await deltaRound(h, ann, deltaOf(listA));
    const bad = await h.call<GraphErr>('GET', `${again.deltaLink.slice(0, -3)}xyz`, ann);
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'ErrorInvalidSyncStateData');
    assert.equal((await h.call('GET', deltaOf('AAMkAGI2nosuchlist'), ann)).status, 404);
  });
});
