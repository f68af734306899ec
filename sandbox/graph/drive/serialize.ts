import type { Drive, DriveItem, IdentitySet, Quota } from '@microsoft/microsoft-graph-types';
import type { SandboxContext } from '../../core/context.js';
import { cTagOf, eTagOf } from './ids.js';
import type { DriveRow, ItemRow, TombRow } from './schema.js';
import { childCount, folderSize, pathOf } from './store.js';

/** How one response wants its items. */
export interface ItemView {
  /** `/drive` when the request came through /me or /users/{id}, `/drives/{id}` otherwise: parentReference.path follows it. */
  pathBase: string;
  select?: string[];
  /** Delta leaves parentReference.path out (a renamed folder does not bring its descendants back). */
  noPath?: boolean;
  /** A pre-authenticated download URL for files (single-item GETs, as Graph adds it). */
  downloadUrl?: (row: ItemRow) => string;
  /** Parent paths already worked out in this response (children of one folder share theirs). */
  paths?: Map<string, string>;
}

/** Graph's timestamps for drive items: second precision with `Z`. */
export const isoSeconds = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

export function identity(ctx: SandboxContext, userId: string | null): IdentitySet {
  const u = userId ? ctx.directory.userById(userId) : undefined;
  if (!u) return { user: { displayName: 'System Account' } };
  return { user: { email: u.mail, id: u.id, displayName: u.displayName } } as IdentitySet;
}

export function quotaOf(d: DriveRow): Quota {
  const remaining = Math.max(0, d.quota_total - d.used);
  const share = d.quota_total > 0 ? remaining / d.quota_total : 0;
  const state = remaining <= 0 ? 'exceeded' : share < 0.01 ? 'critical' : share < 0.1 ? 'nearing' : 'normal';
  return { deleted: 0, remaining, state, total: d.quota_total, used: d.used };
}

export function driveJson(ctx: SandboxContext, d: DriveRow, siteName?: string): Drive {
  const owner: IdentitySet = d.owner_user ? identity(ctx, d.owner_user) : { group: { displayName: siteName ?? d.name } } as IdentitySet;
  return {
    id: d.id, driveType: d.drive_type, name: d.name, description: d.description,
    createdDateTime: isoSeconds(d.created), lastModifiedDateTime: isoSeconds(d.created), webUrl: d.web_url,
    createdBy: identity(ctx, null), owner, quota: quotaOf(d),
  };
}

function parentPath(ctx: SandboxContext, row: ItemRow, v: ItemView): string {
  const parentId = row.parent_id!;
  let p = v.paths?.get(parentId);
  if (p === undefined) {
    const parent = ctx.db.prepare('SELECT * FROM gf_item WHERE id = ?').get(parentId) as ItemRow;
    p = `${v.pathBase}/root:${pathOf(ctx.db, parent).split('/').map(encodeURIComponent).join('/')}`;
    v.paths?.set(parentId, p);
  }
  return p;
}

/** The driveItem resource as Graph answers it for OneDrive for Business and SharePoint. */
export function itemJson(ctx: SandboxContext, drive: DriveRow, row: ItemRow, v: ItemView): Record<string, unknown> {
  const isRoot = row.parent_id === null;
  const rel = isRoot ? '' : pathOf(ctx.db, row);
  const item: DriveItem = {
    createdDateTime: isoSeconds(row.created),
    eTag: eTagOf(row.guid, row.e_ver),
    id: row.id,
    lastModifiedDateTime: isoSeconds(row.modified),
    name: row.name,
    webUrl: drive.web_url + rel.split('/').map(encodeURIComponent).join('/'),
    ...(row.is_folder ? {} : { cTag: cTagOf(row.guid, row.c_ver) }),
    size: folderSize(ctx.db, row),
    createdBy: identity(ctx, row.created_by),
    lastModifiedBy: identity(ctx, row.modified_by),
    parentReference: isRoot
      ? { driveType: drive.drive_type, driveId: drive.id }
      : { driveType: drive.drive_type, driveId: drive.id, id: row.parent_id, ...(v.noPath ? {} : { path: parentPath(ctx, row, v) }) },
    fileSystemInfo: { createdDateTime: isoSeconds(row.created), lastModifiedDateTime: isoSeconds(row.modified) },
    ...(row.description ? { description: row.description } : {}),
    ...(row.is_folder
      ? { folder: { childCount: childCount(ctx.db, row.id) } }
      : { file: { mimeType: row.mime, hashes: { quickXorHash: row.quick_xor } } }),
    ...(isRoot ? { root: {} } : {}),
  };
  const out: Record<string, unknown> = v.downloadUrl && !row.is_folder ? { '@microsoft.graph.downloadUrl': v.downloadUrl(row), ...item } : { ...item };
  return v.select ? pick(out, v.select) : out;
}

/** `$select`: only the named properties, plus the `@odata.etag` Graph adds to a projection. */
function pick(full: Record<string, unknown>, select: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { '@odata.etag': full.eTag };
  for (const key of select) {
    const found = Object.keys(full).find((k) => k.toLowerCase() === key.toLowerCase());
    if (found) out[found] = full[found];
  }
  return out;
}

/** A removal in delta: the item's id with the `deleted` facet (drives use it instead of `@removed`). */
export function deletedJson(drive: DriveRow, t: TombRow): Record<string, unknown> {
  const item: DriveItem = {
    id: t.id, name: t.name, deleted: { state: 'deleted' },
    parentReference: { driveType: drive.drive_type, driveId: drive.id, ...(t.parent_id ? { id: t.parent_id } : {}) },
    ...(t.is_folder ? { folder: { childCount: 0 } } : { file: {} }),
  };
  return { ...item };
}

export function parseSelect(raw: string | undefined): string[] | undefined {
  if (!raw) return undefined;
  const names = raw.split(',').map((s) => s.trim()).filter(Boolean);
  return names.length ? names : undefined;
}
