import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { USERS, startGraphHarness, type GraphHarness } from './graphHarness.js';
import { TASKS_RW, assertAccessDenied, created, deltaRound, type Item } from './pimHarness.js';

interface Link { id: string; applicationName: string | null; displayName: string | null; externalId: string | null; webUrl: string | null }
interface Task extends Item { '@odata.etag': string; linkedResources?: Link[] }

const crm = { applicationName: 'Tandem', displayName: 'Deal: Litware renewal', externalId: 'deal-1001', webUrl: 'https://tandem.example/deals/1001' };

describe('sandbox Graph To Do: linkedResources', () => {
  let h: GraphHarness;
  let ann: string;
  let tasks: string;
  before(async () => {
    h = await startGraphHarness();
    ann = h.token(USERS.ann, TASKS_RW);
    await h.ctl('PUT', '/control/delta/replays', { resource: 'todo', mode: 'off', emptyPages: false });
    const list = (await h.call<{ value: Array<{ id: string }> }>('GET', '/v1.0/me/todo/lists', ann)).body.value[0]!.id;
    tasks = `/v1.0/me/todo/lists/${list}/tasks`;
  });
  after(() => h.close());

  test('accepted inline on create and answered there; afterwards only with $expand=linkedResources', async () => {
    const t = await created<Task>(h, ann, tasks, { title: 'Renewal call', linkedResources: [crm, { webUrl: 'https://example.test/mail', applicationName: 'Mail', displayName: 'The thread' }] });
    assert.equal(t.linkedResources?.length, 2);
    const [first, second] = t.linkedResources!;
    assert.deepEqual({ ...first, id: undefined }, { ...crm, id: undefined });
    assert.match(first!.id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.equal(second!.externalId, null);
    const plain = await h.call<Task>('GET', `${tasks}/${t.id}`, ann);
    assert.ok(!('linkedResources' in plain.body));
    const expanded = await h.call<Task>('GET', `${tasks}/${t.id}?$expand=linkedResources`, ann);
    assert.deepEqual(expanded.body.linkedResources, t.linkedResources);
    const listed = await h.call<{ value: Task[] }>('GET', `${tasks}?$expand=linkedResources&$top=100`, ann);
    assert.deepEqual(listed.body.value.find((x) => x.id === t.id)!.linkedResources, t.linkedResources);
    assert.equal((await h.call('GET', `${tasks}/${t.id}?$expand=attachments`, ann)).status, 400);
    const bad = await h.call('POST', tasks, ann, { body: { title: 'x', linkedResources: [{ ...crm, colour: 'red' }] } });
    assert.equal(bad.status, 400);
  });

  test('CRUD under the task: list, create (201), get, patch, delete (204, then 404); each change saves the task', async () => {
    const t = await created<Task>(h, ann, tasks, { title: 'Quote' });
    const base = `${tasks}/${t.id}/linkedResources`;
    assert.deepEqual((await h.call<{ value: Link[] }>('GET', base, ann)).body.value, []);
    const l = await created<Link>(h, ann, base, crm);
    assert.equal(l.externalId, 'deal-1001');
    const afterCreate = (await h.call<Task>('GET', `${tasks}/${t.id}`, ann)).body;
    assert.notEqual(afterCreate['@odata.etag'], t['@odata.etag'], 'adding a link saves the task');
    const got = await h.call<Link>('GET', `${base}/${l.id}`, ann);
    assert.deepEqual({ ...got.body, '@odata.context': undefined }, { ...l, '@odata.context': undefined });
    const patched = await h.call<Link>('PATCH', `${base}/${l.id}`, ann, { body: { displayName: 'Deal: Litware (won)' } });
    assert.deepEqual([patched.body.displayName, patched.body.externalId, patched.body.webUrl], ['Deal: Litware (won)', 'deal-1001', crm.webUrl]);
    assert.deepEqual((await h.call<{ value: Link[] }>('GET', base, ann)).body.value.map((x) => x.displayName), ['Deal: Litware (won)']);
    assert.equal((await h.call('DELETE', `${base}/${l.id}`, ann)).status, 204);
    assert.equal((await h.call('GET', `${base}/${l.id}`, ann)).status, 404);
    assert.deepEqual((await h.call<{ value: Link[] }>('GET', base, ann)).body.value, []);
    const reader = h.token(USERS.ann, ['Tasks.Read']);
    assert.equal((await h.call('GET', base, reader)).status, 200);
    assertAccessDenied(await h.call('POST', base, reader, { body: crm }), 'link create with Tasks.Read');
  });

  test('a link change shows in the list\'s task delta, with the links when the round asked for $expand', async () => {
    const t = await created<Task>(h, ann, tasks, { title: 'Delta link' });
    const round = await deltaRound(h, ann, `${tasks}/delta?$expand=linkedResources`, { Prefer: 'odata.maxpagesize=200' });
    assert.deepEqual(round.items.find((i) => i.id === t.id)!.linkedResources, []);
    await created(h, ann, `${tasks}/${t.id}/linkedResources`, crm);
    const inc = await deltaRound(h, ann, round.deltaLink);
    assert.deepEqual(inc.items.map((i) => i.id), [t.id]);
    assert.equal((inc.items[0]!.linkedResources as Link[])[0]!.externalId, 'deal-1001');
  });
});
