import type { Drive } from '@microsoft/microsoft-graph-types';
import { newId } from '../../../lib/ids.js';
import { childPath } from '../../../microsoft/files/drivePaths.js';
import { fileNameProblem } from '../../../microsoft/files/names.js';
import { FRAGMENT_UNIT } from '../../../microsoft/files/uploadSession.js';
import type { MicrosoftIntegration } from '../integration.js';
import { requireOneDrive, type Caller } from './access.js';
import { FilesError, fromMicrosoftError, invalid } from './errors.js';
import type { FileRecordType } from './records.js';
import { ensureRecordFolder } from './recordFolder.js';
import { uploadEmptyFile } from './emptyFile.js';
import { uploadStore } from './uploadStore.js';

export interface StartUploadInput {
  name: string;
  size: number;
}

export interface UploadTicket {
  uploadId: string;
  /** Send the file in fragments of exactly this many bytes (the last one shorter). */
  chunkSize: number;
  nextExpectedRanges: string[];
  expiresAt: string;
}

/** A ticket to send the bytes with, or, for an empty file, the file already made and attached. */
export type UploadStart<L> = UploadTicket | { file: L };

/** 10 MiB: Microsoft's recommended fragment for steady connections, a multiple of 320 KiB as it requires. */
export const CHUNK_SIZE = 32 * FRAGMENT_UNIT;

const mb = (bytes: number) => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;

/**
 * Starts a resumable upload of a file into the record's OneDrive folder: the name, the size limit
 * and the drive's free space are checked before anything is made, then Graph opens an upload
 * session (conflictBehavior rename: a second "Contract.pdf" becomes "Contract 1.pdf", never a
 * silent overwrite). An empty file has no bytes for a session to take: it is made and attached
 * here, through `attach`.
 */
export async function startUpload<L>(
  integration: MicrosoftIntegration, caller: Caller, record: { type: FileRecordType; id: string }, input: StartUploadInput,
  attach: (item: { driveId: string; itemId: string }) => Promise<L>,
): Promise<UploadStart<L>> {
  const problem = fileNameProblem(input.name);
  if (problem) throw invalid(problem);
  const max = integration.config.files.maxUploadBytes;
  if (!Number.isSafeInteger(input.size) || input.size < 0) throw invalid('Check size: it must be the file\'s size in bytes.');
  if (input.size > max) throw new FilesError(413, 'too_large', `"${input.name}" is ${mb(input.size)}: Tandem uploads files up to ${mb(max)}. Upload it in OneDrive itself, then attach it.`);
  const account = await requireOneDrive(integration, caller, 'upload files');
  if (input.size === 0) return { file: await uploadEmptyFile(integration, account, caller, record, input.name, attach) };
  const g = integration.graph;
  try {
    const [drive, folder] = await Promise.all([
      g.get<Drive>(account.id, '/me/drive?$select=id,quota'),
      ensureRecordFolder(integration, account, caller.workspaceId, record),
    ]);
    const remaining = drive.quota?.remaining;
    if (typeof remaining === 'number' && input.size > remaining) {
      throw new FilesError(507, 'quota_exceeded', `Your OneDrive is full: "${input.name}" needs ${mb(input.size)} and ${mb(Math.max(0, remaining))} is left. Free up space in OneDrive, then try again.`);
    }
    const session = await g.request<{ uploadUrl?: string; expirationDateTime?: string; nextExpectedRanges?: string[] }>(account.id, {
      method: 'POST',
      path: `${childPath(`/me/drive/items/${encodeURIComponent(folder.itemId)}`, [input.name])}/createUploadSession`,
      body: { item: { '@microsoft.graph.conflictBehavior': 'rename', name: input.name, fileSize: input.size } },
    });
    const uploadUrl = session.body?.uploadUrl;
    if (!uploadUrl) throw new FilesError(503, 'microsoft_unavailable', 'OneDrive did not open an upload session; try again in a moment.');
    const uploadId = newId();
    const expiresAt = session.body.expirationDateTime ?? new Date(Date.now() + 15 * 60_000).toISOString();
    await uploadStore.create(integration.database.db, integration.box, {
      id: uploadId, account_id: account.id, user_id: caller.userId, workspace_id: caller.workspaceId, record_type: record.type, record_id: record.id,
      name: input.name, size: input.size, drive_id: folder.driveId || drive.id || '', folder_item_id: folder.itemId, expires_at: expiresAt,
      created_at: new Date().toISOString(),
    }, uploadUrl);
    // Starting an upload is when an account's old ones are looked at: no timer needed, and the table stays small.
    await uploadStore.sweep(integration.database.db, account.id);
    return { uploadId, chunkSize: CHUNK_SIZE, nextExpectedRanges: session.body.nextExpectedRanges ?? ['0-'], expiresAt };
  } catch (err) {
    throw fromMicrosoftError(err, 'your OneDrive') ?? err;
  }
}
