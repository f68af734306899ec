import type { Db } from '../db/database.js';
import type { TaskImportance, TasksTable } from '../db/tables/crm.js';
import { newId } from '../lib/ids.js';
import { assertCompanyReference } from './companies.js';
import { DomainError, invalid, notFound, nowIso } from './errors.js';
import { afterCursor, pageLimit, toPage, type Page, type PageRequest } from './pagination.js';
import { assertPersonReference } from './people.js';
import { taskSyncPortOf, type SyncedTaskFields } from './taskSync.js';
import { isMember } from './workspaces.js';

export type TaskStatus = 'open' | 'done';

export interface Task {
  id: string;
  title: string;
  dueDate: string | null;
  status: TaskStatus;
  assigneeId: string | null;
  personId: string | null;
  companyId: string | null;
  notes: string | null;
  importance: TaskImportance;
  /** Synced with Microsoft To Do (of the user who turned it on). */
  syncToDo: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface TaskInput {
  title?: string;
  dueDate?: string | null;
  status?: TaskStatus;
  assigneeId?: string | null;
  personId?: string | null;
  companyId?: string | null;
  notes?: string | null;
  importance?: TaskImportance;
  syncToDo?: boolean;
}

export interface TaskFilter extends PageRequest {
  status?: TaskStatus;
  assigneeId?: string;
  personId?: string;
  companyId?: string;
}

function toTask(r: TasksTable): Task {
  return {
    id: r.id, title: r.title, dueDate: r.due_date, status: r.status, assigneeId: r.assignee_id,
    personId: r.person_id, companyId: r.company_id, notes: r.notes, importance: r.importance, syncToDo: r.todo_user_id !== null,
    createdAt: r.created_at, updatedAt: r.updated_at,
  };
}

const syncFields = (r: TasksTable): SyncedTaskFields => ({
  id: r.id, workspaceId: r.workspace_id, title: r.title, notes: r.notes, dueDate: r.due_date, importance: r.importance, status: r.status,
  personId: r.person_id, companyId: r.company_id, todoUserId: r.todo_user_id,
});

/**
 * The change and what the sync port records for it commit together; the port's after-commit
 * step (sending to To Do) runs only once they did. Without a port, sync cannot be turned on.
 */
async function withSync<T>(db: Db, actorUserId: string | null, fn: (trx: Db) => Promise<{ result: T; before: TasksTable | null; after: TasksTable | null }>): Promise<T> {
  const port = taskSyncPortOf(db);
  const { result, after } = await db.transaction().execute(async (trx) => {
    const out = await fn(trx as unknown as Db);
    if (!port && out.after?.todo_user_id && out.before?.todo_user_id !== out.after.todo_user_id) {
      throw invalid('syncToDo', 'Microsoft To Do is not set up on this server; leave it off');
    }
    const synced = out.before?.todo_user_id || out.after?.todo_user_id;
    const after = synced && port
      ? await port.changed(trx as unknown as Db, { actorUserId, before: out.before && syncFields(out.before), after: out.after && syncFields(out.after) })
      : undefined;
    return { result: out.result, after };
  });
  if (after) await after();
  return result;
}

function cleanTitle(title: string): string {
  const trimmed = title.trim();
  if (!trimmed) throw invalid('title', 'must not be blank');
  return trimmed;
}

function cleanDueDate(value: string | null | undefined): string | null {
  if (!value) return null;
  const parsed = new Date(`${value}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== value) {
    throw invalid('dueDate', `"${value}" is not a calendar date in the form YYYY-MM-DD`);
  }
  return value;
}

/** Links must point inside the caller's workspace; a foreign id is bad input (400), not a lookup (404). */
async function checkLinks(db: Db, workspaceId: string, input: TaskInput): Promise<void> {
  if (input.assigneeId && !(await isMember(db, workspaceId, input.assigneeId))) {
    throw invalid('assigneeId', `user ${input.assigneeId} is not a member of this workspace; pick a member`);
  }
  if (input.personId) await assertPersonReference(db, workspaceId, input.personId);
  if (input.companyId) await assertCompanyReference(db, workspaceId, input.companyId);
}

export async function listTasks(db: Db, workspaceId: string, filter: TaskFilter): Promise<Page<Task>> {
  const limit = pageLimit(filter);
  let query = db.selectFrom('tasks').where('workspace_id', '=', workspaceId).selectAll();
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.assigneeId) query = query.where('assignee_id', '=', filter.assigneeId);
  if (filter.personId) query = query.where('person_id', '=', filter.personId);
  if (filter.companyId) query = query.where('company_id', '=', filter.companyId);
  if (filter.cursor) query = query.where(afterCursor('created_at', 'id', 'desc', filter.cursor));
  const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
  return toPage(rows, limit, (r) => r.created_at, (rs) => rs.map(toTask));
}

export async function getTask(db: Db, workspaceId: string, id: string): Promise<Task> {
  const row = await db.selectFrom('tasks').where('workspace_id', '=', workspaceId).where('id', '=', id).selectAll().executeTakeFirst();
  if (!row) throw notFound('task');
  return toTask(row);
}

export async function createTask(db: Db, workspaceId: string, input: TaskInput & { title: string }, actorUserId: string | null = null): Promise<Task> {
  await checkLinks(db, workspaceId, input);
  const at = nowIso();
  const row: TasksTable = {
    id: newId(), workspace_id: workspaceId, title: cleanTitle(input.title), due_date: cleanDueDate(input.dueDate), status: input.status ?? 'open',
    assignee_id: input.assigneeId ?? null, person_id: input.personId ?? null, company_id: input.companyId ?? null, created_at: at, updated_at: at,
    notes: cleanNotes(input.notes), importance: input.importance ?? 'normal', todo_user_id: input.syncToDo ? requireActor(actorUserId) : null,
  };
  return withSync(db, actorUserId, async (trx) => {
    await trx.insertInto('tasks').values(row).execute();
    return { result: toTask(row), before: null, after: row };
  });
}

function cleanNotes(notes: string | null | undefined): string | null {
  return notes?.trim() ? notes : null;
}

function requireActor(actorUserId: string | null): string {
  if (!actorUserId) throw invalid('syncToDo', 'only a signed-in user can sync a task with their Microsoft To Do');
  return actorUserId;
}

export async function updateTask(db: Db, workspaceId: string, id: string, patch: TaskInput, actorUserId: string | null = null): Promise<Task> {
  await getTask(db, workspaceId, id);
  await checkLinks(db, workspaceId, patch);
  const set: Partial<TasksTable> = { updated_at: nowIso() };
  if (patch.title !== undefined) set.title = cleanTitle(patch.title);
  if (patch.dueDate !== undefined) set.due_date = cleanDueDate(patch.dueDate);
  if (patch.status !== undefined) set.status = patch.status;
  if (patch.assigneeId !== undefined) set.assignee_id = patch.assigneeId;
  if (patch.personId !== undefined) set.person_id = patch.personId;
  if (patch.companyId !== undefined) set.company_id = patch.companyId;
  if (patch.notes !== undefined) set.notes = cleanNotes(patch.notes);
  if (patch.importance !== undefined) set.importance = patch.importance;
  return withSync(db, actorUserId, async (trx) => {
    // Takes the row first (portable lock): a sync page changing it waits, and `before` is current.
    await trx.updateTable('tasks').set({ updated_at: set.updated_at! }).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
    const before = await trx.selectFrom('tasks').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
    if (!before) throw notFound('task');
    // Turning it on makes it the actor's To Do; it stays with whoever turned it on until they turn it off
    // (turning it off deletes the copy in their To Do, which no colleague should do for them).
    if (patch.syncToDo === false && before.todo_user_id && actorUserId && before.todo_user_id !== actorUserId) {
      throw new DomainError('forbidden', 'This task syncs with a colleague\'s Microsoft To Do: only they can turn that off. Leave syncToDo out to change other fields.');
    }
    if (patch.syncToDo !== undefined) set.todo_user_id = patch.syncToDo ? (before.todo_user_id ?? requireActor(actorUserId)) : null;
    await trx.updateTable('tasks').set(set).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
    const after = await trx.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return { result: toTask(after), before, after };
  });
}

export async function deleteTask(db: Db, workspaceId: string, id: string, actorUserId: string | null = null): Promise<void> {
  await withSync(db, actorUserId, async (trx) => {
    const before = await trx.selectFrom('tasks').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
    if (!before) throw notFound('task');
    await trx.deleteFrom('tasks').where('id', '=', id).execute();
    return { result: undefined, before, after: null };
  });
}
