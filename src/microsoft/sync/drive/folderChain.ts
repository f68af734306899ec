import type { DriveItem } from '@microsoft/microsoft-graph-types';
import { childPath } from '../../files/drivePaths.js';
import type { GraphClient } from '../../graph/client.js';
import type { Trx } from '../contract.js';

/** `/Tandem/Companies/Acme` → ['Tandem', 'Companies', 'Acme']; the root `/` → []. */
export const pathSegments = (parentPath: string | null): string[] | null => (parentPath === null ? null : parentPath.split('/').filter(Boolean));

export function parseChain(raw: string | null): string[] | null {
  if (!raw) return null;
  try {
    const ids: unknown = JSON.parse(raw);
    return Array.isArray(ids) && ids.every((i) => typeof i === 'string') ? ids : null;
  } catch {
    return null;
  }
}

/**
 * The ids of the drive's root and of each folder down `parentPath`, in one $batch (a request per
 * level, resolved by path). Null when any level cannot be read (renamed meanwhile, no access): the
 * link then keeps no chain, and a folder change above it is caught by reading the link itself.
 */
export async function resolveFolderIds(graph: GraphClient, accountId: string, driveId: string, parentPath: string | null): Promise<string[] | null> {
  const segments = pathSegments(parentPath);
  if (!segments) return null;
  const root = `/drives/${encodeURIComponent(driveId)}/root`;
  const urls = [root, ...segments.map((_, i) => childPath(root, segments.slice(0, i + 1)))];
  const results = await graph.batch(accountId, urls.map((url, i) => ({ id: String(i), method: 'GET' as const, url: `${url}?$select=id` })));
  const byId = new Map(results.map((r) => [r.id, r]));
  const ids = urls.map((_, i) => {
    const r = byId.get(String(i));
    return r && !r.error ? (r.body as DriveItem | undefined)?.id : undefined;
  });
  return ids.every((id): id is string => typeof id === 'string') ? ids : null;
}

/**
 * The folder ids for a link about to be written: those of another link of the account in the same
 * folder if it has them (no request), else resolved. Best effort: a link without them still works,
 * it is just found by reading it again when a folder above it changes.
 */
export async function folderIdsFor(db: Trx, graph: GraphClient, accountId: string, driveId: string, parentPath: string | null | undefined): Promise<string | null> {
  if (parentPath === null || parentPath === undefined) return null;
  const known = await db.selectFrom('file_links').select('folder_ids').where('account_id', '=', accountId).where('drive_id', '=', driveId)
    .where('parent_path', '=', parentPath).where('folder_ids', 'is not', null).executeTakeFirst();
  if (known?.folder_ids) return known.folder_ids;
  const ids = await resolveFolderIds(graph, accountId, driveId, parentPath).catch(() => null);
  return ids ? JSON.stringify(ids) : null;
}
