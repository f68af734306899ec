import type { DriveItem } from '@microsoft/microsoft-graph-types';
import type { FileLinksTable } from '../../../db/tables/files.js';

/** The columns of a link that Graph's driveItem decides. */
export type LinkMetadata = Pick<FileLinksTable, 'name' | 'kind' | 'mime_type' | 'size' | 'web_url' | 'modified_at' | 'modified_by' | 'etag'> & {
  /** Absent when Graph did not say (delta never gives a path: items are tracked by id). */
  parent_path?: string | null;
};

/** What an attach or a refresh asks for: the link's columns and nothing Graph would serialize besides. */
export const LINK_SELECT = 'id,name,size,file,folder,package,webUrl,parentReference,lastModifiedDateTime,lastModifiedBy,eTag,deleted';

/**
 * `/drive/root:/Documents/Q1` (or `/drives/{id}/root:/…`, percent-encoded) as people read it:
 * `/Documents/Q1`; the root itself is `/`.
 */
export function displayPath(graphPath: string | null | undefined): string | null {
  if (!graphPath) return null;
  const at = graphPath.indexOf('root:');
  if (at < 0) return null;
  const rest = graphPath.slice(at + 'root:'.length);
  try {
    return decodeURIComponent(rest) || '/';
  } catch {
    return rest || '/';
  }
}

export function metadataOf(item: DriveItem): LinkMetadata {
  const out: LinkMetadata = {
    name: item.name ?? '',
    // A OneNote notebook is a `package` without a folder facet, and opens as one thing: a file.
    kind: item.folder ? 'folder' : 'file',
    mime_type: item.file?.mimeType ?? null,
    size: typeof item.size === 'number' ? item.size : null,
    web_url: item.webUrl ?? '',
    modified_at: item.lastModifiedDateTime ?? null,
    modified_by: item.lastModifiedBy?.user?.displayName ?? item.lastModifiedBy?.application?.displayName ?? null,
    etag: item.eTag ?? null,
  };
  if (item.parentReference?.path !== undefined) out.parent_path = displayPath(item.parentReference.path);
  return out;
}

/** Graph's `deleted` facet: on OneDrive a removed item comes back with it rather than as @removed. */
export const isDeletedItem = (item: DriveItem & { '@removed'?: unknown }): boolean => !!item.deleted || !!item['@removed'];
