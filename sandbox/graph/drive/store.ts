import type { SandboxContext } from '../../core/context.js';
import type { SandboxDb } from '../../core/db.js';
import { cachedStatement } from '../mail/mailbox.js';
import { driveNotFound } from './errors.js';
import { newDriveId, newItemGuid, newItemId, tenantLabel } from './ids.js';
import type { DriveRow, ItemRow } from './schema.js';

/** A new OneDrive holds 1 TB, the business default. */
export const DEFAULT_USER_QUOTA = 1024 ** 4;
/** A document library draws on the tenant's pool; 25 TB stands for it. */
export const DEFAULT_LIBRARY_QUOTA = 25 * 1024 ** 4;

const q = (db: SandboxDb, sql: string) => cachedStatement(db, sql);

export const driveById = (db: SandboxDb, id: string) => q(db, 'SELECT * FROM gf_drive WHERE id = ?').get(id) as DriveRow | undefined;
export const drivesOfSite = (db: SandboxDb, siteId: string) =>
  q(db, 'SELECT * FROM gf_drive WHERE site_id = ? ORDER BY created, rowid').all(siteId) as DriveRow[];
export const itemById = (db: SandboxDb, id: string) => q(db, 'SELECT * FROM gf_item WHERE id = ?').get(id) as ItemRow | undefined;
export const rootOf = (db: SandboxDb, driveId: string) =>
  q(db, 'SELECT * FROM gf_item WHERE drive_id = ? AND parent_id IS NULL').get(driveId) as ItemRow;
export const childByName = (db: SandboxDb, parentId: string, name: string) =>
  q(db, 'SELECT * FROM gf_item WHERE parent_id = ? AND name_key = ?').get(parentId, name.toLowerCase()) as ItemRow | undefined;
export const childCount = (db: SandboxDb, id: string) => (q(db, 'SELECT COUNT(*) AS n FROM gf_item WHERE parent_id = ?').get(id) as { n: number }).n;

/** Every item below `id` (not itself), parents before children. */
export function descendants(db: SandboxDb, id: string): ItemRow[] {
  return q(db, `WITH RECURSIVE sub(id, depth) AS (SELECT id, 0 FROM gf_item WHERE parent_id = ?
      UNION ALL SELECT i.id, sub.depth + 1 FROM gf_item i JOIN sub ON i.parent_id = sub.id)
    SELECT gf_item.* FROM sub JOIN gf_item ON gf_item.id = sub.id ORDER BY sub.depth`).all(id) as ItemRow[];
}

/** A folder's size is the sum of the files below it, as OneDrive reports it. */
export function folderSize(db: SandboxDb, item: ItemRow): number {
  if (!item.is_folder) return item.size;
  if (item.parent_id === null) return (q(db, 'SELECT used FROM gf_drive WHERE id = ?').get(item.drive_id) as { used: number }).used;
  // Summed in SQL: reading every row below a big folder into JavaScript made each GET of a folder of
  // 5,000 files cost tens of milliseconds, which Graph (it stores the size) does not.
  const r = q(db, `WITH RECURSIVE sub(id) AS (SELECT id FROM gf_item WHERE parent_id = ?
      UNION ALL SELECT i.id FROM gf_item i JOIN sub ON i.parent_id = sub.id)
    SELECT COALESCE(SUM(gf_item.size), 0) AS n FROM sub JOIN gf_item ON gf_item.id = sub.id WHERE gf_item.is_folder = 0`).get(item.id) as { n: number };
  return Number(r.n);
}

/** The item's ancestors, nearest first, up to and including the root. */
export function ancestors(db: SandboxDb, item: ItemRow): ItemRow[] {
  const out: ItemRow[] = [];
  let parent = item.parent_id;
  while (parent) {
    const row = itemById(db, parent);
    if (!row) break;
    out.push(row);
    parent = row.parent_id;
  }
  return out;
}

/** `/a/b` for an item two levels below the root; `` for the root. */
export function pathOf(db: SandboxDb, item: ItemRow): string {
  if (item.parent_id === null) return '';
  return ancestors(db, item).reverse().slice(1).map((a) => `/${a.name}`).join('') + `/${item.name}`;
}

export type Resolved = { item: ItemRow; parent?: undefined; missing?: undefined } | { item?: undefined; parent: ItemRow; missing: string[] };

/** Walks `segments` down from `start`: the item, or the deepest existing folder and what is missing below it. */
export function resolvePath(db: SandboxDb, start: ItemRow, segments: string[]): Resolved {
  let at = start;
  for (let i = 0; i < segments.length; i++) {
    const next = at.is_folder ? childByName(db, at.id, segments[i]!) : undefined;
    if (!next) return { parent: at, missing: segments.slice(i) };
    at = next;
  }
  return { item: at };
}

export function nextSeq(db: SandboxDb, driveId: string): number {
  return (q(db, 'UPDATE gf_drive SET seq = seq + 1 WHERE id = ? RETURNING seq').get(driveId) as { seq: number }).seq;
}

export interface NewDrive {
  tenantId: string;
  ownerUser?: string;
  siteId?: string;
  name: string;
  driveType: DriveRow['drive_type'];
  webUrl: string;
  quota: number;
  description?: string;
}

/** Creates a drive with its root folder. */
export function createDrive(ctx: SandboxContext, d: NewDrive): DriveRow {
  const db = ctx.db;
  const id = newDriveId();
  const now = ctx.now();
  db.transaction(() => {
    db.prepare(`INSERT INTO gf_drive (id, tenant_id, owner_user, site_id, name, description, drive_type, web_url, quota_total, used, seq, created)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 1, ?)`).run(id, d.tenantId, d.ownerUser ?? null, d.siteId ?? null, d.name, d.description ?? '', d.driveType, d.webUrl, d.quota, now);
    db.prepare(`INSERT INTO gf_item (id, drive_id, parent_id, name, name_key, is_folder, guid, created, modified, created_by, modified_by, seq)
      VALUES (?, ?, NULL, 'root', 'root', 1, ?, ?, ?, ?, ?, 1)`).run(newItemId(), id, newItemGuid(), now, now, d.ownerUser ?? null, d.ownerUser ?? null);
  })();
  return driveById(db, id)!;
}

/** A user's OneDrive exists from first use, as when a licensed user first opens it. */
export function ensureUserDrive(ctx: SandboxContext, userId: string): DriveRow {
  const found = q(ctx.db, 'SELECT * FROM gf_drive WHERE owner_user = ?').get(userId) as DriveRow | undefined;
  if (found) return found;
  const user = ctx.directory.userById(userId);
  if (!user) throw driveNotFound();
  const [local = user.id, domain = ''] = user.userPrincipalName.split('@');
  const personal = `${local}_${domain}`.replace(/[^a-z0-9_]/gi, '_').toLowerCase();
  return createDrive(ctx, {
    tenantId: user.tenantId, ownerUser: user.id, name: 'OneDrive', driveType: 'business',
    webUrl: `https://${tenantLabel(domain)}-my.sharepoint.com/personal/${personal}/Documents`, quota: DEFAULT_USER_QUOTA,
  });
}
