import type { SandboxContext } from '../../core/context.js';
import { driveAccessDenied, driveNotFound } from '../drive/errors.js';
import type { SiteRow } from './schema.js';
import { siteById } from './store.js';

/** Whether a user may read a site: same tenant, and the site is open to everyone or lists them as a member. */
export function canRead(ctx: SandboxContext, site: SiteRow, userId: string): boolean {
  const user = ctx.directory.userById(userId);
  if (!user || user.tenantId !== site.tenant_id) return false;
  return site.everyone === 1 || !!ctx.db.prepare('SELECT 1 FROM gs_member WHERE site_id = ? AND user_id = ?').get(site.id, userId);
}

/**
 * The site, if the user may read it. A site of another tenant does not exist for them (404, as
 * another tenant's host is not theirs to ask); one of their tenant they are not a member of is
 * SharePoint's 403 accessDenied.
 */
export function readableSite(ctx: SandboxContext, site: SiteRow | string | undefined, userId: string): SiteRow {
  const row = typeof site === 'string' ? siteById(ctx.db, site) : site;
  const user = ctx.directory.userById(userId);
  if (!row || !user || user.tenantId !== row.tenant_id) throw driveNotFound('Requested site could not be found');
  if (!canRead(ctx, row, userId)) throw driveAccessDenied();
  return row;
}
