import { outputZone, UTC_ZONE, type OutputZone } from '../calendar/time.js';
import { badRequest, itemNotFound } from '../http/errors.js';
import { applyPreference } from '../http/prefer.js';
import type { GraphCall } from '../http/route.js';
import type { LinkRow, ListRow, TaskRow } from './schema.js';
import { taskSelect } from './serialize.js';
import { listByKey, taskById } from './store.js';

export function listOr404(call: GraphCall): ListRow {
  const list = listByKey(call.ctx, call.userId, call.params.listId ?? '');
  if (!list) throw itemNotFound();
  return list;
}

/** A task is addressed under its list: the id of a task in another list is not found there. */
export function taskOr404(call: GraphCall): TaskRow {
  const list = listOr404(call);
  const task = taskById(call.ctx.db, call.params.taskId ?? '');
  if (!task || task.list_id !== list.id) throw itemNotFound();
  return task;
}

export function linkOr404(call: GraphCall, task: TaskRow): LinkRow {
  const link = call.ctx.db.prepare('SELECT * FROM gt_link WHERE task_pk = ? AND id = ?').get(task.pk, call.params.linkId ?? '') as LinkRow | undefined;
  if (!link) throw itemNotFound();
  return link;
}

/** `$expand`: only linkedResources is served; anything else is refused rather than ignored. */
export function expandsLinks(raw: string | undefined): boolean {
  if (!raw) return false;
  const names = raw.split(',').map((s) => s.trim()).filter(Boolean);
  for (const n of names) if (n !== 'linkedResources') throw badRequest(`The $expand '${n}' is not supported by the sandbox on todoTask.`, 'BadRequest');
  return names.length > 0;
}

/** The zone task times are answered in: `Prefer: outlook.timezone` (acknowledged) or UTC. */
export function taskZone(call: GraphCall): OutputZone {
  const out = outputZone(call.prefs.outlookTimeZone);
  if (out !== UTC_ZONE) applyPreference(call.reply, `outlook.timezone="${out.name}"`);
  return out;
}

export const selectOf = (call: GraphCall) => taskSelect(call.query.$select);
