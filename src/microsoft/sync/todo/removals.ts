import { recordActivity } from '../../../crm/activities.js';
import { stopTaskSync } from '../../../crm/taskSync.js';
import type { Db } from '../../../db/database.js';
import type { SyncContext } from '../contract.js';
import { links } from '../links.js';

/**
 * Linked tasks that left their list and did not turn up in another one during the run that saw
 * them go: deleted in To Do. The CRM task stays, its sync is turned off, and the timeline of its
 * person or company says so. A moved task was re-linked under its new id meanwhile (applyToCrm),
 * so its old row no longer holds a link and simply goes. Answers the CRM task ids turned off.
 */
export async function settleRemovals(ctx: SyncContext, removedBefore = new Date().toISOString()): Promise<string[]> {
  return ctx.db.transaction().execute(async (trx) => {
    const gone = await trx.selectFrom('todo_items').select(['graph_id']).where('account_id', '=', ctx.account.id).where('removed_at', '<=', removedBefore).execute();
    if (!gone.length) return [];
    const linked = await links.byGraphIds(trx, ctx.account.id, 'todo', gone.map((g) => g.graph_id));
    const taskIds = linked.filter((l) => l.record_type === 'task').map((l) => l.record_id);
    for (const l of linked) await links.remove(trx, ctx.account.id, 'todo', l.graph_id);
    await trx.deleteFrom('todo_items').where('account_id', '=', ctx.account.id).where('graph_id', 'in', gone.map((g) => g.graph_id)).execute();
    if (!taskIds.length) return [];
    const tasks = await trx.selectFrom('tasks').select(['id', 'title', 'person_id', 'company_id']).where('workspace_id', '=', ctx.account.workspaceId).where('id', 'in', taskIds).execute();
    await stopTaskSync(trx as unknown as Db, tasks.map((t) => t.id));
    for (const t of tasks) {
      if (!t.person_id && !t.company_id) continue;
      await recordActivity(trx as unknown as Db, {
        workspaceId: ctx.account.workspaceId, kind: 'note', personId: t.person_id, companyId: t.company_id, createdBy: ctx.account.userId,
        title: 'Deleted in Microsoft To Do', body: `The task "${t.title}" was deleted in Microsoft To Do. It is kept here, and no longer synced with To Do.`,
      });
    }
    return tasks.map((t) => t.id);
  });
}

/** True when some linked task left its list in this account and is still unsettled. */
export async function hasRemovals(ctx: SyncContext): Promise<boolean> {
  return !!(await ctx.db.selectFrom('todo_items').select('id').where('account_id', '=', ctx.account.id).where('removed_at', 'is not', null).limit(1).executeTakeFirst());
}
