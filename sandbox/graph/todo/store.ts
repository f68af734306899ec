import type { SandboxContext } from '../../core/context.js';
import type { SandboxDb } from '../../core/db.js';
import { GraphError } from '../http/errors.js';
import { newListId, newTodoEtag } from './ids.js';
import { TASK_COLUMNS, type ListRow, type NewTaskRow, type TaskRow } from './schema.js';

const statements = new WeakMap<SandboxDb, ReturnType<typeof prepare>>();
function prepare(db: SandboxDb) {
  return {
    insert: db.prepare(`INSERT INTO gt_task (${TASK_COLUMNS.join(', ')}) VALUES (${TASK_COLUMNS.map((c) => '@' + c).join(', ')})`),
    update: db.prepare(`UPDATE gt_task SET ${TASK_COLUMNS.filter((c) => c !== 'user_id' && c !== 'id' && c !== 'list_id').map((c) => `${c} = @${c}`).join(', ')} WHERE pk = @pk`),
    byPk: db.prepare('SELECT * FROM gt_task WHERE pk = ?'),
    byId: db.prepare('SELECT * FROM gt_task WHERE id = ?'),
    del: db.prepare('DELETE FROM gt_task WHERE pk = ?'),
    delLinks: db.prepare('DELETE FROM gt_link WHERE task_pk = ?'),
    tomb: db.prepare('INSERT INTO gt_task_tomb (list_id, seq, id) VALUES (?, ?, ?)'),
    seq: db.prepare('UPDATE gt_owner SET seq = seq + 1 WHERE user_id = ? RETURNING seq'),
    list: db.prepare('SELECT * FROM gt_list WHERE id = ?'),
    defaultList: db.prepare("SELECT * FROM gt_list WHERE user_id = ? AND wellknown = 'defaultList'"),
    insertList: db.prepare('INSERT INTO gt_list (user_id, id, name, wellknown, etag, created, seq) VALUES (?, ?, ?, ?, ?, ?, ?)'),
  };
}
export function stmts(db: SandboxDb) {
  let s = statements.get(db);
  if (!s) statements.set(db, (s = prepare(db)));
  return s;
}

export function nextSeq(db: SandboxDb, userId: string): number {
  const row = stmts(db).seq.get(userId) as { seq: number } | undefined;
  if (!row) throw new Error(`no To Do owner ${userId}`);
  return row.seq;
}

const known = new WeakMap<SandboxDb, Set<string>>();

/** A user's To Do exists from first use, with its built-in "Tasks" list (wellknownListName defaultList). */
export function ensureTodo(ctx: SandboxContext, userId: string): ListRow {
  const db = ctx.db;
  let seen = known.get(db);
  if (!seen) known.set(db, (seen = new Set()));
  if (!seen.has(userId)) {
    if (!ctx.directory.userById(userId)) throw new GraphError(404, 'ErrorInvalidUser', `The requested user '${userId}' is invalid.`);
    db.transaction(() => {
      db.prepare('INSERT OR IGNORE INTO gt_owner (user_id, seq) VALUES (?, 0)').run(userId);
      if (!stmts(db).defaultList.get(userId)) stmts(db).insertList.run(userId, newListId(), 'Tasks', 'defaultList', newTodoEtag(), ctx.now(), nextSeq(db, userId));
    })();
    seen.add(userId);
  }
  return stmts(db).defaultList.get(userId) as ListRow;
}

export function listByKey(ctx: SandboxContext, userId: string, id: string): ListRow | undefined {
  ensureTodo(ctx, userId);
  const row = stmts(ctx.db).list.get(id) as ListRow | undefined;
  return row && row.user_id === userId ? row : undefined;
}

export const listRow = (db: SandboxDb, id: string) => stmts(db).list.get(id) as ListRow | undefined;
export const taskById = (db: SandboxDb, id: string) => stmts(db).byId.get(id) as TaskRow | undefined;
export const taskByPk = (db: SandboxDb, pk: number) => stmts(db).byPk.get(pk) as TaskRow | undefined;

/**
 * Announces a task change to subscriptions on `/me/todo/lists/{id}/tasks`.
 * ⚠ Graph does not document the path it names tasks by; this follows the subscription resource.
 */
export function publishTaskChange(ctx: SandboxContext, row: TaskRow, changeType: 'created' | 'updated' | 'deleted'): void {
  ctx.bus.publish({
    tenantId: ctx.directory.userById(row.user_id)?.tenantId ?? '', userId: row.user_id, changeType,
    resourcePaths: [`Users/${row.user_id}/todo/lists/${row.list_id}/tasks/${row.id}`],
    odataType: '#Microsoft.Graph.todoTask', id: row.id,
    ...(changeType !== 'deleted' ? { etag: `W/"${row.etag}"` } : {}),
  });
}

export type TaskInput = Omit<NewTaskRow, 'seq' | 'etag' | 'modified'> & { modified?: number };

/** Inserts a task (and announces it unless `publish` is false); the caller's transaction may wrap it. */
export function insertTask(ctx: SandboxContext, input: TaskInput, publish = true): TaskRow {
  const db = ctx.db;
  const row = db.transaction(() => {
    const r: NewTaskRow = { ...input, modified: input.modified ?? input.created, seq: nextSeq(db, input.user_id), etag: newTodoEtag() };
    const { lastInsertRowid } = stmts(db).insert.run(r);
    return taskByPk(db, Number(lastInsertRowid))!;
  })();
  if (publish) publishTaskChange(ctx, row, 'created');
  return row;
}

/** A save: new etag, lastModifiedDateTime and change sequence, so the list's delta reports it. */
export function updateTask(ctx: SandboxContext, row: TaskRow, patch: Partial<NewTaskRow>): TaskRow {
  const db = ctx.db;
  const next = db.transaction(() => {
    const n: TaskRow = { ...row, ...patch, seq: nextSeq(db, row.user_id), etag: newTodoEtag(), modified: Math.max(ctx.now(), row.modified + 1) };
    stmts(db).update.run(n);
    return n;
  })();
  publishTaskChange(ctx, next, 'updated');
  return next;
}

/** Removes tasks with their linked resources, leaving a tombstone in each one's list for delta. */
export function deleteTasks(ctx: SandboxContext, rows: TaskRow[]): void {
  const db = ctx.db;
  db.transaction(() => {
    for (const r of rows) {
      stmts(db).tomb.run(r.list_id, nextSeq(db, r.user_id), r.id);
      stmts(db).delLinks.run(r.pk);
      stmts(db).del.run(r.pk);
    }
  })();
  for (const r of rows) publishTaskChange(ctx, r, 'deleted');
}
