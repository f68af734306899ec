import type { TodoTask } from '@microsoft/microsoft-graph-types';
import { stopTaskSync } from '../../../crm/taskSync.js';
import type { Db } from '../../../db/database.js';
import { isMicrosoftError, MicrosoftError } from '../../graph/errors.js';
import type { SyncContext, Trx } from '../contract.js';
import type { LinkRow, OutboxEntry, WriteBack, WriteResult } from '../writeBack.js';
import { forgetTandemList, tandemListId } from './lists.js';
import { externalIdOf, type GraphTodoTask } from './mapTask.js';
import { upsertItems } from './store.js';
import { dueZone } from './zone.js';
import { linkedResource, todoBody, type TodoWrite } from './todoPayload.js';
import { TODO_HEADERS } from './todoResource.js';

interface TodoWriteResult extends WriteResult {
  task: GraphTodoTask;
  listId: string;
}

const taskPath = (listId: string, id: string) => `/me/todo/lists/${encodeURIComponent(listId)}/tasks/${encodeURIComponent(id)}`;

/** The list a linked task is in now (it may have been moved): the mirror knows, else the Tandem list. */
async function listOf(ctx: SyncContext, graphId: string): Promise<string> {
  const row = await ctx.db.selectFrom('todo_items').select('list_graph_id').where('account_id', '=', ctx.account.id).where('graph_id', '=', graphId).executeTakeFirst();
  return row?.list_graph_id ?? (await tandemListId(ctx));
}

/**
 * CRM tasks to To Do: create in the Tandem list, field-wise update, delete. Graph has no
 * transactionId for todoTasks: a create is made idempotent by its key, the CRM task id, which the
 * todoTask carries as its linkedResource's externalId; any attempt after the first looks for it
 * before creating again.
 */
export function todoWriteBack(): WriteBack {
  return {
    async send(ctx, entry, link) {
      const w = (entry.payload ?? {}) as TodoWrite;
      if (entry.op === 'create') return create(ctx, entry, w, link);
      if (!link) throw new MicrosoftError('notFound', 'the task never reached To Do', { status: 404 });
      const listId = await listOf(ctx, link.graph_id);
      if (entry.op === 'delete') {
        await ctx.graph.request(ctx.account.id, { method: 'DELETE', path: taskPath(listId, link.graph_id) });
        return null;
      }
      const res = await ctx.graph.request<GraphTodoTask>(ctx.account.id, { method: 'PATCH', path: taskPath(listId, link.graph_id), body: todoBody(w, w.dueDate !== undefined ? await dueZone(ctx) : 'UTC'), headers: TODO_HEADERS });
      return { id: res.body.id ?? link.graph_id, changeKey: res.body['@odata.etag'] ?? null, task: res.body, listId } satisfies TodoWriteResult;
    },

    async refresh(ctx, _entry: OutboxEntry, link: LinkRow) {
      try {
        const fresh = await ctx.graph.get<GraphTodoTask>(ctx.account.id, taskPath(await listOf(ctx, link.graph_id), link.graph_id), TODO_HEADERS);
        return { changeKey: fresh['@odata.etag'] ?? null };
      } catch (err) {
        if (isMicrosoftError(err, 'notFound')) return 'gone';
        throw err;
      }
    },

    /** The account's copy is stored as To Do answered: the next write knows its list, and its echo is known. */
    async applied(trx: Trx, ctx, _entry, result) {
      const r = result as TodoWriteResult;
      if (r.task?.id) await upsertItems(trx, ctx.account, r.listId, [r.task], null);
    },

    /** Gone from To Do before Tandem's write reached it: the task stays, no longer synced. */
    async gone(trx, _ctx, entry) {
      if (entry.recordType === 'task') await stopTaskSync(trx as Db, [entry.recordId]);
    },
  };
}

async function create(ctx: SyncContext, entry: OutboxEntry, w: TodoWrite, link: LinkRow | undefined): Promise<TodoWriteResult> {
  let listId = await tandemListId(ctx);
  // Delta may have linked it already (the create's answer was lost): that is the task.
  if (link) return { id: link.graph_id, changeKey: link.change_key, task: { id: link.graph_id }, listId: await listOf(ctx, link.graph_id) };
  if (entry.attempts > 0) {
    const earlier = await findCreated(ctx, listId, entry.idempotencyKey);
    if (earlier) return { id: earlier.id!, changeKey: earlier['@odata.etag'] ?? null, task: earlier, listId };
  }
  const body = { ...todoBody(w, w.dueDate ? await dueZone(ctx) : 'UTC'), linkedResources: [linkedResource(entry.idempotencyKey, w.title ?? '', w.webUrl)] };
  let res;
  try {
    res = await ctx.graph.request<GraphTodoTask>(ctx.account.id, { method: 'POST', path: `/me/todo/lists/${encodeURIComponent(listId)}/tasks`, body, headers: TODO_HEADERS });
  } catch (err) {
    if (!isMicrosoftError(err, 'notFound')) throw err;
    // The Tandem list was deleted in To Do: make it again.
    forgetTandemList(ctx.account.id);
    listId = await tandemListId(ctx);
    res = await ctx.graph.request<GraphTodoTask>(ctx.account.id, { method: 'POST', path: `/me/todo/lists/${encodeURIComponent(listId)}/tasks`, body, headers: TODO_HEADERS });
  }
  if (!res.body?.id) throw new MicrosoftError('fatal', 'Graph created the todoTask without answering its id');
  return { id: res.body.id, changeKey: res.body['@odata.etag'] ?? null, task: res.body, listId };
}

/** The task an earlier attempt made, by the key its linkedResource carries. */
async function findCreated(ctx: SyncContext, listId: string, key: string): Promise<GraphTodoTask | undefined> {
  const path = `/me/todo/lists/${encodeURIComponent(listId)}/tasks?$expand=linkedResources&$top=1000`;
  for await (const page of ctx.graph.pages<TodoTask>(ctx.account.id, path, TODO_HEADERS)) {
    const hit = (page.items as GraphTodoTask[]).find((t) => externalIdOf(t) === key);
    if (hit) return hit;
  }
  return undefined;
}
