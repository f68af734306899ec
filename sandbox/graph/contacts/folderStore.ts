import type { SandboxContext } from '../../core/context.js';
import { GraphError, badRequest } from '../http/errors.js';
import { newContactFolderId } from './ids.js';
import type { ContactRow, FolderRow } from './schema.js';
import { childFolders, deleteContacts, stmts } from './store.js';

const exists = () => badRequest('A folder with the specified name already exists.', 'ErrorFolderExists');

function checkName(raw: unknown): string {
  const name = typeof raw === 'string' ? raw.trim() : '';
  if (!name) throw badRequest("A contact folder needs a 'displayName'.", 'ErrorInvalidRequest');
  return name;
}

/** Outlook refuses two folders of the same name under one parent. */
function checkUnique(ctx: SandboxContext, userId: string, parentId: string, name: string, except?: string): void {
  if (childFolders(ctx.db, userId, parentId).some((f) => f.id !== except && f.name.toLowerCase() === name.toLowerCase())) throw exists();
}

export function createFolder(ctx: SandboxContext, parent: FolderRow, rawName: unknown): FolderRow {
  const name = checkName(rawName);
  checkUnique(ctx, parent.user_id, parent.id, name);
  const id = newContactFolderId();
  ctx.db.prepare('INSERT INTO gc_folder (id, user_id, parent_id, name, is_default, created) VALUES (?, ?, ?, ?, 0, ?)')
    .run(id, parent.user_id, parent.id, name, ctx.now());
  return stmts(ctx.db).folder.get(id) as FolderRow;
}

export function renameFolder(ctx: SandboxContext, folder: FolderRow, rawName: unknown): FolderRow {
  if (folder.is_default) throw new GraphError(403, 'ErrorAccessDenied', 'The default Contacts folder cannot be renamed.');
  const name = checkName(rawName);
  checkUnique(ctx, folder.user_id, folder.parent_id, name, folder.id);
  ctx.db.prepare('UPDATE gc_folder SET name = ? WHERE id = ?').run(name, folder.id);
  return { ...folder, name };
}

/** Deletes a folder with its subfolders and contacts; each contact leaves a tombstone and a notification. */
export function deleteFolder(ctx: SandboxContext, folder: FolderRow): void {
  if (folder.is_default) throw badRequest('Distinguished folders cannot be deleted.', 'ErrorDeleteDistinguishedFolder');
  const tree: FolderRow[] = [];
  const walk = (f: FolderRow) => {
    tree.push(f);
    for (const c of childFolders(ctx.db, f.user_id, f.id)) walk(c);
  };
  walk(folder);
  const contacts = tree.flatMap((f) => ctx.db.prepare('SELECT * FROM gc_contact WHERE folder_id = ?').all(f.id) as ContactRow[]);
  deleteContacts(ctx, contacts);
  const del = ctx.db.prepare('DELETE FROM gc_folder WHERE id = ?');
  ctx.db.transaction(() => {
    for (const f of tree) del.run(f.id);
  })();
}
