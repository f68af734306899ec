import type { DriveItem } from '@microsoft/microsoft-graph-types';
import { isMicrosoftError } from '../../graph/errors.js';
import type { SyncContext } from '../contract.js';
import { fileLinks, type FileLinkRow, type RecordRef } from './fileLinks.js';
import { folderIdsFor } from './folderChain.js';
import { LINK_SELECT, metadataOf } from './itemMetadata.js';

/** Graph's address of a linked item, whatever drive it is in; ids are encoded so none can reach another resource. */
export const itemPath = (driveId: string, itemId: string): string =>
  `/drives/${encodeURIComponent(driveId)}/items/${encodeURIComponent(itemId)}?$select=${LINK_SELECT}`;

export async function getDriveItem(ctx: Pick<SyncContext, 'graph'>, accountId: string, driveId: string, itemId: string): Promise<DriveItem> {
  return ctx.graph.get<DriveItem>(accountId, itemPath(driveId, itemId));
}

/**
 * Reads each link's item again with the account that attached it and writes what Graph says: a
 * 404 is "deleted", a 403 (the account lost access) keeps what is known and waits for the next
 * interval. Throttling and outages are thrown: the run retries later with the links still stale.
 * Answers the records whose links changed.
 */
export async function refreshLinks(ctx: SyncContext, links: FileLinkRow[]): Promise<RecordRef[]> {
  const changed: RecordRef[] = [];
  // Together: the Graph client holds them to its per-mailbox concurrency.
  await Promise.all(links.map(async (link) => {
    try {
      const item = await getDriveItem(ctx, ctx.account.id, link.drive_id, link.item_id);
      const meta = metadataOf(item);
      const state = item.deleted ? 'deleted' : 'present';
      // Its folder changed: the ids of the new one's folders, so the next folder change above it is followed from delta.
      const moved = meta.parent_path !== undefined && (meta.parent_path !== link.parent_path || !link.folder_ids);
      const folderIds = moved ? { folder_ids: await folderIdsFor(ctx.db, ctx.graph, ctx.account.id, link.drive_id, meta.parent_path) } : {};
      await fileLinks.applyToLink(ctx.db, link.id, { ...meta, ...folderIds }, state);
      if (differs(link, { ...meta, state })) changed.push({ recordType: link.record_type, recordId: link.record_id });
    } catch (err) {
      if (isMicrosoftError(err, 'notFound')) {
        await fileLinks.markDeleted(ctx.db, [link.id]);
        if (link.state !== 'deleted') changed.push({ recordType: link.record_type, recordId: link.record_id });
      } else if (isMicrosoftError(err, 'forbidden')) {
        await fileLinks.touch(ctx.db, [link.id]);
      } else {
        throw err;
      }
    }
  }));
  return changed;
}

function differs(link: FileLinkRow, next: Partial<FileLinkRow>): boolean {
  return (Object.keys(next) as Array<keyof FileLinkRow>).some((k) => next[k] !== undefined && next[k] !== link[k]);
}
