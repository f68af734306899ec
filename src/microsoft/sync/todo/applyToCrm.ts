import { applySyncedTaskChange, type SyncedTaskPatch } from '../../../crm/taskSync.js';
import type { Db } from '../../../db/database.js';
import type { SyncContext, Trx } from '../contract.js';
import { links } from '../links.js';
import { crmFieldsOf, externalIdOf, type GraphTodoTask } from './mapTask.js';
import { pendingFields } from './pendingFields.js';
import { deleteItems } from './store.js';

/**
 * Changes made in To Do reach the CRM tasks they are linked to. A task is recognised by its Tandem
 * linkedResource, not by its id: moved to another list it has a new id, and the link follows it
 * (the old copy's row goes). Only tasks synced with this account's user are touched, and only in
 * its workspace: a link naming any other task id is ignored. Fields a CRM change still on its way
 * to To Do holds are left alone (pendingFields.ts). Answers the CRM task ids changed.
 */
export async function applyToCrm(trx: Trx, ctx: SyncContext, tasks: GraphTodoTask[]): Promise<string[]> {
  const byExternal = new Map<string, GraphTodoTask>();
  for (const t of tasks) {
    const ext = externalIdOf(t);
    if (ext && t.id) byExternal.set(ext, t);
  }
  if (!byExternal.size) return [];
  const crm = await trx.selectFrom('tasks').selectAll().where('workspace_id', '=', ctx.account.workspaceId)
    .where('todo_user_id', '=', ctx.account.userId).where('id', 'in', [...byExternal.keys()]).execute();
  const changed: string[] = [];
  const pending = await pendingFields(trx, ctx.account.id, crm.map((r) => r.id));
  for (const row of crm) {
    const t = byExternal.get(row.id)!;
    const link = await links.byRecord(trx, ctx.account.id, 'todo', 'task', row.id);
    if (link && link.graph_id !== t.id) {
      // Moved to another list: same task, new id.
      await links.remove(trx, ctx.account.id, 'todo', link.graph_id);
      await deleteItems(trx, ctx.account.id, [link.graph_id]);
    }
    await links.upsert(trx, { account_id: ctx.account.id, resource: 'todo', graph_id: t.id!, record_type: 'task', record_id: row.id, change_key: t['@odata.etag'] ?? null });
    const f: SyncedTaskPatch = crmFieldsOf(t);
    for (const k of pending.get(row.id) ?? []) delete f[k];
    const patch = {
      ...(f.title !== undefined && f.title !== row.title ? { title: f.title } : {}), ...(f.notes !== undefined && f.notes !== row.notes ? { notes: f.notes } : {}),
      ...(f.dueDate !== undefined && f.dueDate !== row.due_date ? { dueDate: f.dueDate } : {}),
      ...(f.importance !== undefined && f.importance !== row.importance ? { importance: f.importance } : {}),
      ...(f.status !== undefined && f.status !== row.status ? { status: f.status } : {}),
    };
    if (await applySyncedTaskChange(trx as Db, row.id, patch)) changed.push(row.id);
  }
  return changed;
}
