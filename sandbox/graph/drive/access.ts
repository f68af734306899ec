import type { AccessClaims } from '../../core/auth.js';
import type { SandboxContext } from '../../core/context.js';
import { readableSite } from '../sites/access.js';
import { driveAccessDenied, driveNotFound } from './errors.js';
import type { DriveRow } from './schema.js';
import { LIBRARY_READ, LIBRARY_WRITE, OWN_READ, OWN_WRITE, requireAny } from './scopes.js';
import { driveById, ensureUserDrive } from './store.js';

export interface Reached {
  drive: DriveRow;
  writeScopes: readonly string[];
}

/**
 * What a delegated caller may reach: their own OneDrive, and the libraries of sites they can read.
 * Another user's OneDrive is 403 (nothing is shared in the sandbox); a drive of another tenant, or
 * none at all, is 404. The scope is checked before the drive is looked at, as Graph does.
 */
export function reachDrive(ctx: SandboxContext, c: AccessClaims, drive: DriveRow | undefined): Reached {
  if (drive?.owner_user === c.userId) {
    requireAny(c, OWN_READ);
    return { drive, writeScopes: OWN_WRITE };
  }
  requireAny(c, LIBRARY_READ);
  if (!drive || drive.tenant_id !== c.tenantId) throw driveNotFound();
  if (drive.owner_user) throw driveAccessDenied();
  readableSite(ctx, drive.site_id!, c.userId);
  return { drive, writeScopes: LIBRARY_WRITE };
}

/** `/me/drive`, `/users/{id|upn}/drive`. */
export function reachUserDrive(ctx: SandboxContext, c: AccessClaims, userKey: string | undefined): Reached {
  if (userKey === undefined) {
    requireAny(c, OWN_READ);
    return { drive: ensureUserDrive(ctx, c.userId), writeScopes: OWN_WRITE };
  }
  const user = ctx.directory.userById(userKey) ?? ctx.directory.userByEmail(userKey);
  if (user?.id === c.userId) return reachUserDrive(ctx, c, undefined);
  requireAny(c, LIBRARY_READ);
  if (!user || user.tenantId !== c.tenantId) throw driveNotFound();
  throw driveAccessDenied();
}

/** `/drives/{id}`. */
export const reachDriveById = (ctx: SandboxContext, c: AccessClaims, id: string): Reached => reachDrive(ctx, c, driveById(ctx.db, id));
