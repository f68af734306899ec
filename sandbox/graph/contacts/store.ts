import type { SandboxContext } from '../../core/context.js';
import type { SandboxDb } from '../../core/db.js';
import { GraphError } from '../http/errors.js';
import { newContactChangeKey, newContactFolderId } from './ids.js';
import { CONTACT_COLUMNS, type ContactRow, type FolderRow, type NewContactRow } from './schema.js';

/** The default folder's well-known name, as clients may address it (`contactFolders('contacts')`). */
export const DEFAULT_FOLDER_NAME = 'contacts';

const statements = new WeakMap<SandboxDb, ReturnType<typeof prepare>>();
function prepare(db: SandboxDb) {
  return {
    insert: db.prepare(`INSERT INTO gc_contact (${CONTACT_COLUMNS.join(', ')}) VALUES (${CONTACT_COLUMNS.map((c) => '@' + c).join(', ')})`),
    update: db.prepare(`UPDATE gc_contact SET ${CONTACT_COLUMNS.filter((c) => c !== 'user_id' && c !== 'id').map((c) => `${c} = @${c}`).join(', ')} WHERE pk = @pk`),
    byPk: db.prepare('SELECT * FROM gc_contact WHERE pk = ?'),
    byId: db.prepare('SELECT * FROM gc_contact WHERE id = ?'),
    del: db.prepare('DELETE FROM gc_contact WHERE pk = ?'),
    tomb: db.prepare('INSERT INTO gc_tomb (folder_id, seq, id) VALUES (?, ?, ?)'),
    seq: db.prepare('UPDATE gc_owner SET seq = seq + 1 WHERE user_id = ? RETURNING seq'),
    folder: db.prepare('SELECT * FROM gc_folder WHERE id = ?'),
    defaultFolder: db.prepare('SELECT * FROM gc_folder WHERE user_id = ? AND is_default = 1'),
    children: db.prepare('SELECT * FROM gc_folder WHERE user_id = ? AND parent_id = ? ORDER BY created, rowid'),
  };
}
export function stmts(db: SandboxDb) {
  let s = statements.get(db);
  if (!s) statements.set(db, (s = prepare(db)));
  return s;
}

const known = new WeakMap<SandboxDb, Set<string>>();

/** A user's Contacts folder exists from first use, as in Exchange. */
export function ensureContacts(ctx: SandboxContext, userId: string): FolderRow {
  const db = ctx.db;
  let seen = known.get(db);
  if (!seen) known.set(db, (seen = new Set()));
  if (!seen.has(userId)) {
    if (!ctx.directory.userById(userId)) throw new GraphError(404, 'ErrorInvalidUser', `The requested user '${userId}' is invalid.`);
    db.transaction(() => {
      db.prepare('INSERT OR IGNORE INTO gc_owner (user_id, seq) VALUES (?, 0)').run(userId);
      if (!stmts(db).defaultFolder.get(userId)) {
        db.prepare("INSERT INTO gc_folder (id, user_id, parent_id, name, is_default, created) VALUES (?, ?, ?, 'Contacts', 1, ?)")
          .run(newContactFolderId(), userId, newContactFolderId(), ctx.now());
      }
    })();
    seen.add(userId);
  }
  return stmts(db).defaultFolder.get(userId) as FolderRow;
}

/** A folder of this user by id, or the default folder by its well-known name. */
export function folderByKey(ctx: SandboxContext, userId: string, key: string): FolderRow | undefined {
  const def = ensureContacts(ctx, userId);
  if (key.toLowerCase() === DEFAULT_FOLDER_NAME || key === def.id) return def;
  const row = stmts(ctx.db).folder.get(key) as FolderRow | undefined;
  return row && row.user_id === userId ? row : undefined;
}

export const childFolders = (db: SandboxDb, userId: string, parentId: string) => stmts(db).children.all(userId, parentId) as FolderRow[];
export const contactById = (db: SandboxDb, id: string) => stmts(db).byId.get(id) as ContactRow | undefined;

export function nextSeq(db: SandboxDb, userId: string): number {
  const row = stmts(db).seq.get(userId) as { seq: number } | undefined;
  if (!row) throw new Error(`no contacts owner ${userId}`);
  return row.seq;
}

/**
 * Announces a contact change to subscriptions. Graph names contacts `Users/{id}/Contacts/{id}`
 * whatever their folder; the folder paths let folder subscriptions match.
 */
export function publishContactChange(ctx: SandboxContext, row: ContactRow, changeType: 'created' | 'updated' | 'deleted', isDefault: boolean): void {
  const u = row.user_id;
  const resourcePaths = [`Users/${u}/Contacts/${row.id}`, `Users/${u}/ContactFolders/${row.folder_id}/Contacts/${row.id}`];
  if (isDefault) resourcePaths.push(`Users/${u}/ContactFolders/${DEFAULT_FOLDER_NAME}/Contacts/${row.id}`);
  ctx.bus.publish({
    tenantId: ctx.directory.userById(u)?.tenantId ?? '', userId: u, changeType, resourcePaths,
    odataType: '#Microsoft.Graph.Contact', id: row.id,
    ...(changeType !== 'deleted' ? { etag: `W/"${row.change_key}"` } : {}),
  });
}

const isDefaultFolder = (db: SandboxDb, folderId: string) => (stmts(db).folder.get(folderId) as FolderRow | undefined)?.is_default === 1;

export function insertContact(ctx: SandboxContext, input: Omit<NewContactRow, 'seq' | 'change_key' | 'created' | 'modified'>): ContactRow {
  const db = ctx.db;
  const row = db.transaction(() => {
    const now = ctx.now();
    const r: NewContactRow = { ...input, seq: nextSeq(db, input.user_id), change_key: newContactChangeKey(), created: now, modified: now };
    const { lastInsertRowid } = stmts(db).insert.run(r);
    return stmts(db).byPk.get(Number(lastInsertRowid)) as ContactRow;
  })();
  publishContactChange(ctx, row, 'created', isDefaultFolder(db, row.folder_id));
  return row;
}

/** A save, as Exchange does it: new changeKey, lastModifiedDateTime and change sequence. */
export function updateContact(ctx: SandboxContext, row: ContactRow, patch: Partial<NewContactRow>): ContactRow {
  const db = ctx.db;
  const next = db.transaction(() => {
    const n: ContactRow = { ...row, ...patch, seq: nextSeq(db, row.user_id), change_key: newContactChangeKey(), modified: Math.max(ctx.now(), row.modified + 1) };
    stmts(db).update.run(n);
    return n;
  })();
  publishContactChange(ctx, next, 'updated', isDefaultFolder(db, next.folder_id));
  return next;
}

/** Removes contacts, leaving a tombstone in each one's folder for delta; one transaction. */
export function deleteContacts(ctx: SandboxContext, rows: ContactRow[]): void {
  const db = ctx.db;
  const defaults = new Map(rows.map((r) => [r.folder_id, isDefaultFolder(db, r.folder_id)]));
  db.transaction(() => {
    for (const r of rows) {
      stmts(db).tomb.run(r.folder_id, nextSeq(db, r.user_id), r.id);
      stmts(db).del.run(r.pk);
    }
  })();
  for (const r of rows) publishContactChange(ctx, r, 'deleted', defaults.get(r.folder_id) ?? false);
}
