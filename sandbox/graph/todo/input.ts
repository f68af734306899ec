import { normalizeRecurrence } from '../calendar/recurrence.js';
import { parseZoned } from '../calendar/time.js';
import { GraphError, badRequest } from '../http/errors.js';
import type { LinkRow, TaskFields, TaskRow } from './schema.js';

export const STATUSES = ['notStarted', 'inProgress', 'completed', 'waitingOnOthers', 'deferred'];
const IMPORTANCE = ['low', 'normal', 'high'];
const ZONED = { dueDateTime: 'due_ms', reminderDateTime: 'reminder_ms', startDateTime: 'start_ms' } as const;
const READ_ONLY = ['id', 'createdDateTime', 'lastModifiedDateTime', 'bodyLastModifiedDateTime', 'hasAttachments'];
const KNOWN = new Set(['title', 'body', 'status', 'importance', 'isReminderOn', 'categories', 'completedDateTime', 'recurrence', 'linkedResources',
  ...Object.keys(ZONED), ...READ_ONLY]);
const LINK_FIELDS = ['applicationName', 'displayName', 'externalId', 'webUrl'];
const DAY_MS = 86_400_000;

export type LinkInput = Omit<LinkRow, 'pk' | 'task_pk' | 'id'>;

const unknownProperty = (key: string, type: string) =>
  new GraphError(400, 'RequestBodyRead', `The property '${key}' does not exist on type 'microsoft.graph.${type}'. Make sure to only use property names that are defined by the type.`);

function oneOf(value: unknown, allowed: string[], field: string): string {
  if (typeof value !== 'string' || !allowed.includes(value)) {
    throw badRequest(`Invalid value '${String(value)}' for property '${field}'; expected one of ${allowed.join(', ')}.`, 'invalidRequest');
  }
  return value;
}

const zonedOrNull = (value: unknown, field: string): number | null => (value === null ? null : parseZoned(value, field).utc);

/** To Do records a completion as the day's UTC midnight (microsoft-graph-docs-contrib#8664), not the instant. */
export const completionDay = (now: number) => Math.floor(now / DAY_MS) * DAY_MS;

/**
 * The row fields a POST or PATCH body sets. `completedDateTime` follows `status`: set (to the
 * given value, or today) when the task becomes completed, cleared when it is reopened.
 */
export function parseTaskBody(b: Record<string, unknown>, now: number, current?: TaskRow): Partial<TaskFields> {
  for (const key of Object.keys(b)) if (!KNOWN.has(key) && !key.startsWith('@odata.')) throw unknownProperty(key, 'todoTask');
  const f: Partial<TaskFields> = {};
  if ('title' in b) {
    if (b.title !== null && typeof b.title !== 'string') throw badRequest("'title' must be a string.", 'invalidRequest');
    f.title = (b.title as string | null) ?? '';
  }
  if ('body' in b) {
    const body = b.body as { content?: unknown; contentType?: unknown } | null;
    const type = String(body?.contentType ?? 'text').toLowerCase();
    if (type !== 'text' && type !== 'html') throw badRequest(`Invalid value '${String(body?.contentType)}' for body.contentType.`, 'invalidRequest');
    f.body_type = type;
    f.body = typeof body?.content === 'string' ? body.content : '';
    f.body_modified = now;
  }
  if ('status' in b) f.status = oneOf(b.status, STATUSES, 'status');
  if ('importance' in b) f.importance = oneOf(b.importance, IMPORTANCE, 'importance');
  if ('isReminderOn' in b) {
    if (typeof b.isReminderOn !== 'boolean') throw badRequest("'isReminderOn' must be a boolean.", 'invalidRequest');
    f.is_reminder_on = b.isReminderOn ? 1 : 0;
  }
  if ('categories' in b) {
    if (!Array.isArray(b.categories) || b.categories.some((c) => typeof c !== 'string')) throw badRequest("'categories' must be an array of strings.", 'invalidRequest');
    f.categories_json = JSON.stringify(b.categories);
  }
  for (const [prop, column] of Object.entries(ZONED)) if (prop in b) f[column] = zonedOrNull(b[prop], prop);
  if ('recurrence' in b) f.recurrence_json = b.recurrence === null ? null : JSON.stringify(normalizeRecurrence(b.recurrence, 'UTC'));

  const status = f.status ?? current?.status ?? 'notStarted';
  const given = 'completedDateTime' in b ? zonedOrNull(b.completedDateTime, 'completedDateTime') : null;
  if (status === 'completed') {
    if (given !== null) f.completed_ms = given;
    else if (current?.status !== 'completed') f.completed_ms = completionDay(now);
  } else if (!current || current.completed_ms !== null) {
    f.completed_ms = null;
  }
  return f;
}

/** A linkedResource body (POST, PATCH, or inline on a task create). */
export function parseLink(raw: unknown, partial = false): Partial<LinkInput> {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw badRequest('A linkedResource must be an object.', 'invalidRequest');
  const r = raw as Record<string, unknown>;
  const out: Partial<LinkInput> = {};
  for (const [key, value] of Object.entries(r)) {
    if (key === 'id' || key.startsWith('@odata.')) continue;
    if (!LINK_FIELDS.includes(key)) throw unknownProperty(key, 'linkedResource');
    if (value !== null && typeof value !== 'string') throw badRequest(`'${key}' must be a string.`, 'invalidRequest');
    const column = ({ applicationName: 'application_name', displayName: 'display_name', externalId: 'external_id', webUrl: 'web_url' } as const)[key as 'webUrl'];
    out[column] = value as string | null;
  }
  if (!partial) for (const c of ['application_name', 'display_name', 'external_id', 'web_url'] as const) out[c] ??= null;
  return out;
}

export function parseLinks(raw: unknown): LinkInput[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw badRequest("'linkedResources' must be an array.", 'invalidRequest');
  return raw.map((r) => parseLink(r) as LinkInput);
}
