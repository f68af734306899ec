import type { Db } from '../db/database.js';
import type { TaskImportance } from '../db/tables/crm.js';
import { nowIso } from './errors.js';

/** A task as the sync port sees it (the REST shape's fields that sync). */
export interface SyncedTaskFields {
  id: string;
  workspaceId: string;
  title: string;
  notes: string | null;
  dueDate: string | null;
  importance: TaskImportance;
  status: 'open' | 'done';
  personId: string | null;
  companyId: string | null;
  /** Whose To Do it syncs with; null when not synced. */
  todoUserId: string | null;
}

/** One CRM change to a task, inside its transaction. */
export interface TaskChange {
  actorUserId: string | null;
  before: SyncedTaskFields | null;
  after: SyncedTaskFields | null;
}

/**
 * Where a task's opt-in sync plugs in without the CRM knowing Microsoft (imports point down):
 * the integration installs a port for its database. `changed` runs inside the CRM change's
 * transaction (it records the outbox entry there, or throws a 4xx to refuse the change); what it
 * returns runs after the commit (sending is never done from a transaction that could roll back).
 */
export interface TaskSyncPort {
  changed(trx: Db, change: TaskChange): Promise<(() => Promise<void>) | void>;
}

const ports = new WeakMap<Db, TaskSyncPort>();

export function installTaskSyncPort(db: Db, port: TaskSyncPort): void {
  ports.set(db, port);
}

export function taskSyncPortOf(db: Db): TaskSyncPort | undefined {
  return ports.get(db);
}

export interface SyncedTaskPatch {
  title?: string;
  notes?: string | null;
  dueDate?: string | null;
  importance?: TaskImportance;
  status?: 'open' | 'done';
}

/** Applies a change made in To Do to the task (no port call: it must not go back). Answers whether anything changed. */
export async function applySyncedTaskChange(trx: Db, taskId: string, patch: SyncedTaskPatch): Promise<boolean> {
  const set: Record<string, unknown> = {};
  if (patch.title !== undefined) set.title = patch.title;
  if (patch.notes !== undefined) set.notes = patch.notes;
  if (patch.dueDate !== undefined) set.due_date = patch.dueDate;
  if (patch.importance !== undefined) set.importance = patch.importance;
  if (patch.status !== undefined) set.status = patch.status;
  if (!Object.keys(set).length) return false;
  await trx.updateTable('tasks').set({ ...set, updated_at: nowIso() }).where('id', '=', taskId).execute();
  return true;
}

/** Turns a task's sync off without sending anything (its To Do copy is gone, or the account is). */
export async function stopTaskSync(trx: Db, taskIds: string[]): Promise<void> {
  for (let i = 0; i < taskIds.length; i += 500) {
    await trx.updateTable('tasks').set({ todo_user_id: null, updated_at: nowIso() }).where('id', 'in', taskIds.slice(i, i + 500)).execute();
  }
}
