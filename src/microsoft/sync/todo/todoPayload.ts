import type { SyncedTaskPatch } from '../../../crm/taskSync.js';
import { APPLICATION_NAME } from './mapTask.js';

/** What an outbox entry carries: the changed fields, and on create the link back to the CRM. */
export interface TodoWrite extends SyncedTaskPatch {
  /** The task's deep link (create only). */
  webUrl?: string;
}

/** A todoTask body (a due date is that day's midnight in `zone`, the user's) holding only the fields given (a PATCH must not touch what To Do changed meanwhile). */
export function todoBody(w: TodoWrite, zone: string): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (w.title !== undefined) body.title = w.title;
  if (w.notes !== undefined) body.body = { contentType: 'text', content: w.notes ?? '' };
  if (w.dueDate !== undefined) body.dueDateTime = w.dueDate ? { dateTime: `${w.dueDate}T00:00:00.0000000`, timeZone: zone } : null;
  if (w.importance !== undefined) body.importance = w.importance;
  if (w.status !== undefined) body.status = w.status === 'done' ? 'completed' : 'notStarted';
  return body;
}

export function linkedResource(taskId: string, title: string, webUrl: string | undefined): Record<string, unknown> {
  return { applicationName: APPLICATION_NAME, displayName: title, externalId: taskId, ...(webUrl ? { webUrl } : {}) };
}
