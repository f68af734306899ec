import type { DriveItem } from '@microsoft/microsoft-graph-types';
import type { MicrosoftAccount } from '../../../microsoft/accounts/accounts.js';
import { childPath } from '../../../microsoft/files/drivePaths.js';
import { folderNameFor } from '../../../microsoft/files/names.js';
import { isMicrosoftError } from '../../../microsoft/graph/errors.js';
import type { MicrosoftIntegration } from '../integration.js';
import { FilesError } from './errors.js';
import { kindFolder, recordName, type FileRecordType } from './records.js';

export interface RecordFolder {
  driveId: string;
  itemId: string;
  /** Below the OneDrive's root, e.g. ['Tandem', 'Companies', 'Acme Corp']. */
  path: string[];
}

const SELECT = '$select=id,name,folder,parentReference';

/**
 * The record's folder in the user's OneDrive, `Tandem/<People|Companies|Tasks>/<record name>`,
 * made on first use. Looked up by path first (one request once it exists); otherwise each level is
 * created with conflictBehavior "fail", and a 409 means another request (or the user) made it
 * meanwhile: it is then fetched by path. Never "rename": that would scatter a record's files over
 * "Acme 1", "Acme 2".
 */
export async function ensureRecordFolder(integration: MicrosoftIntegration, account: MicrosoftAccount, workspaceId: string, record: { type: FileRecordType; id: string }): Promise<RecordFolder> {
  const name = await recordName(integration.database.db, workspaceId, record.type, record.id);
  const path = ['Tandem', kindFolder(record.type), folderNameFor(name, record.id)];
  const g = integration.graph;
  const existing = await byPath(integration, account.id, '/me/drive/root', path);
  if (existing?.folder) return { driveId: existing.parentReference?.driveId ?? '', itemId: existing.id!, path };

  let parent = await g.get<DriveItem>(account.id, `/me/drive/root?${SELECT}`);
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    const parentAddress = `/me/drive/items/${encodeURIComponent(parent.id!)}`;
    try {
      const made = await g.request<DriveItem>(account.id, {
        method: 'POST', path: `${parentAddress}/children?${SELECT}`,
        body: { name: segment, folder: {}, '@microsoft.graph.conflictBehavior': 'fail' },
      });
      parent = made.body;
    } catch (err) {
      if (!isMicrosoftError(err, 'conflict')) throw err;
      const found = await byPath(integration, account.id, parentAddress, [segment]);
      if (!found) throw err;
      parent = found;
    }
    if (!parent.folder) {
      throw new FilesError(409, 'name_conflict', `Your OneDrive has a file named "${path.slice(0, i + 1).join('/')}" where Tandem keeps this record's folder. Rename or move that file, then try again.`);
    }
  }
  return { driveId: parent.parentReference?.driveId ?? '', itemId: parent.id!, path };
}

async function byPath(integration: MicrosoftIntegration, accountId: string, from: string, segments: string[]): Promise<DriveItem | undefined> {
  try {
    return await integration.graph.get<DriveItem>(accountId, `${childPath(from, segments)}?${SELECT}`);
  } catch (err) {
    if (isMicrosoftError(err, 'notFound')) return undefined;
    throw err;
  }
}
