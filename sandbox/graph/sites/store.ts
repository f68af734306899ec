import { randomUUID } from 'node:crypto';
import type { SandboxContext } from '../../core/context.js';
import type { SandboxDb } from '../../core/db.js';
import { tenantLabel } from '../drive/ids.js';
import type { DriveRow } from '../drive/schema.js';
import { createDrive, DEFAULT_LIBRARY_QUOTA, drivesOfSite } from '../drive/store.js';
import type { SiteRow } from './schema.js';

export const siteById = (db: SandboxDb, id: string) => db.prepare('SELECT * FROM gs_site WHERE id = ?').get(id) as SiteRow | undefined;
export const sitesOfTenant = (db: SandboxDb, tenantId: string) =>
  db.prepare('SELECT * FROM gs_site WHERE tenant_id = ? ORDER BY is_root DESC, created, rowid').all(tenantId) as SiteRow[];
export const membersOf = (db: SandboxDb, siteId: string) =>
  (db.prepare('SELECT user_id FROM gs_member WHERE site_id = ? ORDER BY rowid').all(siteId) as Array<{ user_id: string }>).map((r) => r.user_id);

export const siteUrl = (s: SiteRow): string => (s.is_root ? `https://${s.hostname}` : `https://${s.hostname}/sites/${encodeURIComponent(s.name)}`);

/** `contoso.sharepoint.com` for a tenant whose users sign in as `…@contoso.onmicrosoft.com`. */
export function hostnameOf(ctx: SandboxContext, tenantId: string): string {
  const upn = ctx.directory.usersInTenant(tenantId)[0]?.userPrincipalName;
  return `${upn ? tenantLabel(upn.split('@')[1] ?? '') : tenantId.slice(0, 8)}.sharepoint.com`;
}

/** Finds a site by host name and server-relative path (`/sites/Sales`, or `/` for the root). */
export function siteByPath(ctx: SandboxContext, tenantId: string, hostname: string, path: string): SiteRow | undefined {
  const clean = path.replace(/\/+$/, '');
  if (!clean) return hostname.toLowerCase() === hostnameOf(ctx, tenantId) ? ensureRootSite(ctx, tenantId) : undefined;
  const m = /^\/(?:sites|teams)\/([^/]+)$/i.exec(clean);
  if (!m) return undefined;
  const row = ctx.db.prepare('SELECT * FROM gs_site WHERE tenant_id = ? AND lower(name) = lower(?) AND is_root = 0').get(tenantId, decodeURIComponent(m[1]!)) as SiteRow | undefined;
  return row && row.hostname.toLowerCase() === hostname.toLowerCase() ? row : undefined;
}

export function addLibrary(ctx: SandboxContext, site: SiteRow, name: string, description = ''): DriveRow {
  const folder = name === 'Documents' ? 'Shared%20Documents' : encodeURIComponent(name);
  return createDrive(ctx, { tenantId: site.tenant_id, siteId: site.id, name, driveType: 'documentLibrary', webUrl: `${siteUrl(site)}/${folder}`, quota: DEFAULT_LIBRARY_QUOTA, description });
}

export interface NewSite {
  tenantId: string;
  name: string;
  displayName?: string;
  description?: string;
  /** Readable by everyone in the tenant; otherwise by `members` only. */
  everyone: boolean;
  members?: string[];
  isRoot?: boolean;
}

/** Creates a site with its default document library, "Documents" (a team site's "Shared Documents"). */
export function createSite(ctx: SandboxContext, s: NewSite): SiteRow {
  const db = ctx.db;
  const host = hostnameOf(ctx, s.tenantId);
  const id = `${host},${randomUUID()},${randomUUID()}`;
  const now = ctx.now();
  db.transaction(() => {
    db.prepare(`INSERT INTO gs_site (id, tenant_id, hostname, name, display_name, description, is_root, everyone, created, modified)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(id, s.tenantId, host, s.name, s.displayName ?? s.name, s.description ?? '', s.isRoot ? 1 : 0, s.everyone ? 1 : 0, now, now);
    for (const u of s.members ?? []) db.prepare('INSERT OR IGNORE INTO gs_member (site_id, user_id) VALUES (?, ?)').run(id, u);
  })();
  const site = siteById(db, id)!;
  addLibrary(ctx, site, 'Documents');
  return site;
}

/** Every tenant has a root site (`https://{tenant}.sharepoint.com`), readable by all its users. */
export function ensureRootSite(ctx: SandboxContext, tenantId: string): SiteRow {
  const found = ctx.db.prepare('SELECT * FROM gs_site WHERE tenant_id = ? AND is_root = 1').get(tenantId) as SiteRow | undefined;
  return found ?? createSite(ctx, { tenantId, name: '', displayName: 'Communication site', everyone: true, isRoot: true });
}

export function setMembers(ctx: SandboxContext, site: SiteRow, everyone: boolean, members: string[]): SiteRow {
  const db = ctx.db;
  db.transaction(() => {
    db.prepare('UPDATE gs_site SET everyone = ?, modified = ? WHERE id = ?').run(everyone ? 1 : 0, ctx.now(), site.id);
    db.prepare('DELETE FROM gs_member WHERE site_id = ?').run(site.id);
    for (const u of members) db.prepare('INSERT OR IGNORE INTO gs_member (site_id, user_id) VALUES (?, ?)').run(site.id, u);
  })();
  return siteById(db, site.id)!;
}

export const librariesOf = (ctx: SandboxContext, site: SiteRow): DriveRow[] => drivesOfSite(ctx.db, site.id);
