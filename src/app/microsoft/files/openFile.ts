import type { DriveItem } from '@microsoft/microsoft-graph-types';
import type { MicrosoftAccount } from '../../../microsoft/accounts/accounts.js';
import { isMicrosoftError } from '../../../microsoft/graph/errors.js';
import { fileLinks, type FileLinkRow } from '../../../microsoft/sync/drive/fileLinks.js';
import { metadataOf } from '../../../microsoft/sync/drive/itemMetadata.js';
import { getDriveItem } from '../../../microsoft/sync/drive/refresh.js';
import type { MicrosoftIntegration } from '../integration.js';
import type { Caller } from './access.js';
import { readDrive } from './driveAccess.js';
import { FilesError, fromMicrosoftError } from './errors.js';
import { requireFilesAccount } from './filesAccount.js';
import { publishFilesChanged } from './linksChanged.js';
import { recordName } from './records.js';

const NO_ACCESS = 'Your Microsoft account cannot open this file. Ask the person who attached it to share it with you in OneDrive or SharePoint.';
const GONE = 'This file is no longer in OneDrive or SharePoint. Detach it to remove it from the record.';

/**
 * Where to open an attached file, once the REQUESTING user's own Microsoft account has read it just
 * now: Tandem never lends the attaching colleague's access. The answer refreshes the link's metadata.
 *
 * Graph answers 404 rather than 403 for an item in a drive the caller cannot see, so a 404 is asked
 * again with the account that attached it: if that account still reads it, the caller has no access;
 * if not, the file is gone and the link says so.
 */
export async function openFileLink(integration: MicrosoftIntegration, user: Caller, linkId: string): Promise<{ url: string }> {
  const db = integration.database.db;
  const link = await fileLinks.byId(db, user.workspaceId, linkId);
  if (!link) throw new FilesError(404, 'not_found', 'No such attached file: it may have been detached. Reload and try again.');
  // A deleted record's links stay until the engine's next run clears them; they open no more than its routes do.
  await recordName(db, user.workspaceId, link.record_type, link.record_id);
  const account = await requireFilesAccount(integration, user, 'open attached files');
  const read = () => getDriveItem(integration, account.id, link.drive_id, link.item_id);
  let item: DriveItem;
  try {
    // A library needs the SharePoint grant, and its refusal says what to enable or whom to ask; a
    // OneDrive item (the caller's or a colleague's) is read with the files grant, and Graph's 403 is theirs.
    item = link.source === 'sharepoint' ? await readDrive(integration, account, link.drive_id, read) : await read();
  } catch (err) {
    if (err instanceof FilesError) throw err;
    if (isMicrosoftError(err, 'forbidden')) throw new FilesError(403, 'file_no_access', NO_ACCESS, {}, err);
    if (isMicrosoftError(err, 'notFound')) throw await goneOrHidden(integration, link, account, err);
    throw fromMicrosoftError(err, 'the file') ?? err;
  }
  if (item.deleted) throw await markGone(integration, link);
  await fileLinks.applyToLink(db, link.id, metadataOf(item), 'present');
  if (!item.webUrl) throw new FilesError(503, 'microsoft_unavailable', 'Microsoft 365 gave no address for this file; try again in a moment.');
  return { url: item.webUrl };
}

async function goneOrHidden(integration: MicrosoftIntegration, link: FileLinkRow, requester: MicrosoftAccount, err: unknown): Promise<FilesError> {
  if (link.account_id !== requester.id && (await integration.accounts.byId(link.account_id))?.status === 'active') {
    try {
      await getDriveItem(integration, link.account_id, link.drive_id, link.item_id);
      return new FilesError(403, 'file_no_access', NO_ACCESS, {}, err);
    } catch (again) {
      if (!isMicrosoftError(again, 'notFound')) return new FilesError(403, 'file_no_access', NO_ACCESS, {}, err);
    }
  }
  return markGone(integration, link);
}

async function markGone(integration: MicrosoftIntegration, link: FileLinkRow): Promise<FilesError> {
  if (link.state !== 'deleted') {
    await fileLinks.markDeleted(integration.database.db, [link.id]);
    await publishFilesChanged(integration, link.workspace_id, [{ recordType: link.record_type, recordId: link.record_id }]);
  }
  return new FilesError(404, 'not_found', GONE);
}
