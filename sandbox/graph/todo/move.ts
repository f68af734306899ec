import type { SandboxContext } from '../../core/context.js';
import { badRequest } from '../http/errors.js';
import { newTaskId } from './ids.js';
import { insertLinks, linksOf } from './linkStore.js';
import type { ListRow, TaskRow } from './schema.js';
import { insertTask, nextSeq, publishTaskChange, stmts } from './store.js';

/**
 * Moves a task to another list as To Do does: the task gets a new id in the target list (Graph
 * documents that the id changes on a move), the old list's delta reports the old id removed and
 * the target's reports the new one. Graph has no move endpoint; this serves the control API.
 */
export function moveTask(ctx: SandboxContext, task: TaskRow, target: ListRow): TaskRow {
  if (target.user_id !== task.user_id) throw badRequest('A task moves only between its owner\'s lists.', 'invalidRequest');
  if (target.id === task.list_id) return task;
  const db = ctx.db;
  const moved = db.transaction(() => {
    const links = linksOf(db, task.pk);
    const { pk: _pk, seq: _seq, etag: _etag, ...rest } = task;
    const row = insertTask(ctx, { ...rest, list_id: target.id, id: newTaskId(), modified: Math.max(ctx.now(), task.modified + 1) }, false);
    insertLinks(db, row.pk, links.map((l) => ({ id: l.id, application_name: l.application_name, display_name: l.display_name, external_id: l.external_id, web_url: l.web_url })));
    stmts(db).tomb.run(task.list_id, nextSeq(db, task.user_id), task.id);
    stmts(db).delLinks.run(task.pk);
    stmts(db).del.run(task.pk);
    return row;
  })();
  publishTaskChange(ctx, task, 'deleted');
  publishTaskChange(ctx, moved, 'created');
  return moved;
}
