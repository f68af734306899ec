import type { DriveItem } from '@microsoft/microsoft-graph-types';
import { fileNameProblem } from '../../../microsoft/files/names.js';
import type { MicrosoftIntegration } from '../integration.js';
import { requireOneDrive, type Caller } from './access.js';
import { fromMicrosoftError, invalid } from './errors.js';
import type { FileRecordType } from './records.js';
import { ensureRecordFolder } from './recordFolder.js';

/**
 * A new folder inside the record's OneDrive folder, made with conflictBehavior "rename" (a second
 * "Contracts" becomes "Contracts 1", as OneDrive itself does), then attached to the record by `attach`.
 */
export async function createFolder<L>(
  integration: MicrosoftIntegration, caller: Caller, record: { type: FileRecordType; id: string }, name: string,
  attach: (item: { driveId: string; itemId: string }) => Promise<L>,
): Promise<L> {
  const problem = fileNameProblem(name);
  if (problem) throw invalid(problem.replace('give the file a name', 'give the folder a name'));
  const account = await requireOneDrive(integration, caller, 'create folders');
  let made: DriveItem;
  try {
    const parent = await ensureRecordFolder(integration, account, caller.workspaceId, record);
    made = (await integration.graph.request<DriveItem>(account.id, {
      method: 'POST', path: `/me/drive/items/${encodeURIComponent(parent.itemId)}/children?$select=id,name,parentReference`,
      body: { name, folder: {}, '@microsoft.graph.conflictBehavior': 'rename' },
    })).body;
  } catch (err) {
    throw fromMicrosoftError(err, 'your OneDrive') ?? err;
  }
  return attach({ driveId: made.parentReference?.driveId ?? '', itemId: made.id! });
}
