import type { Db } from '../db/database.js';
import type { TasksTable } from '../db/tables/crm.js';
import { newId } from '../lib/ids.js';
import { assertCompanyReference } from './companies.js';
import { invalid, notFound, nowIso } from './errors.js';
import { afterCursor, pageLimit, toPage, type Page, type PageRequest } from './pagination.js';
import { assertPersonReference } from './people.js';
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
    personId: r.person_id, companyId: r.company_id, createdAt: r.created_at, updatedAt: r.updated_at,
  };
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

export async function createTask(db: Db, workspaceId: string, input: TaskInput & { title: string }): Promise<Task> {
  await checkLinks(db, workspaceId, input);
  const at = nowIso();
  const row: TasksTable = {
    id: newId(), workspace_id: workspaceId, title: cleanTitle(input.title), due_date: cleanDueDate(input.dueDate), status: input.status ?? 'open',
    assignee_id: input.assigneeId ?? null, person_id: input.personId ?? null, company_id: input.companyId ?? null, created_at: at, updated_at: at,
  };
  await db.insertInto('tasks').values(row).execute();
  return toTask(row);
}

export async function updateTask(db: Db, workspaceId: string, id: string, patch: TaskInput): Promise<Task> {
  await getTask(db, workspaceId, id);
  await checkLinks(db, workspaceId, patch);
  const set: Partial<TasksTable> = { updated_at: nowIso() };
  if (patch.title !== undefined) set.title = cleanTitle(patch.title);
  if (patch.dueDate !== undefined) set.due_date = cleanDueDate(patch.dueDate);
  if (patch.status !== undefined) set.status = patch.status;
  if (patch.assigneeId !== undefined) set.assignee_id = patch.assigneeId;
  if (patch.personId !== undefined) set.person_id = patch.personId;
  if (patch.companyId !== undefined) set.company_id = patch.companyId;
  await db.updateTable('tasks').set(set).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
  return getTask(db, workspaceId, id);
}

export async function deleteTask(db: Db, workspaceId: string, id: string): Promise<void> {
  const result = await db.deleteFrom('tasks').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw notFound('task');
}
