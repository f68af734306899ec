import type { SandboxContext } from '../../core/context.js';
import { badRequest } from '../http/errors.js';
import { newTaskId } from './ids.js';
import { parseLinks, parseTaskBody } from './input.js';
import { insertLinks } from './linkStore.js';
import type { LinkRow, ListRow, TaskFields, TaskRow } from './schema.js';
import { insertTask, publishTaskChange, updateTask } from './store.js';

export const TASK_DEFAULTS: TaskFields = {
  title: '', body_type: 'text', body: '', body_modified: 0, status: 'notStarted', importance: 'normal', is_reminder_on: 0,
  categories_json: '[]', due_ms: null, reminder_ms: null, start_ms: null, completed_ms: null, recurrence_json: null,
};

/**
 * Creates a task from a Graph todoTask body (through Graph or "in To Do"), with any inline
 * `linkedResources`, in one transaction; the notification goes out once it is whole.
 */
export function createTask(ctx: SandboxContext, list: ListRow, body: Record<string, unknown>): { row: TaskRow; links: LinkRow[] | undefined } {
  const now = ctx.now();
  const fields = parseTaskBody(body, now);
  const links = 'linkedResources' in body ? parseLinks(body.linkedResources) : undefined;
  const made = ctx.db.transaction(() => {
    const row = insertTask(ctx, { ...TASK_DEFAULTS, body_modified: now, ...fields, user_id: list.user_id, list_id: list.id, id: newTaskId(), created: now }, false);
    return { row, links: links ? insertLinks(ctx.db, row.pk, links) : undefined };
  })();
  publishTaskChange(ctx, made.row, 'created');
  return made;
}

/** Applies a PATCH; linked resources change only through their own collection. */
export function patchTask(ctx: SandboxContext, row: TaskRow, body: Record<string, unknown>): TaskRow {
  if ('linkedResources' in body) throw badRequest('linkedResources are changed through the task\'s linkedResources collection.', 'invalidRequest');
  return updateTask(ctx, row, parseTaskBody(body, ctx.now(), row));
}
