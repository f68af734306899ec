import { zoned, type OutputZone } from '../calendar/time.js';
import { badRequest } from '../http/errors.js';
import type { LinkRow, ListRow, TaskRow } from './schema.js';

/** Graph's DateTimeOffset for To Do: UTC with seven fractional digits. */
export const offsetTime = (ms: number) => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');

export interface TaskView {
  out: OutputZone;
  select?: string[];
  /** With `$expand=linkedResources` (or after an inline create), the task's links. */
  links?: LinkRow[];
}

export function linkObject(l: LinkRow): Record<string, unknown> {
  return { id: l.id, webUrl: l.web_url, applicationName: l.application_name, displayName: l.display_name, externalId: l.external_id };
}

/**
 * A task in Graph's shape. Unset dateTimeTimeZone properties are left out, as To Do's answers
 * leave them out (so a reopened task has no completedDateTime at all).
 */
export function taskObject(r: TaskRow, v: TaskView): Record<string, unknown> {
  const full: Record<string, unknown> = {
    '@odata.etag': `W/"${r.etag}"`,
    importance: r.importance,
    isReminderOn: r.is_reminder_on === 1,
    status: r.status,
    title: r.title,
    createdDateTime: offsetTime(r.created),
    lastModifiedDateTime: offsetTime(r.modified),
    hasAttachments: false,
    categories: JSON.parse(r.categories_json),
    id: r.id,
    body: { content: r.body, contentType: r.body_type },
    bodyLastModifiedDateTime: offsetTime(r.body_modified),
  };
  if (r.completed_ms !== null) full.completedDateTime = zoned(r.completed_ms, v.out);
  if (r.due_ms !== null) full.dueDateTime = zoned(r.due_ms, v.out);
  if (r.reminder_ms !== null) full.reminderDateTime = zoned(r.reminder_ms, v.out);
  if (r.start_ms !== null) full.startDateTime = zoned(r.start_ms, v.out);
  if (r.recurrence_json) full.recurrence = JSON.parse(r.recurrence_json);
  let out = full;
  if (v.select) {
    out = { '@odata.etag': full['@odata.etag'], id: full.id };
    for (const key of v.select) if (key in full) out[key] = full[key];
  }
  if (v.links) out.linkedResources = v.links.map(linkObject);
  return out;
}

const PROPERTIES = new Set(['importance', 'isReminderOn', 'status', 'title', 'createdDateTime', 'lastModifiedDateTime', 'hasAttachments', 'categories',
  'id', 'body', 'bodyLastModifiedDateTime', 'completedDateTime', 'dueDateTime', 'reminderDateTime', 'startDateTime', 'recurrence']);

/** `$select` on tasks, refused with 400 for a property a todoTask does not have. */
export function taskSelect(raw: string | undefined): string[] | undefined {
  if (!raw) return undefined;
  const names = raw.split(',').map((s) => s.trim()).filter(Boolean);
  for (const n of names) if (!PROPERTIES.has(n)) throw badRequest(`Could not find a property named '${n}' on type 'microsoft.graph.todoTask'.`, 'BadRequest');
  return names;
}

export function listObject(l: ListRow): Record<string, unknown> {
  return { '@odata.etag': `W/"${l.etag}"`, displayName: l.name, isOwner: true, isShared: false, wellknownListName: l.wellknown, id: l.id };
}
