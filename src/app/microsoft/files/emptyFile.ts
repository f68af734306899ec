import type { MicrosoftAccount } from '../../../microsoft/accounts/accounts.js';
import { putEmptyFile } from '../../../microsoft/files/simpleUpload.js';
import type { MicrosoftIntegration } from '../integration.js';
import type { Caller } from './access.js';
import { FilesError, fromMicrosoftError } from './errors.js';
import type { FileRecordType } from './records.js';
import { ensureRecordFolder } from './recordFolder.js';

/**
 * A 0-byte file (a placeholder .txt) put into the record's OneDrive folder in one request and
 * attached by `attach` at once: there is nothing to send in chunks, so no upload session is opened.
 */
export async function uploadEmptyFile<L>(
  integration: MicrosoftIntegration, account: MicrosoftAccount, caller: Caller, record: { type: FileRecordType; id: string }, name: string,
  attach: (item: { driveId: string; itemId: string }) => Promise<L>,
): Promise<L> {
  let made: { driveId: string; itemId: string | undefined };
  try {
    const folder = await ensureRecordFolder(integration, account, caller.workspaceId, record);
    const item = await putEmptyFile(integration.graph, account.id, folder.driveId || undefined, folder.itemId, name);
    made = { driveId: item?.parentReference?.driveId ?? folder.driveId, itemId: item?.id ?? undefined };
  } catch (err) {
    throw fromMicrosoftError(err, 'your OneDrive') ?? err;
  }
  if (!made.itemId) throw new FilesError(503, 'microsoft_unavailable', 'OneDrive did not say which file it made; try again in a moment.');
  return attach({ driveId: made.driveId, itemId: made.itemId });
}
