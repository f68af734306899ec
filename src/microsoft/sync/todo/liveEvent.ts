import { getTask } from '../../../crm/tasks.js';
import type { LiveEvent } from '../../../events/liveEvents.js';
import type { PageResult, SyncContext, SyncScope } from '../contract.js';
import { changedTasks } from './todoResource.js';

/**
 * CRM tasks changed in To Do reach the workspace's open task lists: one task (the usual case, a
 * completion) as task.updated with the task; several as tasks.synced with their ids.
 */
export async function taskLiveEvent(ctx: SyncContext, _scope: SyncScope, page: PageResult): Promise<LiveEvent | null> {
  const ids = changedTasks.get(page) ?? [];
  if (!ids.length) return null;
  if (ids.length > 1) return { type: 'tasks.synced', workspaceId: ctx.account.workspaceId, data: { ids: ids.slice(0, 200) } };
  const task = await getTask(ctx.db, ctx.account.workspaceId, ids[0]!).catch(() => null);
  return task ? { type: 'task.updated', workspaceId: ctx.account.workspaceId, data: task } : null;
}
