import type { SandboxContext } from '../../core/context.js';
import { badRequest } from '../http/errors.js';
import { newListId, newTodoEtag } from './ids.js';
import type { ListRow, TaskRow } from './schema.js';
import { deleteTasks, ensureTodo, listRow, nextSeq, stmts } from './store.js';

function checkName(raw: unknown): string {
  const name = typeof raw === 'string' ? raw.trim() : '';
  if (!name) throw badRequest("A task list needs a 'displayName'.", 'invalidRequest');
  return name;
}

/** To Do's built-in lists ("Tasks", "Flagged emails") cannot be renamed or deleted. */
function refuseBuiltIn(list: ListRow, what: string): void {
  if (list.wellknown !== 'none') throw badRequest(`The built-in list '${list.name}' cannot be ${what}.`, 'invalidRequest');
}

export function createList(ctx: SandboxContext, userId: string, rawName: unknown): ListRow {
  ensureTodo(ctx, userId);
  const name = checkName(rawName);
  const id = newListId();
  ctx.db.transaction(() => stmts(ctx.db).insertList.run(userId, id, name, 'none', newTodoEtag(), ctx.now(), nextSeq(ctx.db, userId)))();
  return listRow(ctx.db, id)!;
}

export function renameList(ctx: SandboxContext, list: ListRow, rawName: unknown): ListRow {
  const name = checkName(rawName);
  if (name !== list.name) refuseBuiltIn(list, 'renamed');
  ctx.db.transaction(() => {
    ctx.db.prepare('UPDATE gt_list SET name = ?, etag = ?, seq = ? WHERE pk = ?').run(name, newTodoEtag(), nextSeq(ctx.db, list.user_id), list.pk);
  })();
  return listRow(ctx.db, list.id)!;
}

/** Deletes a list with its tasks: each task leaves a tombstone and a notification, the list a tombstone for the lists delta. */
export function deleteList(ctx: SandboxContext, list: ListRow): void {
  refuseBuiltIn(list, 'deleted');
  deleteTasks(ctx, ctx.db.prepare('SELECT * FROM gt_task WHERE list_id = ?').all(list.id) as TaskRow[]);
  ctx.db.transaction(() => {
    ctx.db.prepare('INSERT INTO gt_list_tomb (user_id, seq, id) VALUES (?, ?, ?)').run(list.user_id, nextSeq(ctx.db, list.user_id), list.id);
    ctx.db.prepare('DELETE FROM gt_list WHERE pk = ?').run(list.pk);
  })();
}
