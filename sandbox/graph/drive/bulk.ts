import { writeFileSync } from 'node:fs';
import type { SandboxContext } from '../../core/context.js';
import { blobPath } from './blobs.js';
import { quotaLimitReached } from './errors.js';
import { newItemGuid, newItemId, newSecret } from './ids.js';
import { mimeOf } from './mime.js';
import { checkName } from './names.js';
import { announce } from './notify.js';
import { QuickXor } from './quickXor.js';
import type { DriveRow, ItemRow } from './schema.js';
import { childByName, driveById, itemById, nextSeq } from './store.js';
import { placeName } from './write.js';

/**
 * Synchronous writes for the seed and the bulk endpoint: many items in one transaction, content
 * written straight to the blob store. Names and conflicts follow the same rules as Graph writes
 * (conflicts fail); the caller announces the change once.
 */
const INSERT = `INSERT INTO gf_item (id, drive_id, parent_id, name, name_key, is_folder, size, mime, blob, quick_xor, guid, e_ver, c_ver,
  created, modified, created_by, modified_by, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 1, ?, ?, ?, ?, ?)`;

export function putSync(ctx: SandboxContext, parent: ItemRow, name: string, content: Buffer | null, by: string | null, at = ctx.now()): ItemRow {
  checkName(name);
  placeName(ctx.db, parent, name, 'fail', content === null);
  const id = newItemId();
  let blob: string | null = null;
  let hash: string | null = null;
  if (content) {
    hash = new QuickXor().update(content).digest();
    if (content.length) writeFileSync(blobPath(ctx, (blob = newSecret())), content);
  }
  ctx.db.prepare(INSERT).run(id, parent.drive_id, parent.id, name, name.toLowerCase(), content ? 0 : 1, content?.length ?? 0,
    content ? mimeOf(name) : null, blob, hash, newItemGuid(), at, at, by, by, nextSeq(ctx.db, parent.drive_id));
  if (content?.length) ctx.db.prepare('UPDATE gf_drive SET used = used + ? WHERE id = ?').run(content.length, parent.drive_id);
  return itemById(ctx.db, id)!;
}

/** The folder at `names` below `parent`, made where missing. */
export function folderSync(ctx: SandboxContext, parent: ItemRow, names: string[], by: string | null): ItemRow {
  let at = parent;
  for (const name of names) at = childByName(ctx.db, at.id, name) ?? putSync(ctx, at, name, null, by);
  return at;
}

export interface BulkOptions { files: number; folders: number; size: number; prefix: string; by: string | null }

/**
 * Fills `folder` with `files` files (and `folders` empty subfolders) in one transaction: 5,000
 * items for a picker benchmark take well under a second. Files are `{prefix} 0001.txt` …, dated a
 * minute apart so ordering by date differs from ordering by name; with `size`, each has that many bytes.
 */
export function bulkFill(ctx: SandboxContext, drive: DriveRow, folder: ItemRow, o: BulkOptions): { files: number; folders: number } {
  const width = String(Math.max(o.files, o.folders)).length;
  const now = ctx.now();
  const content = o.size > 0 ? Buffer.alloc(o.size, 'sandbox file content\n') : null;
  const fresh = driveById(ctx.db, drive.id)!;
  if (fresh.used + o.files * o.size > fresh.quota_total) throw quotaLimitReached();
  ctx.db.transaction(() => {
    for (let i = 1; i <= o.folders; i++) putSync(ctx, folder, `Folder ${String(i).padStart(width, '0')}`, null, o.by, now - i * 60_000);
    for (let i = 1; i <= o.files; i++) putSync(ctx, folder, `${o.prefix} ${String(i).padStart(width, '0')}.txt`, content ?? Buffer.alloc(0), o.by, now - i * 60_000);
  })();
  announce(ctx, drive, folder.id);
  return { files: o.files, folders: o.folders };
}
