import type { SandboxContext } from '../../core/context.js';
import type { SandboxDb } from '../../core/db.js';
import { commitBlob, discard, removeBlobs, type Received } from './blobs.js';
import { driveNotFound, invalidRequest, nameAlreadyExists, quotaLimitReached } from './errors.js';
import { newItemGuid, newItemId } from './ids.js';
import { mimeOf } from './mime.js';
import { checkName, MAX_PATH, numbered } from './names.js';
import { announce } from './notify.js';
import type { ConflictBehavior, DriveRow, ItemRow } from './schema.js';
import { ancestors, childByName, descendants, driveById, itemById, nextSeq, pathOf } from './store.js';

/**
 * Every change to a drive goes through here, whether it comes from Graph, an upload session or the
 * control API: names are checked, conflicts resolved, the drive's change sequence and quota kept,
 * removals tombstoned for delta, and subscriptions told.
 */

export interface Placed {
  name: string;
  /** The item of that name the write replaces (conflictBehavior `replace`). */
  replaced?: ItemRow;
}

/** Applies `@microsoft.graph.conflictBehavior` to a name in a folder; `selfId` is the item being renamed or moved. */
export function placeName(db: SandboxDb, parent: ItemRow, name: string, behavior: ConflictBehavior, isFolder: boolean, selfId?: string): Placed {
  const existing = childByName(db, parent.id, name);
  if (!existing || existing.id === selfId) return { name };
  if (behavior === 'fail') throw nameAlreadyExists();
  if (behavior === 'replace') return { name, replaced: existing };
  for (let n = 1; ; n++) {
    const candidate = numbered(name, n, isFolder);
    if (!childByName(db, parent.id, candidate)) return { name: candidate };
  }
}

function checkPlacement(db: SandboxDb, parent: ItemRow, name: string): void {
  checkName(name);
  if (!parent.is_folder) throw invalidRequest('The parent of an item must be a folder.');
  if (pathOf(db, parent).length + 1 + name.length >= MAX_PATH) throw invalidRequest('The path of the item is too long.');
}

const insertSql = `INSERT INTO gf_item (id, drive_id, parent_id, name, name_key, is_folder, size, mime, blob, quick_xor, guid, e_ver, c_ver,
  description, created, modified, created_by, modified_by, seq)
  VALUES (@id, @drive_id, @parent_id, @name, @name_key, @is_folder, @size, @mime, @blob, @quick_xor, @guid, 1, 1, @description, @now, @now, @by, @by, @seq)`;

export interface NewItem {
  parent: ItemRow;
  name: string;
  isFolder: boolean;
  size?: number;
  blob?: string | null;
  quickXor?: string | null;
  description?: string | null;
  by: string | null;
  /** Creation time (seed and bulk data may be dated in the past). */
  at?: number;
}

/** Inserts one item; inside the caller's transaction. */
export function insertItem(ctx: SandboxContext, n: NewItem, seq = nextSeq(ctx.db, n.parent.drive_id)): ItemRow {
  const id = newItemId();
  ctx.db.prepare(insertSql).run({
    id, drive_id: n.parent.drive_id, parent_id: n.parent.id, name: n.name, name_key: n.name.toLowerCase(), is_folder: n.isFolder ? 1 : 0,
    size: n.size ?? 0, mime: n.isFolder ? null : mimeOf(n.name), blob: n.blob ?? null, quick_xor: n.isFolder ? null : (n.quickXor ?? null),
    guid: newItemGuid(), description: n.description ?? null, now: n.at ?? ctx.now(), by: n.by, seq,
  });
  return itemById(ctx.db, id)!;
}

