import { randomBytes } from 'node:crypto';

/**
 * Time-ordered, URL-safe ids (like ULIDs): sortable by creation so they double as stable
 * pagination cursors, and opaque enough that they leak no counts.
 */
export function newId(): string {
  const time = Date.now().toString(36).padStart(9, '0');
  return time + randomBytes(10).toString('base64url').replace(/[-_]/g, 'x').slice(0, 13);
}
