import type { DriveItem } from '@microsoft/microsoft-graph-types';
import type { Trx } from '../contract.js';
import type { RecordRef } from './fileLinks.js';
import { pathSegments, parseChain } from './folderChain.js';
import { isDeletedItem } from './itemMetadata.js';

interface Placed {
  /** From the root to the folder. */
  ids: string[];
  /** Below the root to the folder. */
  names: string[];
}

/**
 * Where a folder now is, from the page alone: OneDrive for Business sends the parents of a changed
 * item before it, so the page usually holds its whole chain up to the root. Null when it does not.
 */
function placeInPage(page: Map<string, DriveItem>, folderId: string, rootId: string): Placed | null {
  const out: Placed = { ids: [], names: [] };
  let cur = page.get(folderId);
  for (let depth = 0; cur?.folder && depth < 200; depth++) {
    out.ids.unshift(cur.id!);
    out.names.unshift(cur.name ?? '');
    const parent = cur.parentReference?.id;
    if (!parent) return null;
    if (parent === rootId) return { ids: [rootId, ...out.ids], names: out.names };
    cur = page.get(parent);
  }
  return null;
}

export interface FolderMoves {
  changed: Array<{ id: string } & RecordRef>;
  /** Links under a folder that moved somewhere the page does not show: to be read again. */
  unknown: string[];
}

/**
 * Links below a folder the delta page shows renamed or moved get their new parent_path from the
 * page: delta reports the folder alone, never the items below it, so this is the only news they
 * get. Each link's folder ids say whether the folder is above it; no item is read from Graph.
 */
export async function followMovedFolders(trx: Trx, accountId: string, driveId: string, page: Map<string, DriveItem>): Promise<FolderMoves> {
  const out: FolderMoves = { changed: [], unknown: [] };
  if (![...page.values()].some((i) => i.folder && !isDeletedItem(i))) return out;
  const links = await trx.selectFrom('file_links').select(['id', 'record_type', 'record_id', 'parent_path', 'folder_ids'])
    .where('account_id', '=', accountId).where('drive_id', '=', driveId).where('folder_ids', 'is not', null).execute();
  for (const link of links) {
    const chain = parseChain(link.folder_ids);
    const segments = pathSegments(link.parent_path);
    if (!chain || !segments || chain.length !== segments.length + 1) continue;
    // The deepest folder of the chain the page shows decides; chain[k] is named segments[k - 1].
    let k = chain.length - 1;
    while (k >= 1 && !isLiveFolder(page.get(chain[k]!))) k--;
    if (k < 1) continue;
    const folder = page.get(chain[k]!)!;
    let placed = placeInPage(page, folder.id!, chain[0]!);
    // Renamed where it stood: its parents, unchanged, need not be in the page.
    if (!placed && folder.parentReference?.id === chain[k - 1]) placed = { ids: chain.slice(0, k + 1), names: [...segments.slice(0, k - 1), folder.name ?? ''] };
    if (!placed) {
      out.unknown.push(link.id);
      continue;
    }
    const ids = JSON.stringify([...placed.ids, ...chain.slice(k + 1)]);
    const path = `/${[...placed.names, ...segments.slice(k)].join('/')}`;
    if (path === link.parent_path && ids === link.folder_ids) continue;
    await trx.updateTable('file_links').set({ parent_path: path, folder_ids: ids, updated_at: new Date().toISOString() }).where('id', '=', link.id).execute();
    out.changed.push({ id: link.id, recordType: link.record_type, recordId: link.record_id });
  }
  return out;
}

const isLiveFolder = (item: DriveItem | undefined): boolean => !!item?.folder && !isDeletedItem(item);