/** Removes an item and everything below it, leaving tombstones; returns the blobs to delete. Inside a transaction. */
function removeTree(ctx: SandboxContext, item: ItemRow): Array<string | null> {
  const db = ctx.db;
  const tree = [...descendants(db, item.id).reverse(), item];
  const now = ctx.now();
  let freed = 0;
  for (const r of tree) {
    db.prepare('INSERT INTO gf_tomb (drive_id, seq, id, name, parent_id, is_folder, deleted) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(r.drive_id, nextSeq(db, r.drive_id), r.id, r.name, r.parent_id, r.is_folder, now);
    db.prepare('DELETE FROM gf_link WHERE item_id = ?').run(r.id);
    db.prepare('DELETE FROM gf_item WHERE pk = ?').run(r.pk);
    if (!r.is_folder) freed += r.size;
  }
  db.prepare('UPDATE gf_drive SET used = used - ? WHERE id = ?').run(freed, item.drive_id);
  return tree.map((r) => r.blob);
}

export async function createFolder(ctx: SandboxContext, drive: DriveRow, parent: ItemRow, name: string, behavior: ConflictBehavior, by: string | null): Promise<ItemRow> {
  const db = ctx.db;
  checkPlacement(db, parent, name);
  let blobs: Array<string | null> = [];
  const row = db.transaction(() => {
    const placed = placeName(db, parent, name, behavior, true);
    if (placed.replaced) blobs = removeTree(ctx, placed.replaced);
    return insertItem(ctx, { parent, name: placed.name, isFolder: true, by });
  })();
  await removeBlobs(ctx, blobs);
  announce(ctx, drive, row.id);
  return row;
}

/** Creates the folders of `names` below `parent` that do not exist yet (uploads by path make them). */
export async function ensureFolders(ctx: SandboxContext, drive: DriveRow, parent: ItemRow, names: string[], by: string | null): Promise<ItemRow> {
  let at = parent;
  for (const name of names) {
    const existing = childByName(ctx.db, at.id, name);
    if (existing && !existing.is_folder) throw nameAlreadyExists();
    at = existing ?? await createFolder(ctx, drive, at, name, 'fail', by);
  }
  return at;
}

export interface FileTarget {
  /** The file being overwritten (addressed directly), or else a new name in `parent`. */
  existing?: ItemRow;
  parent?: ItemRow;
  name?: string;
  behavior: ConflictBehavior;
  description?: string | null;
}

/**
 * Stores received content as a new file or a new version of one. Quota is checked against the
 * drive as it is at commit. Returns whether a new item was made (201) or one was updated (200).
 */
export async function writeFile(ctx: SandboxContext, drive: DriveRow, target: FileTarget, received: Received, by: string | null, keepOnRefusal = false): Promise<{ row: ItemRow; created: boolean }> {
  const db = ctx.db;
  if (!target.existing) checkPlacement(db, target.parent!, target.name!);
  let blob: string | null;
  try {
    // Before committing anything, so a conflict or a full drive leaves the store as it was.
    db.transaction(() => plan(ctx, target, received.size))();
    blob = await commitBlob(ctx, received);
  } catch (err) {
    // An upload session keeps its bytes when the commit is refused, so the client can still recover it.
    if (!keepOnRefusal) await discard(received.path);
    throw err;
  }
  let old: Array<string | null> = [];
  let result: { row: ItemRow; created: boolean };
  try {
    result = db.transaction(() => {
      const p = plan(ctx, target, received.size);
      if (p.update) {
        const seq = nextSeq(db, drive.id);
        db.prepare(`UPDATE gf_item SET size = ?, blob = ?, quick_xor = ?, c_ver = c_ver + 1, e_ver = e_ver + 1, modified = MAX(?, modified),
          modified_by = ?, seq = ?, description = COALESCE(?, description) WHERE pk = ?`)
          .run(received.size, blob, received.quickXor, ctx.now(), by, seq, target.description ?? null, p.update.pk);
        db.prepare('UPDATE gf_drive SET used = used + ? WHERE id = ?').run(received.size - p.update.size, drive.id);
        old = [p.update.blob];
        return { row: itemById(db, p.update.id)!, created: false };
      }
      if (p.replaced) old = removeTree(ctx, p.replaced);
      const row = insertItem(ctx, { parent: target.parent!, name: p.name!, isFolder: false, size: received.size, blob, quickXor: received.quickXor, description: target.description ?? null, by });
      db.prepare('UPDATE gf_drive SET used = used + ? WHERE id = ?').run(received.size, drive.id);
      return { row, created: true };
    })();
  } catch (err) {
    await removeBlobs(ctx, [blob]);
    throw err;
  }
  await removeBlobs(ctx, old);
  announce(ctx, drive, result.row.id);
  return result;
}

/** Decides what a file write does, and refuses it (conflict, quota) before any byte is committed. */
function plan(ctx: SandboxContext, target: FileTarget, size: number): { update?: ItemRow; replaced?: ItemRow; name?: string } {
  const db = ctx.db;
  let update: ItemRow | undefined;
  let replaced: ItemRow | undefined;
  let name: string | undefined;
  if (target.existing) {
    update = itemById(db, target.existing.id);
    if (!update) throw driveNotFound('Item not found');
  } else {
    const placed = placeName(db, target.parent!, target.name!, target.behavior, false);
    if (placed.replaced && !placed.replaced.is_folder) update = placed.replaced;
    else replaced = placed.replaced;
    name = placed.name;
  }
  const drive = driveById(db, (update ?? target.parent!).drive_id)!;
  const freed = (update?.size ?? 0) + (replaced ? tallyFiles(db, replaced) : 0);
  if (drive.used - freed + size > drive.quota_total) throw quotaLimitReached();
  return { ...(update ? { update } : {}), ...(replaced ? { replaced } : {}), ...(name ? { name } : {}) };
}

function tallyFiles(db: SandboxDb, item: ItemRow): number {
  if (!item.is_folder) return item.size;
  return descendants(db, item.id).reduce((n, r) => n + (r.is_folder ? 0 : r.size), 0);
}

export interface ItemPatch {
  name?: string;
  parent?: ItemRow;
  description?: string | null;
  behavior: ConflictBehavior;
}

/** Rename, move (within the drive) and description: a metadata change, so the eTag moves and the cTag does not. */
export async function updateItem(ctx: SandboxContext, drive: DriveRow, item: ItemRow, patch: ItemPatch, by: string | null): Promise<ItemRow> {
  const db = ctx.db;
  if (item.parent_id === null && (patch.name !== undefined || patch.parent)) throw invalidRequest('The root folder cannot be renamed or moved.');
  const parent = patch.parent ?? (item.parent_id ? itemById(db, item.parent_id)! : undefined);
  const name = patch.name ?? item.name;
  if (parent && (patch.name !== undefined || patch.parent)) {
    checkPlacement(db, parent, name);
    if (parent.drive_id !== item.drive_id) throw invalidRequest('Items cannot be moved to another drive.');
    if (parent.id === item.id || ancestors(db, parent).some((a) => a.id === item.id)) throw invalidRequest('A folder cannot be moved into itself.');
  }
  let blobs: Array<string | null> = [];
  const row = db.transaction(() => {
    let finalName = name;
    if (parent && (patch.name !== undefined || patch.parent)) {
      const placed = placeName(db, parent, name, patch.behavior, item.is_folder === 1, item.id);
      if (placed.replaced) blobs = removeTree(ctx, placed.replaced);
      finalName = placed.name;
    }
    db.prepare(`UPDATE gf_item SET name = ?, name_key = ?, parent_id = ?, description = ?, e_ver = e_ver + 1, modified = MAX(?, modified),
      modified_by = ?, seq = ? WHERE pk = ?`)
      .run(finalName, finalName.toLowerCase(), parent?.id ?? null, patch.description === undefined ? item.description : patch.description,
        ctx.now(), by, nextSeq(db, drive.id), item.pk);
    return itemById(db, item.id)!;
  })();
  await removeBlobs(ctx, blobs);
  announce(ctx, drive, row.id);
  return row;
}

export async function deleteItem(ctx: SandboxContext, drive: DriveRow, item: ItemRow): Promise<void> {
  if (item.parent_id === null) throw invalidRequest('The root folder cannot be deleted.');
  const blobs = ctx.db.transaction(() => removeTree(ctx, item))();
  await removeBlobs(ctx, blobs);
  announce(ctx, drive, item.id);
}

/** Sets a drive's quota (control API); what is already stored stays, even above it. */
export function setQuota(ctx: SandboxContext, drive: DriveRow, total: number): DriveRow {
  ctx.db.prepare('UPDATE gf_drive SET quota_total = ? WHERE id = ?').run(total, drive.id);
  return driveById(ctx.db, drive.id)!;
}
