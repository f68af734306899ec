import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { USERS, startGraphHarness, type GraphHarness } from './graphHarness.js';
import { TASKS_RW, deltaRound, type Item } from './pimHarness.js';

interface List { id: string; displayName: string; wellknownListName: string; totalTasks?: number }
interface Task extends Item { title: string; status: string; listId: string; completedDateTime?: { dateTime: string }; linkedResources: Array<{ externalId: string }> }

describe('sandbox control API: To Do "in To Do"', () => {
  let h: GraphHarness;
  let ann: string;
  const T = `/control/todo/${USERS.ann.userPrincipalName}`;
  before(async () => {
    h = await startGraphHarness();
    ann = h.token(USERS.ann, TASKS_RW);
    await h.ctl('PUT', '/control/delta/replays', { resource: 'todo', mode: 'off', emptyPages: false });
  });
  after(() => h.close());

  test('lists: create, rename, delete as the user; the built-in list is refused; Graph sees each change', async () => {
    const lists = await h.ctl<{ value: List[] }>('GET', `${T}/lists`);
    assert.deepEqual(lists.body.value.map((l) => [l.displayName, l.wellknownListName]), [['Tasks', 'defaultList']]);
    const made = await h.ctl<List>('POST', `${T}/lists`, { displayName: 'Groceries' });
    assert.equal(made.status, 201);
    assert.equal((await h.ctl<List>('PATCH', `${T}/lists/${made.body.id}`, { displayName: 'Shopping' })).body.displayName, 'Shopping');
    assert.equal((await h.call<List>('GET', `/v1.0/me/todo/lists/${made.body.id}`, ann)).body.displayName, 'Shopping');
    assert.equal((await h.ctl('DELETE', `${T}/lists/${made.body.id}`)).status, 204);
    assert.equal((await h.call('GET', `/v1.0/me/todo/lists/${made.body.id}`, ann)).status, 404);
    assert.equal((await h.ctl('DELETE', `${T}/lists/${lists.body.value[0]!.id}`)).status, 400);
    assert.equal((await h.ctl('GET', '/control/todo/nobody@nowhere.test/lists')).status, 404);
  });

  test('tasks: create (default list unless listId), edit, complete, move, delete; each shows in Graph and the list\'s delta', async () => {
    const def = (await h.ctl<{ value: List[] }>('GET', `${T}/lists`)).body.value[0]!;
    const other = (await h.ctl<List>('POST', `${T}/lists`, { displayName: 'Later' })).body;
    const base = await deltaRound(h, ann, `/v1.0/me/todo/lists/${def.id}/tasks/delta`);
    const made = await h.ctl<Task>('POST', `${T}/tasks`, { title: 'Call Kwame', linkedResources: [{ applicationName: 'Tandem', displayName: 'Kwame', externalId: 'person-42' }] });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.equal(made.body.listId, def.id);
    assert.equal(made.body.linkedResources[0]!.externalId, 'person-42');
    const edited = await h.ctl<Task>('PATCH', `${T}/tasks/${made.body.id}`, { title: 'Call Kwame back' });
    assert.equal(edited.body.title, 'Call Kwame back');
    const done = await h.ctl<Task>('POST', `${T}/tasks/${made.body.id}/complete`);
    assert.equal(done.body.status, 'completed');
    assert.ok(done.body.completedDateTime);
    const inc = await deltaRound(h, ann, base.deltaLink);
    assert.deepEqual(inc.items.map((i) => [i.id, i.title, i.status]), [[made.body.id, 'Call Kwame back', 'completed']]);
    const moved = await h.ctl<Task>('POST', `${T}/tasks/${made.body.id}/move`, { listId: other.id });
    assert.notEqual(moved.body.id, made.body.id);
    assert.equal(moved.body.listId, other.id);
    assert.equal(moved.body.status, 'completed', 'a move keeps the task as it was');
    const graphView = await h.call<Task>('GET', `/v1.0/me/todo/lists/${other.id}/tasks/${moved.body.id}`, ann);
    assert.equal(graphView.body.title, 'Call Kwame back');
    const inList = await h.ctl<{ value: Task[] }>('GET', `${T}/tasks?listId=${other.id}`);
    assert.deepEqual(inList.body.value.map((t) => t.id), [moved.body.id]);
    assert.equal((await h.ctl('DELETE', `${T}/tasks/${moved.body.id}`)).status, 204);
    assert.equal((await h.call('GET', `/v1.0/me/todo/lists/${other.id}/tasks/${moved.body.id}`, ann)).status, 404);
    assert.equal((await h.ctl('POST', `${T}/tasks`, { title: 'x', status: 'finished' })).status, 400);
    assert.equal((await h.ctl('POST', `${T}/tasks/${made.body.id}/complete`)).status, 404, 'the moved-away id is gone');
  });

  test('bulk generation: tasks spread over lists in one go, each list\'s delta holds its share', async () => {
    const bob = `/control/todo/${USERS.bob.id}`;
    const g = await h.ctl<{ tasks: number; lists: List[] }>('POST', `${bob}/generate`, { tasks: 1000, lists: 3 });
    assert.equal(g.status, 200, JSON.stringify(g.body));
    assert.deepEqual(g.body.lists.map((l) => l.totalTasks), [334, 333, 333]);
    const token = h.token(USERS.bob, TASKS_RW);
    const r = await deltaRound(h, token, `/v1.0/me/todo/lists/${g.body.lists[1]!.id}/tasks/delta`, { Prefer: 'odata.maxpagesize=1000' });
    assert.equal(r.items.length, 333);
    assert.equal(r.items.filter((i) => i.status === 'completed').length, r.items.filter((i) => i.completedDateTime).length);
  });
});
