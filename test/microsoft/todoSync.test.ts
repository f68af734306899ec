/**
 * CRM tasks ↔ Microsoft To Do end to end: real Tandem against the sandbox over HTTP. Opt in per
 * task, changes both ways, a task moved between lists, deleted in To Do, opt out, deleting the CRM
 * task, disconnect, and isolation across workspaces.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { syncEngineOf } from '../../src/app/microsoft/sync/install.js';
import { runSync } from '../../src/app/microsoft/sync/syncJob.js';
import { runWriteBack } from '../../src/app/microsoft/sync/writeBackJob.js';
import { DB_KINDS } from '../helpers/db.js';
import type { MicrosoftTestEnv } from '../helpers/microsoft.js';
import { control, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { waitFor } from '../helpers/wait.js';
import { connectUser, startSyncEnv, subscriptionsOf, type ConnectedUser } from './syncHelpers.js';

interface TodoTask {
  id: string;
  title: string;
  status: string;
  importance: string;
  listId: string;
  body?: { content: string };
  dueDateTime?: { dateTime: string; timeZone: string };
  linkedResources: Array<{ applicationName: string | null; externalId: string | null; webUrl: string | null }>;
}
interface TodoList { id: string; displayName: string }

let sandbox: TestSandbox;
before(async () => {
  sandbox = await startTestSandbox({ notificationDelayMs: 0 });
});
after(() => sandbox.close());

const todoTasks = async (user: ConnectedUser) => (await control<{ value: TodoTask[] }>(sandbox, 'GET', `/control/todo/${user.mailboxId}/tasks`)).value;
const linkedTo = async (user: ConnectedUser, taskId: string) => (await todoTasks(user)).find((t) => t.linkedResources.some((l) => l.externalId === taskId));
const lists = async (user: ConnectedUser) => (await control<{ value: TodoList[] }>(sandbox, 'GET', `/control/todo/${user.mailboxId}/lists`)).value;
const crmTask = async (user: ConnectedUser, id: string) => (await user.api.request('GET', `/api/tasks/${id}`)).body as { status: string; title: string; syncToDo: boolean; notes: string | null; importance: string; dueDate: string | null };
const outboxEmpty = async (env: MicrosoftTestEnv, accountId: string) =>
  !(await env.database.db.selectFrom('microsoft_outbox').select('id').where('account_id', '=', accountId).where('state', '=', 'pending').executeTakeFirst());

for (const kind of DB_KINDS) {
  describe(`CRM tasks ↔ Microsoft To Do (${kind})`, () => {
    let env: MicrosoftTestEnv;
    before(async () => {
      ({ env } = await startSyncEnv(sandbox, kind));
    });
    after(() => env?.close());

    test('opt in creates the todoTask in the Tandem list with its fields and link; changes go both ways; a move stays linked; opting out deletes it', async () => {
      const user = await connectUser(env, sandbox, 0, ['todo']);
      const made = await user.api.request('POST', '/api/tasks', { title: 'Send the proposal', notes: 'Pricing on page 2', dueDate: '2027-03-15', importance: 'high', syncToDo: true });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      assert.equal(made.body.syncToDo, true);
      const id = made.body.id as string;

      const copy = await waitFor(() => linkedTo(user, id), { message: 'the todoTask never reached To Do' });
      const tandem = (await lists(user)).find((l) => l.displayName === 'Tandem');
      assert.ok(tandem, 'a list named Tandem was made');
      assert.equal(copy.listId, tandem.id);
      assert.equal(copy.title, 'Send the proposal');
      assert.equal(copy.body?.content, 'Pricing on page 2');
      assert.equal(copy.importance, 'high');
      assert.equal(copy.status, 'notStarted');
      assert.equal(copy.dueDateTime?.dateTime.slice(0, 10), '2027-03-15');
      const link = copy.linkedResources.find((l) => l.externalId === id)!;
      assert.equal(link.applicationName, 'Tandem');
      assert.match(link.webUrl ?? '', new RegExp(`/tasks\\?task=${id}$`));
      assert.equal((await todoTasks(user)).filter((t) => t.linkedResources.some((l) => l.externalId === id)).length, 1, 'created once');

      // CRM → To Do: only the changed field.
      assert.equal((await user.api.request('PATCH', `/api/tasks/${id}`, { title: 'Send the final proposal' })).status, 200);
      await waitFor(async () => (await linkedTo(user, id))?.title === 'Send the final proposal', { message: 'the edit never reached To Do' });

      // To Do → CRM: completed there, done here (by notification).
      await control(sandbox, 'POST', `/control/todo/${user.mailboxId}/tasks/${copy.id}/complete`);
      await waitFor(async () => (await crmTask(user, id)).status === 'done', { message: 'the completion never reached the CRM' });

      // Moved to the built-in list: a new id, still linked; a CRM edit reaches it there.
      const builtIn = (await lists(user)).find((l) => l.displayName !== 'Tandem')!;
      const moved = await control<TodoTask>(sandbox, 'POST', `/control/todo/${user.mailboxId}/tasks/${copy.id}/move`, { listId: builtIn.id });
      assert.notEqual(moved.id, copy.id);
      await waitFor(async () => (await env.database.db.selectFrom('microsoft_links').select('graph_id').where('account_id', '=', user.accountId).where('record_id', '=', id).executeTakeFirst())?.graph_id === moved.id,
        { message: 'the moved task was never re-linked' });
      assert.equal((await crmTask(user, id)).syncToDo, true, 'a move is no deletion');
      assert.equal((await user.api.request('PATCH', `/api/tasks/${id}`, { status: 'open', importance: 'low' })).status, 200);
      await waitFor(async () => {
        const t = await linkedTo(user, id);
        return t?.id === moved.id && t.status === 'notStarted' && t.importance === 'low';
      }, { message: 'the reopening never reached the moved task' });

      // A colleague in the workspace may edit the task, but not delete the copy in the owner's To Do.
      const colleague = env.client();
      await colleague.signup();
      assert.equal((await user.api.request('POST', `/api/workspaces/${user.api.workspaceId}/members`, { email: colleague.user!.email })).status, 201);
      assert.equal((await colleague.request('POST', '/api/session/workspace', { workspaceId: user.api.workspaceId })).status, 200);
      const refused = await colleague.request('PATCH', `/api/tasks/${id}`, { syncToDo: false, title: 'Not mine to unsync' });
      assert.equal(refused.status, 403, JSON.stringify(refused.body));
      assert.match(refused.body.error.message, /only they can turn that off/);
      assert.equal((await crmTask(user, id)).syncToDo, true, 'still synced, and nothing else changed');
      assert.equal((await crmTask(user, id)).title, 'Send the final proposal');
      assert.equal((await colleague.request('PATCH', `/api/tasks/${id}`, { notes: 'Checked by a colleague', syncToDo: true })).status, 200);

      // Opting out deletes the copy in To Do.
      const off = await user.api.request('PATCH', `/api/tasks/${id}`, { syncToDo: false });
      assert.equal(off.body.syncToDo, false);
      await waitFor(async () => !(await linkedTo(user, id)), { message: 'the todoTask was not deleted on opting out' });
      await waitFor(() => outboxEmpty(env, user.accountId), { message: 'outbox never drained' });
      assert.equal((await crmTask(user, id)).title, 'Send the final proposal', 'the CRM task stays');
    });

    test('deleted in To Do: the task is kept, sync turned off, with a timeline note; deleting a CRM task deletes its todoTask', async () => {
      const user = await connectUser(env, sandbox, 0, ['todo']);
      const person = (await user.api.request('POST', '/api/people', { name: 'Dana Deal' })).body as { id: string };
      const a = (await user.api.request('POST', '/api/tasks', { title: 'Call Dana', personId: person.id, syncToDo: true })).body as { id: string };
      const b = (await user.api.request('POST', '/api/tasks', { title: 'Write to Dana', syncToDo: true })).body as { id: string };
      const copyA = await waitFor(() => linkedTo(user, a.id), { message: 'task A never reached To Do' });
      await waitFor(() => linkedTo(user, b.id), { message: 'task B never reached To Do' });

      await control(sandbox, 'DELETE', `/control/todo/${user.mailboxId}/tasks/${copyA.id}`);
      await waitFor(async () => (await crmTask(user, a.id)).syncToDo === false, { message: 'sync never turned off' });
      assert.equal((await crmTask(user, a.id)).title, 'Call Dana', 'the CRM task is kept');
      const timeline = (await user.api.request('GET', `/api/people/${person.id}/timeline`)).body as { items: Array<{ title: string | null }> };
      assert.ok(timeline.items.some((i) => i.title === 'Deleted in Microsoft To Do'), 'a timeline note says so');

      assert.equal((await user.api.request('DELETE', `/api/tasks/${b.id}`)).status, 204);
      await waitFor(async () => !(await linkedTo(user, b.id)), { message: 'deleting the CRM task left its todoTask' });
    });

    test('the Tandem list deleted in To Do: its tasks’ sync turns off, and the next opt-in makes the list again', async () => {
      // Its own Tandem with a short tick: the tick is what moves the subscription to a new list.
      const own = (await startSyncEnv(sandbox, kind, { pollIntervalMs: 1_000 })).env;
      try {
        const user = await connectUser(own, sandbox, 0, ['todo']);
        const a = (await user.api.request('POST', '/api/tasks', { title: 'In a list about to go', syncToDo: true })).body.id as string;
        const copy = await waitFor(() => linkedTo(user, a), { message: 'never reached To Do' });
        await control(sandbox, 'DELETE', `/control/todo/${user.mailboxId}/lists/${copy.listId}`);
        // Whether or not To Do notifies the tasks of a deleted list, a run that follows notifications finds it.
        await own.queue.enqueue('microsoft.sync', { accountId: user.accountId, resource: 'todo' }, { key: `gone-list:${user.accountId}` });
        await waitFor(async () => (await crmTask(user, a)).syncToDo === false, { message: 'sync never turned off with its list gone' });
        const b = (await user.api.request('POST', '/api/tasks', { title: 'After the list went', syncToDo: true })).body.id as string;
        const again = await waitFor(() => linkedTo(user, b), { message: 'the next opt-in never reached To Do' });
        const tandem = (await lists(user)).find((l) => l.id === again.listId);
        assert.equal(tandem?.displayName, 'Tandem');
        assert.notEqual(again.listId, copy.listId);
        // The subscription follows the new list, so a completion there arrives by notification again.
        await waitFor(async () => (await subscriptionsOf(sandbox, user.mailboxId)).some((sub) => sub.resource.includes(again.listId)),
          { timeoutMs: 15_000, message: 'the subscription never moved to the new Tandem list' });
        await control(sandbox, 'POST', `/control/todo/${user.mailboxId}/tasks/${again.id}/complete`);
        await waitFor(async () => (await crmTask(user, b)).status === 'done', { message: 'a completion in the new list never arrived' });
      } finally {
        await own.close();
      }
    });

    test('due dates are written as midnight in the mailbox zone, and a due date set in To Do in any zone is that day in the CRM', async () => {
      const user = await connectUser(env, sandbox, 0, ['todo', 'mailboxSettings']);
      await control(sandbox, 'PUT', '/control/mail/mailbox-settings', { mailbox: user.mailboxId, timeZone: 'W. Europe Standard Time' });
      const id = (await user.api.request('POST', '/api/tasks', { title: 'Due in Berlin', dueDate: '2027-03-15', syncToDo: true })).body.id as string;
      const copy = await waitFor(() => linkedTo(user, id), { message: 'never reached To Do' });
      // Answered in UTC: Berlin's midnight is 23:00 the day before.
      assert.equal(copy.dueDateTime?.dateTime.slice(0, 16), '2027-03-14T23:00');
      const patch = await sandbox.fetch(`${sandbox.urls.control}/control/todo/${user.mailboxId}/tasks/${copy.id}`, {
        method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ dueDateTime: { dateTime: '2027-04-01T00:00:00', timeZone: 'Tokyo Standard Time' } }),
      });
      assert.equal(patch.status, 200, await patch.text());
      await waitFor(async () => (await crmTask(user, id)).dueDate === '2027-04-01', { message: 'the due date set in To Do never arrived as that day' });
      await sandbox.fetch(`${sandbox.urls.control}/control/todo/${user.mailboxId}/tasks/${copy.id}`, {
        method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ dueDateTime: { dateTime: '2027-04-02T00:00:00', timeZone: 'Pacific Standard Time' } }),
      });
      await waitFor(async () => (await crmTask(user, id)).dueDate === '2027-04-02', { message: 'a due date set west of UTC never arrived as that day' });
    });

    test('a CRM edit not yet sent and a To Do edit of other fields both survive; the CRM’s field is the one sent', async () => {
      // Its own Tandem: its queue is stopped, so the order of reads and writes is the test's.
      const own = (await startSyncEnv(sandbox, kind)).env;
      try {
        const user = await connectUser(own, sandbox, 0, ['todo']);
        const id = (await user.api.request('POST', '/api/tasks', { title: 'Quote', syncToDo: true })).body.id as string;
        const copy = await waitFor(() => linkedTo(user, id), { message: 'never reached To Do' });
        await waitFor(() => outboxEmpty(own, user.accountId), { message: 'outbox never drained' });
        await own.queue.stop();
        const sync = syncEngineOf(own.integration)!;
        assert.equal((await user.api.request('PATCH', `/api/tasks/${id}`, { title: 'Quote, CRM title' })).status, 200);
        const patch = await sandbox.fetch(`${sandbox.urls.control}/control/todo/${user.mailboxId}/tasks/${copy.id}`, {
          method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Quote, To Do title', importance: 'high' }),
        });
        assert.equal(patch.status, 200);
        // To Do's change is read before the CRM's is sent.
        await runSync(sync, { accountId: user.accountId, resource: 'todo', all: true });
        let task = await crmTask(user, id);
        assert.equal(task.title, 'Quote, CRM title', 'the unsent CRM title is kept');
        assert.equal(task.importance, 'high', 'To Do’s importance arrives');
        await runWriteBack(sync, { accountId: user.accountId, resource: 'todo' });
        const after = (await linkedTo(user, id))!;
        assert.equal(after.title, 'Quote, CRM title', 'the CRM title reached To Do');
        assert.equal(after.importance, 'high', 'To Do’s importance kept there');
        await runSync(sync, { accountId: user.accountId, resource: 'todo', all: true });
        task = await crmTask(user, id);
        assert.deepEqual([task.title, task.importance], ['Quote, CRM title', 'high'], 'settled the same on both sides');
      } finally {
        await own.close();
      }
    });

    test('bad input and no To Do: 400 with what to fix; another workspace’s task is never touched; disconnect leaves no link or subscription', async () => {
      const user = await connectUser(env, sandbox, 0, ['todo']);
      const bad = await user.api.request('POST', '/api/tasks', { title: 'x', syncToDo: 'yes' });
      assert.equal(bad.status, 400);
      const badImportance = await user.api.request('PATCH', `/api/tasks/${(await user.api.request('POST', '/api/tasks', { title: 'y' })).body.id}`, { importance: 'urgent' });
      assert.equal(badImportance.status, 400);

      const mailOnly = await connectUser(env, sandbox, 0, ['mail']);
      const refused = await mailOnly.api.request('POST', '/api/tasks', { title: 'Not without To Do', syncToDo: true });
      assert.equal(refused.status, 400);
      assert.match(JSON.stringify(refused.body), /To Do is not enabled/);
      assert.equal((await mailOnly.api.request('GET', '/api/tasks')).body.items.length, 0, 'a refused create leaves nothing');
      const unconnected = env.client();
      await unconnected.signup();
      const notConnected = await unconnected.request('POST', '/api/tasks', { title: 'No Microsoft 365 at all', syncToDo: true });
      assert.equal(notConnected.status, 400);
      assert.match(JSON.stringify(notConnected.body), /connect Microsoft 365 with To Do/);

      // A todoTask naming another workspace's task id changes nothing there.
      const other = (await mailOnly.api.request('POST', '/api/tasks', { title: 'Someone else’s' })).body as { id: string };
      const mine = (await user.api.request('POST', '/api/tasks', { title: 'Mine', syncToDo: true })).body as { id: string };
      const copy = await waitFor(() => linkedTo(user, mine.id), { message: 'never reached To Do' });
      await control(sandbox, 'POST', `/control/todo/${user.mailboxId}/tasks`, {
        title: 'Forged', status: 'completed', listId: copy.listId, linkedResources: [{ applicationName: 'Tandem', externalId: other.id }],
      });
      await control(sandbox, 'POST', `/control/todo/${user.mailboxId}/tasks/${copy.id}/complete`);
      await waitFor(async () => (await crmTask(user, mine.id)).status === 'done', { message: 'own completion never arrived' });
      const theirs = await crmTask(mailOnly, other.id);
      assert.equal(theirs.status, 'open');
      assert.equal(theirs.title, 'Someone else’s');

      assert.equal((await user.api.request('POST', '/api/microsoft/disconnect')).status, 202);
      await waitFor(async () => !(await env.integration.accounts.byId(user.accountId)), { timeoutMs: 15_000, message: 'account never deleted' });
      const db = env.database.db;
      assert.equal((await db.selectFrom('microsoft_links').select('graph_id').where('account_id', '=', user.accountId).where('resource', '=', 'todo').execute()).length, 0);
      assert.equal((await db.selectFrom('todo_items').select('id').where('account_id', '=', user.accountId).execute()).length, 0);
      const kept = await crmTask(user, mine.id);
      assert.equal(kept.title, 'Mine', 'CRM tasks stay');
      assert.equal(kept.syncToDo, false);
      await waitFor(async () => !(await subscriptionsOf(sandbox, user.mailboxId)).some((s) => /\/todo\//i.test(s.resource)), { timeoutMs: 15_000, message: 'To Do subscription left at Microsoft' });
      assert.ok(await linkedTo(user, mine.id), 'the copy in To Do is untouched');
    });
  });
}
