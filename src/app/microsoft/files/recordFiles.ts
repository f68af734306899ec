import { fileLinks } from '../../../microsoft/sync/drive/fileLinks.js';
import type { MicrosoftIntegration } from '../integration.js';
import type { Caller } from './access.js';
import type { RecordTarget } from './attach.js';
import { FilesError } from './errors.js';
import { fileLinkViews, type FileLink } from './fileLinkView.js';
import { publishFilesChanged } from './linksChanged.js';
import { recordName } from './records.js';
import { refreshUnsyncedLinks } from './refreshOnView.js';

/**
 * The files attached to a record, for every member of its workspace. No Graph call before the
 * answer: the metadata is kept current by the drive's delta (OneDrive) and by the engine's runs
 * (other drives, see src/microsoft/sync/drive/staleLinks.ts), so listing stays as fast as the
 * database. Links no engine run carries are read again after it (refreshOnView.ts).
 */
export async function listRecordFiles(integration: MicrosoftIntegration, user: Caller, record: RecordTarget): Promise<FileLink[]> {
  const db = integration.database.db;
  await recordName(db, user.workspaceId, record.type, record.id);
  const rows = await fileLinks.forRecord(db, user.workspaceId, { recordType: record.type, recordId: record.id });
  refreshUnsyncedLinks(integration, user.workspaceId, rows);
  return fileLinkViews(db, rows);
}

/** Removes the link only; the file stays in OneDrive or SharePoint. Any member may detach. */
export async function detachFileLink(integration: MicrosoftIntegration, user: Caller, record: RecordTarget, linkId: string): Promise<void> {
  const db = integration.database.db;
  await recordName(db, user.workspaceId, record.type, record.id);
  const link = await fileLinks.byId(db, user.workspaceId, linkId);
  if (!link || link.record_type !== record.type || link.record_id !== record.id) {
    throw new FilesError(404, 'not_found', 'That file is not attached to this record (it may have been detached already). Reload and try again.');
  }
  await fileLinks.remove(db, user.workspaceId, linkId);
  await publishFilesChanged(integration, user.workspaceId, [{ recordType: record.type, recordId: record.id }]);
}
