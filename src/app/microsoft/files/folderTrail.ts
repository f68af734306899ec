import type { DriveItem } from '@microsoft/microsoft-graph-types';
import { driveBase } from '../../../microsoft/files/drivePaths.js';
import type { DriveEntry } from '../../../microsoft/files/driveEntry.js';
import type { MicrosoftIntegration } from '../integration.js';

export interface Crumb {
  itemId: string;
  name: string;
}

const TTL_MS = 5 * 60_000;
const MAX = 5000;
const remembered = new Map<string, { trail: Crumb[]; at: number }>();
const key = (accountId: string, driveId: string | undefined, folderId: string) => `${accountId}\u0000${driveId ?? ''}\u0000${folderId}`;

/**
 * The breadcrumbs of folders this account has just seen: the picker opens a folder it listed a
 * moment ago, whose trail is its parent's plus itself, so the folder itself need not be asked for
 * again. Ids only matter here; names are refreshed from the page whenever it carries the path.
 */
export function rememberedTrail(accountId: string, driveId: string | undefined, folderId: string): Crumb[] | undefined {
  const hit = remembered.get(key(accountId, driveId, folderId));
  return hit && Date.now() - hit.at < TTL_MS ? hit.trail.map((c) => ({ ...c })) : undefined;
}

/** Remembers a listed folder's trail (also under `alias`: "root" for a drive's root), and its subfolders' (the next click). */
export function rememberTrail(accountId: string, driveId: string | undefined, trail: Crumb[], entries: DriveEntry[], alias?: string): void {
  const at = Date.now();
  const put = (folderId: string, t: Crumb[]) => {
    if (remembered.size >= MAX) remembered.delete(remembered.keys().next().value!);
    remembered.set(key(accountId, driveId, folderId), { trail: t, at });
  };
  put(trail[trail.length - 1]!.itemId, trail);
  if (alias) put(alias, trail);
  for (const e of entries) if (e.kind === 'folder') put(e.itemId, [...trail, { itemId: e.itemId, name: e.name }]);
}

/** Path segments below the root from Graph's `parentReference.path` (`/drive/root:/a/b`, percent-encoded). */
export function segmentsOf(path: string | null | undefined): string[] {
  const at = path?.indexOf('root:') ?? -1;
  if (!path || at < 0) return [];
  return path.slice(at + 'root:'.length).split('/').filter((s) => s !== '').map((s) => decodeURIComponent(s));
}

/**
 * A folder's trail worked out from Graph: from its path, with the root's and the parent's ids
 * known; only ancestors between them cost a lookup each, together.
 */
export async function trailOf(integration: MicrosoftIntegration, accountId: string, driveId: string | undefined, driveName: string, folder: DriveItem, rootId: string): Promise<Crumb[]> {
  if (folder.root) return [{ itemId: folder.id ?? '', name: driveName }];
  const above = segmentsOf(folder.parentReference?.path);
  const parentId = folder.parentReference?.id ?? '';
  const between = await Promise.all(above.slice(0, -1).map((_, i) =>
    integration.graph.get<DriveItem>(accountId, `${driveBase(driveId)}/root:/${above.slice(0, i + 1).map(encodeURIComponent).join('/')}:?$select=id`).then((item) => item.id ?? '')));
  const crumbs = [{ itemId: above.length > 0 ? rootId : parentId, name: driveName }];
  above.forEach((name, i) => crumbs.push({ itemId: i === above.length - 1 ? parentId : between[i]!, name }));
  crumbs.push({ itemId: folder.id ?? '', name: folder.name ?? '' });
  return crumbs;
}
