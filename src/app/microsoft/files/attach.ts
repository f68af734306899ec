import type { DriveItem } from '@microsoft/microsoft-graph-types';
import { isUniqueViolation } from '../../../crm/errors.js';
import type { FileRecordType, FileSource } from '../../../db/tables/files.js';
import { newId } from '../../../lib/ids.js';
import type { MicrosoftAccount } from '../../../microsoft/accounts/accounts.js';
import { fileLinks, type FileLinkRow } from '../../../microsoft/sync/drive/fileLinks.js';
import { folderIdsFor } from '../../../microsoft/sync/drive/folderChain.js';
import { metadataOf } from '../../../microsoft/sync/drive/itemMetadata.js';
import { getDriveItem } from '../../../microsoft/sync/drive/refresh.js';
import type { MicrosoftIntegration } from '../integration.js';
import type { Caller } from './access.js';
import { requireFilesAccount } from './filesAccount.js';
import { readDrive } from './driveAccess.js';
import { FilesError, fromMicrosoftError } from './errors.js';
import { fileLinkViews, type FileLink } from './fileLinkView.js';
import { publishFilesChanged } from './linksChanged.js';
import { recordName } from './records.js';

export interface RecordTarget {
  type: FileRecordType;
  id: string;
}

export interface AttachInput {
  user: Caller;
  record: RecordTarget;
  items: Array<{ driveId: string; itemId: string }>;
}

/** A library of a SharePoint site; anything else (business, personal) is someone's OneDrive. */
const sourceOf = (item: DriveItem): FileSource => (item.parentReference?.driveType === 'documentLibrary' ? 'sharepoint' : 'onedrive');

/**
 * Links drive items to a CRM record of the caller's workspace. Each item is read with the caller's
 * own token (what they cannot open, they cannot attach), so the link starts with current metadata;
 * the drive's delta keeps it current from there. Attaching an item the record already has answers
 * the existing link. The answer follows the order of `items`. The ids of the item's folders are
 * kept with it, so a folder renamed above it later can be followed (movedFolders.ts).
 */
export async function attachDriveItems(integration: MicrosoftIntegration, input: AttachInput): Promise<FileLink[]> {
  const db = integration.database.db;
  const { user, record } = input;
  await recordName(db, user.workspaceId, record.type, record.id);
  const account = await requireFilesAccount(integration, user, 'attach files');
  const ref = { recordType: record.type, recordId: record.id };
  const key = (i: { driveId: string; itemId: string }) => `${i.driveId}\n${i.itemId}`;
  const wanted = [...new Map(input.items.map((i) => [key(i), i])).values()];
  // Every new item is read before any link is made: one that fails leaves the record as it was.
  // The reads go together; the Graph client holds them to its per-mailbox concurrency.
  const reads = await Promise.all(wanted.map(async (i) => {
    if (await fileLinks.find(db, ref, i.driveId, i.itemId)) return { ...i, item: undefined, folderIds: null };
    const item = await readItem(integration, account, i.driveId, i.itemId);
    return { ...i, item, folderIds: await folderIdsFor(db, integration.graph, account.id, i.driveId, metadataOf(item).parent_path) };
  }));
  const rows = new Map<string, FileLinkRow>();
  const added: string[] = [];
  for (const { driveId, itemId, item, folderIds } of reads) {
    if (item) {
      const id = newId();
      try {
        await fileLinks.insert(db, {
          id, workspace_id: user.workspaceId, record_type: record.type, record_id: record.id, account_id: account.id, user_id: user.userId,
          source: sourceOf(item), drive_id: driveId, item_id: itemId, ...metadataOf(item), folder_ids: folderIds, state: 'present', checked_at: new Date().toISOString(),
        });
        added.push(id);
      } catch (err) {
        // Attached by someone else meanwhile: theirs is the link.
        if (!isUniqueViolation(err)) throw err;
      }
    }
    rows.set(key({ driveId, itemId }), (await fileLinks.find(db, ref, driveId, itemId))!);
  }
  // Disconnected while the items were read: the disconnect's purge may have run before these links
  // were made, and nothing would ever remove them. Read after the inserts: an account still active
  // here is purged later, with these links.
  if (added.length && ((await integration.accounts.byId(account.id))?.status ?? 'disconnecting') === 'disconnecting') {
    for (const id of added) await fileLinks.remove(db, user.workspaceId, id);
    throw new FilesError(409, 'not_connected', 'Microsoft 365 was disconnected while the files were being attached, so nothing was attached. Connect it again, then attach them.');
  }
  if (added.length) await publishFilesChanged(integration, user.workspaceId, [ref]);
  return fileLinkViews(db, input.items.map((i) => rows.get(key(i))!));
}

async function readItem(integration: MicrosoftIntegration, account: MicrosoftAccount, driveId: string, itemId: string): Promise<DriveItem> {
  let item: DriveItem;
  try {
    item = await readDrive(integration, account, driveId, () => getDriveItem(integration, account.id, driveId, itemId));
  } catch (err) {
    throw fromMicrosoftError(err, 'the file') ?? err;
  }
  if (item.deleted) throw new FilesError(404, 'not_found', 'The file was deleted in Microsoft 365. Go back and pick again.');
  return item;
}

/** Attaches one item the caller just made in their OneDrive (a new folder, an uploaded file) to the record. */
export function attachMade(integration: MicrosoftIntegration, user: Caller, record: RecordTarget) {
  return async (item: { driveId: string; itemId: string }): Promise<FileLink> =>
    (await attachDriveItems(integration, { user: { userId: user.userId, workspaceId: user.workspaceId }, record, items: [item] }))[0]!;
}
