import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { USERS, startGraphHarness, type GraphHarness } from './graphHarness.js';
import { TASKS_RW, assertAccessDenied, created, type GraphErr, type Item } from './pimHarness.js';

interface Zoned { dateTime: string; timeZone: string }
interface Task extends Item {
  '@odata.etag': string; title: string; status: string; importance: string; isReminderOn: boolean; categories: string[];
  body: { content: string; contentType: string }; createdDateTime: string; lastModifiedDateTime: string;
  dueDateTime?: Zoned; reminderDateTime?: Zoned; startDateTime?: Zoned; completedDateTime?: Zoned;
}

/** The day a save happened, by the sandbox's clock, as To Do records a completion: that day's UTC midnight. */
const dayOf = (t: Task) => `${t.lastModifiedDateTime.slice(0, 10)}T00:00:00.0000000`;

describe('sandbox Graph To Do: tasks', () => {
  let h: GraphHarness;
  let ann: string;
  let list: string;
  let tasks: string;
  before(async () => {
    h = await startGraphHarness();
    ann = h.token(USERS.ann, TASKS_RW);
    list = (await h.call<{ value: Array<{ id: string }> }>('GET', '/v1.0/me/todo/lists', ann)).body.value[0]!.id;
    tasks = `/v1.0/me/todo/lists/${list}/tasks`;
  });
  after(() => h.close());

  test('create: defaults as To Do answers them; GET and the list agree; unset times are left out', async () => {
    const t = await created<Task>(h, ann, tasks, { title: 'Call Pavel' });
    assert.deepEqual([t.title, t.status, t.importance, t.isReminderOn, t.categories, t.body], ['Call Pavel', 'notStarted', 'normal', false, [], { content: '', contentType: 'text' }]);
    assert.match(t.createdDateTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
    assert.match(t['@odata.etag'], /^W\/"[A-Za-z0-9+/]{27}="$/);
    assert.match(t.id, /^AAMkAGI2/);
    for (const k of ['dueDateTime', 'reminderDateTime', 'startDateTime', 'completedDateTime', 'linkedResources']) assert.ok(!(k in t), k);
    const got = await h.call<Task>('GET', `${tasks}/${t.id}`, ann);
    assert.deepEqual({ ...got.body, '@odata.context': undefined }, { ...t, '@odata.context': undefined });
    const listed = await h.call<{ value: Task[] }>('GET', tasks, ann);
    assert.ok(listed.body.value.some((x) => x.id === t.id));
  });

  test('title, body, importance, categories, reminder flag, and due/reminder/start as dateTimeTimeZone (answered in UTC, or the Prefer zone)', async () => {
    const t = await created<Task>(h, ann, tasks, {
      title: 'Send contract', body: { contentType: 'html', content: '<p>Terms v2</p>' }, importance: 'high', categories: ['Sales'], isReminderOn: true,
      dueDateTime: { dateTime: '2026-12-03T00:00:00', timeZone: 'W. Europe Standard Time' },
      reminderDateTime: { dateTime: '2026-12-02T09:00:00', timeZone: 'UTC' },
      startDateTime: { dateTime: '2026-12-01T08:00:00.0000000', timeZone: 'Pacific Standard Time' },
    });
    assert.deepEqual([t.body, t.importance, t.categories, t.isReminderOn], [{ content: '<p>Terms v2</p>', contentType: 'html' }, 'high', ['Sales'], true]);
    assert.deepEqual(t.dueDateTime, { dateTime: '2026-12-02T23:00:00.0000000', timeZone: 'UTC' });
    assert.deepEqual(t.reminderDateTime, { dateTime: '2026-12-02T09:00:00.0000000', timeZone: 'UTC' });
    assert.deepEqual(t.startDateTime, { dateTime: '2026-12-01T16:00:00.0000000', timeZone: 'UTC' });
    const zoned = await h.call<Task>('GET', `${tasks}/${t.id}`, ann, { headers: { Prefer: 'outlook.timezone="Pacific Standard Time"' } });
    assert.deepEqual(zoned.body.startDateTime, { dateTime: '2026-12-01T08:00:00.0000000', timeZone: 'Pacific Standard Time' });
    assert.equal(zoned.headers['preference-applied'], 'outlook.timezone="Pacific Standard Time"');
    h.advanceClock(1500);
    const p = await h.call<Task>('PATCH', `${tasks}/${t.id}`, ann, { body: { title: 'Send contract v2', dueDateTime: null, importance: 'low' } });
    assert.equal(p.status, 200);
    assert.deepEqual([p.body.title, p.body.importance, 'dueDateTime' in p.body], ['Send contract v2', 'low', false]);
    assert.notEqual(p.body['@odata.etag'], t['@odata.etag']);
    assert.ok(p.body.lastModifiedDateTime > t.lastModifiedDateTime);
    assert.equal(p.body.createdDateTime, t.createdDateTime);
    const badZone = await h.call<GraphErr>('POST', tasks, ann, { body: { title: 'x', dueDateTime: { dateTime: '2026-12-03T00:00:00', timeZone: 'Mars/Olympus' } } });
    assert.equal(badZone.status, 400);
  });

  test('status takes exactly notStarted, inProgress, completed, waitingOnOthers, deferred; anything else is 400 and changes nothing', async () => {
    const t = await created<Task>(h, ann, tasks, { title: 'Statuses' });
    for (const status of ['inProgress', 'waitingOnOthers', 'deferred', 'completed', 'notStarted']) {
      const r = await h.call<Task>('PATCH', `${tasks}/${t.id}`, ann, { body: { status } });
      assert.equal(r.status, 200, status);
      assert.equal(r.body.status, status);
    }
    for (const status of ['done', 'Completed', 'NOTSTARTED', '', 3, null]) {
      const r = await h.call<GraphErr>('PATCH', `${tasks}/${t.id}`, ann, { body: { status } });
      assert.equal(r.status, 400, String(status));
      const c = await h.call<GraphErr>('POST', tasks, ann, { body: { title: 'bad', status } });
      assert.equal(c.status, 400, `create with ${String(status)}`);
    }
    assert.equal((await h.call<Task>('GET', `${tasks}/${t.id}`, ann)).body.status, 'notStarted');
    assert.equal((await h.call('POST', tasks, ann, { body: { title: 'bad', importance: 'urgent' } })).status, 400);
    const titles = (await h.call<{ value: Task[] }>('GET', `${tasks}?$top=1000&$select=title`, ann)).body.value.map((x) => x.title);
    assert.ok(!titles.includes('bad'), 'refused creates left nothing behind');
  });

  test('completedDateTime: set (the day, UTC midnight) when the task becomes completed, cleared when it is reopened', async () => {
    const t = await created<Task>(h, ann, tasks, { title: 'Finish me' });
    assert.ok(!('completedDateTime' in t));
    const done = await h.call<Task>('PATCH', `${tasks}/${t.id}`, ann, { body: { status: 'completed' } });
    assert.deepEqual(done.body.completedDateTime, { dateTime: dayOf(done.body), timeZone: 'UTC' });
    const renamed = await h.call<Task>('PATCH', `${tasks}/${t.id}`, ann, { body: { title: 'Finished' } });
    assert.deepEqual(renamed.body.completedDateTime, done.body.completedDateTime, 'kept while it stays completed');
    const reopened = await h.call<Task>('PATCH', `${tasks}/${t.id}`, ann, { body: { status: 'inProgress' } });
    assert.ok(!('completedDateTime' in reopened.body), JSON.stringify(reopened.body.completedDateTime));
    assert.ok(!('completedDateTime' in (await h.call<Task>('GET', `${tasks}/${t.id}`, ann)).body));
    const bornDone = await created<Task>(h, ann, tasks, { title: 'Already done', status: 'completed' });
    assert.deepEqual(bornDone.completedDateTime, { dateTime: dayOf(bornDone), timeZone: 'UTC' });
    const given = await created<Task>(h, ann, tasks, { title: 'Done last week', status: 'completed', completedDateTime: { dateTime: '2026-01-05T00:00:00', timeZone: 'UTC' } });
    assert.deepEqual(given.completedDateTime, { dateTime: '2026-01-05T00:00:00.0000000', timeZone: 'UTC' });
    const ignored = await created<Task>(h, ann, tasks, { title: 'Not done', completedDateTime: { dateTime: '2026-01-05T00:00:00', timeZone: 'UTC' } });
    assert.ok(!('completedDateTime' in ignored), 'no completedDateTime unless completed');
  });

  test('DELETE is 204 then 404; a task is found only under its own list; unknown properties and options are 400', async () => {
    const t = await created<Task>(h, ann, tasks, { title: 'Delete me' });
    const other = await created<{ id: string }>(h, ann, '/v1.0/me/todo/lists', { displayName: 'Other' });
    assert.equal((await h.call('GET', `/v1.0/me/todo/lists/${other.id}/tasks/${t.id}`, ann)).status, 404);
    assert.equal((await h.call('DELETE', `${tasks}/${t.id}`, ann)).status, 204);
    const gone = await h.call<GraphErr>('GET', `${tasks}/${t.id}`, ann);
    assert.equal(gone.status, 404);
    assert.equal(gone.body.error.code, 'ErrorItemNotFound');
    const unknown = await h.call<GraphErr>('POST', tasks, ann, { body: { title: 'x', priority: 1 } });
    assert.equal(unknown.status, 400);
    assert.match(unknown.body.error.message, /priority/);
    assert.equal((await h.call('GET', `${tasks}?$filter=status%20eq%20'completed'`, ann)).status, 400);
    assert.equal((await h.call('GET', `${tasks}?$select=nonsense`, ann)).status, 400);
  });

  test('$top/$skip paging and $select on the task list', async () => {
    const l = await created<{ id: string }>(h, ann, '/v1.0/me/todo/lists', { displayName: 'Paged' });
    for (let i = 0; i < 4; i++) await created(h, ann, `/v1.0/me/todo/lists/${l.id}/tasks`, { title: `T${i}` });
    const first = await h.call<{ value: Task[]; '@odata.nextLink'?: string }>('GET', `/v1.0/me/todo/lists/${l.id}/tasks?$top=3&$select=title,status`, ann);
    assert.deepEqual(first.body.value.map((t) => t.title), ['T0', 'T1', 'T2']);
    assert.deepEqual(Object.keys(first.body.value[0]!).sort(), ['@odata.etag', 'id', 'status', 'title']);
    const rest = await h.call<{ value: Task[] }>('GET', first.body['@odata.nextLink']!, ann);
    assert.deepEqual(rest.body.value.map((t) => t.title), ['T3']);
  });

  test('scopes: Tasks.Read reads tasks but cannot write; a token without Tasks.* gets Graph\'s 403', async () => {
    const t = await created<Task>(h, ann, tasks, { title: 'Scoped' });
    const reader = h.token(USERS.ann, ['Tasks.Read']);
    assert.equal((await h.call('GET', `${tasks}/${t.id}`, reader)).status, 200);
    assertAccessDenied(await h.call('POST', tasks, reader, { body: { title: 'No' } }), 'create with Tasks.Read');
    assertAccessDenied(await h.call('PATCH', `${tasks}/${t.id}`, reader, { body: { status: 'completed' } }), 'patch with Tasks.Read');
    assertAccessDenied(await h.call('DELETE', `${tasks}/${t.id}`, reader), 'delete with Tasks.Read');
    const none = h.token(USERS.ann, ['Contacts.ReadWrite', 'Calendars.ReadWrite']);
    for (const path of [tasks, `${tasks}/${t.id}`, `${tasks}/delta`, `${tasks}/${t.id}/linkedResources`]) assertAccessDenied(await h.call('GET', path, none), path);
    assert.equal((await h.call<Task>('GET', `${tasks}/${t.id}`, ann)).body.status, 'notStarted');
  });

  test('faults and latency apply to To Do routes as to every Outlook route', async () => {
    await h.ctl('POST', '/control/mail/faults', { mailbox: USERS.ann.id, status: 429, count: 1, retryAfter: 3 });
    const r = await h.call<GraphErr>('GET', tasks, ann);
    assert.equal(r.status, 429);
    assert.equal(r.headers['retry-after'], '3');
    await h.ctl('PUT', '/control/mail/throttling', { latencyMs: 150 });
    try {
      const started = performance.now();
      assert.equal((await h.call('GET', tasks, ann)).status, 200);
      assert.ok(performance.now() - started >= 140, 'the injected latency was served');
    } finally {
      await h.ctl('PUT', '/control/mail/throttling', { latencyMs: 0 });
    }
  });
});
