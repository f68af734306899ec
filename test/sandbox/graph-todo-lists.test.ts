import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { USERS, startGraphHarness, type GraphHarness } from './graphHarness.js';
import { TASKS_RW, assertAccessDenied, created, deltaRound, type GraphErr } from './pimHarness.js';

interface List { id: string; displayName: string; wellknownListName: string; isOwner: boolean; isShared: boolean; '@odata.etag': string }

describe('sandbox Graph To Do: task lists', () => {
  let h: GraphHarness;
  let ann: string;
  before(async () => {
    h = await startGraphHarness();
    ann = h.token(USERS.ann, TASKS_RW);
    await h.ctl('PUT', '/control/delta/replays', { resource: 'todo', mode: 'off', emptyPages: false });
  });
  after(() => h.close());

  test('every user has the built-in "Tasks" list (wellknownListName defaultList) first; created lists are "none"', async () => {
    const r = await h.call<{ value: List[] }>('GET', '/v1.0/me/todo/lists', ann);
    assert.equal(r.status, 200);
    assert.equal(r.body.value.length, 1);
    const def = r.body.value[0]!;
    assert.deepEqual([def.displayName, def.wellknownListName, def.isOwner, def.isShared], ['Tasks', 'defaultList', true, false]);
    assert.match(def['@odata.etag'], /^W\/".+"$/);
    const made = await created<List>(h, ann, '/v1.0/me/todo/lists', { displayName: 'CRM follow-ups' });
    assert.equal(made.wellknownListName, 'none');
    assert.notEqual(made.id, def.id);
    const after = await h.call<{ value: List[] }>('GET', '/v1.0/me/todo/lists', ann);
    assert.deepEqual(after.body.value.map((l) => l.displayName), ['Tasks', 'CRM follow-ups']);
    assert.equal((await h.call<List>('GET', `/v1.0/me/todo/lists/${made.id}`, ann)).body.displayName, 'CRM follow-ups');
    assert.equal((await h.call('POST', '/v1.0/me/todo/lists', ann, { body: { displayName: ' ' } })).status, 400);
    const bob = h.token(USERS.bob, TASKS_RW);
    assert.equal((await h.call('GET', `/v1.0/me/todo/lists/${made.id}`, bob)).status, 404, 'another user\'s list is not found');
  });

  test('PATCH renames a list (new etag); DELETE removes it with its tasks; the built-in list can be neither renamed nor deleted', async () => {
    const l = await created<List>(h, ann, '/v1.0/me/todo/lists', { displayName: 'Errands' });
    const task = await created<{ id: string }>(h, ann, `/v1.0/me/todo/lists/${l.id}/tasks`, { title: 'Buy stamps' });
    const renamed = await h.call<List>('PATCH', `/v1.0/me/todo/lists/${l.id}`, ann, { body: { displayName: 'Chores' } });
    assert.equal(renamed.body.displayName, 'Chores');
    assert.notEqual(renamed.body['@odata.etag'], l['@odata.etag']);
    assert.equal((await h.call('DELETE', `/v1.0/me/todo/lists/${l.id}`, ann)).status, 204);
    assert.equal((await h.call<GraphErr>('GET', `/v1.0/me/todo/lists/${l.id}`, ann)).status, 404);
    assert.equal((await h.call('GET', `/v1.0/me/todo/lists/${l.id}/tasks/${task.id}`, ann)).status, 404);
    const def = (await h.call<{ value: List[] }>('GET', '/v1.0/me/todo/lists', ann)).body.value[0]!;
    assert.equal((await h.call('PATCH', `/v1.0/me/todo/lists/${def.id}`, ann, { body: { displayName: 'Mine' } })).status, 400);
    assert.equal((await h.call('DELETE', `/v1.0/me/todo/lists/${def.id}`, ann)).status, 400);
    assert.equal((await h.call<List>('GET', `/v1.0/me/todo/lists/${def.id}`, ann)).body.displayName, 'Tasks');
  });

  test('lists delta: the initial round lists them all; then created, renamed and deleted lists (as @removed)', async () => {
    const bob = h.token(USERS.bob, TASKS_RW);
    const extra = await created<List>(h, bob, '/v1.0/me/todo/lists', { displayName: 'One' });
    const base = await deltaRound(h, bob, '/v1.0/me/todo/lists/delta');
    assert.deepEqual(base.items.map((i) => i.displayName), ['Tasks', 'One']);
    assert.ok(base.items.every((i) => i['@odata.type'] === '#microsoft.graph.todoTaskList'));
    const two = await created<List>(h, bob, '/v1.0/me/todo/lists', { displayName: 'Two' });
    await h.call('PATCH', `/v1.0/me/todo/lists/${extra.id}`, bob, { body: { displayName: 'Uno' } });
    const gone = await created<List>(h, bob, '/v1.0/me/todo/lists', { displayName: 'Gone' });
    await h.call('DELETE', `/v1.0/me/todo/lists/${gone.id}`, bob);
    await created(h, bob, `/v1.0/me/todo/lists/${two.id}/tasks`, { title: 'tasks are not lists' });
    const inc = await deltaRound(h, bob, base.deltaLink);
    assert.deepEqual(inc.items.filter((i) => !i['@removed']).map((i) => [i.id, i.displayName]), [[two.id, 'Two'], [extra.id, 'Uno']]);
    assert.deepEqual(inc.items.filter((i) => i['@removed']).map((i) => i.id), [gone.id]);
    assert.equal((await deltaRound(h, bob, inc.deltaLink)).items.length, 0);
  });

  test('scopes: Tasks.Read reads lists but cannot write them; without Tasks.* Graph answers 403', async () => {
    const reader = h.token(USERS.ann, ['Tasks.Read']);
    assert.equal((await h.call('GET', '/v1.0/me/todo/lists', reader)).status, 200);
    assert.equal((await h.call('GET', '/v1.0/me/todo/lists/delta', reader)).status, 200);
    assertAccessDenied(await h.call('POST', '/v1.0/me/todo/lists', reader, { body: { displayName: 'No' } }), 'create list with Tasks.Read');
    const none = h.token(USERS.ann, ['Contacts.ReadWrite', 'Mail.ReadWrite']);
    assertAccessDenied(await h.call('GET', '/v1.0/me/todo/lists', none), 'list lists without Tasks');
    assertAccessDenied(await h.call('GET', '/v1.0/me/todo/lists/delta', none), 'lists delta without Tasks');
  });
});
