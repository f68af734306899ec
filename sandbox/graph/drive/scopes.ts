import type { AccessClaims } from '../../core/auth.js';
import { driveAccessDenied } from './errors.js';

/**
 * Delegated permissions for files (Graph's permission tables for driveItem and drive): the user's
 * own OneDrive is reached by any Files or Sites permission, a document library by the `.All` forms
 * and Sites; writing needs a ReadWrite form. Site resources themselves need Sites.Read.All or
 * Sites.ReadWrite.All.
 */
export const OWN_READ = ['files.read', 'files.readwrite', 'files.read.all', 'files.readwrite.all', 'sites.read.all', 'sites.readwrite.all'];
export const OWN_WRITE = ['files.readwrite', 'files.readwrite.all', 'sites.readwrite.all'];
export const LIBRARY_READ = ['files.read.all', 'files.readwrite.all', 'sites.read.all', 'sites.readwrite.all'];
export const LIBRARY_WRITE = ['files.readwrite.all', 'sites.readwrite.all'];
export const SITES_READ = ['sites.read.all', 'sites.readwrite.all'];

export function hasAny(c: AccessClaims, anyOf: readonly string[]): boolean {
  for (const s of c.scopes) if (anyOf.includes(s.replace(/^https:\/\/graph\.microsoft\.com\//i, '').toLowerCase())) return true;
  return false;
}

export function requireAny(c: AccessClaims, anyOf: readonly string[]): void {
  if (!hasAny(c, anyOf)) throw driveAccessDenied();
}
