import type { DriveItem } from '@microsoft/microsoft-graph-types';

/** One row of the picker: a file or folder in a OneDrive or a SharePoint library, as Graph last described it. */
export interface DriveEntry {
  driveId: string;
  itemId: string;
  name: string;
  kind: 'file' | 'folder';
  size: number | null;
  mimeType: string | null;
  modifiedAt: string | null;
  /** Display name of whoever last changed it. */
  modifiedBy: string | null;
  webUrl: string | null;
  /** Folders only. */
  childCount: number | null;
}

/**
 * What the picker shows and nothing more: listing a big folder is dominated by the bytes Graph
 * serializes per item, and Graph's default set carries hashes, thumbnails' facets and both identities.
 */
export const ENTRY_SELECT = 'id,name,size,file,folder,package,lastModifiedDateTime,lastModifiedBy,webUrl,parentReference';

export function toDriveEntry(item: DriveItem, fallbackDriveId: string): DriveEntry {
  // OneNote notebooks come as a `package` with no folder facet, yet open as a whole: a file to the picker.
  const isFolder = item.folder !== undefined && item.folder !== null;
  return {
    driveId: item.parentReference?.driveId ?? fallbackDriveId,
    itemId: item.id ?? '',
    name: item.name ?? '',
    kind: isFolder ? 'folder' : 'file',
    size: typeof item.size === 'number' ? item.size : null,
    mimeType: item.file?.mimeType ?? null,
    modifiedAt: item.lastModifiedDateTime ?? null,
    modifiedBy: item.lastModifiedBy?.user?.displayName ?? item.lastModifiedBy?.application?.displayName ?? null,
    webUrl: item.webUrl ?? null,
    childCount: isFolder ? (item.folder?.childCount ?? null) : null,
  };
}
