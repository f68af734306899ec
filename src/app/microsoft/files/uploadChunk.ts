import type { DriveItem } from '@microsoft/microsoft-graph-types';
import { FRAGMENT_UNIT, MAX_FRAGMENT_BYTES, putFragment, sessionStatus } from '../../../microsoft/files/uploadSession.js';
import { isMicrosoftError } from '../../../microsoft/graph/errors.js';
import type { MicrosoftIntegration } from '../integration.js';
import { requireOneDrive, type Caller } from './access.js';
import { FilesError, fromMicrosoftError, invalid } from './errors.js';
import { uploadStore, type UploadRow } from './uploadStore.js';

/** How a finished upload becomes a link on its record, and how a recorded link is read back. */
export interface UploadLinks<L extends { id: string }> {
  attach(row: UploadRow, item: DriveItem): Promise<L>;
  byId(linkId: string): Promise<L | undefined>;
}

export type ChunkAnswer<L> = { done: false; nextExpectedRanges: string[] } | { done: true; file: L };

export interface ChunkHeaders {
  contentRange: string | undefined;
  contentLength: string | undefined;
}

/** `bytes a-b/total`, checked against the upload and Microsoft's fragment rules before a byte is sent. */
export function parseFragment(row: UploadRow, h: ChunkHeaders): { start: number; end: number; total: number } {
  const m = /^bytes (\d{1,15})-(\d{1,15})\/(\d{1,15})$/.exec(h.contentRange?.trim() ?? '');
  if (!m) throw invalid('Send Content-Range: bytes <first>-<last>/<file size> with each chunk.');
  const [start, end, total] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (total !== row.size) throw invalid(`Content-Range gives the file size as ${total}, but this upload was started for ${row.size} bytes.`);
  if (end < start || end >= total) throw invalid(`Content-Range bytes ${start}-${end} is not a range inside a file of ${total} bytes.`);
  const length = end - start + 1;
  if (h.contentLength !== undefined && Number(h.contentLength) !== length) {
    throw invalid(`Content-Length is ${h.contentLength} but Content-Range covers ${length} bytes: send exactly the bytes of the range.`);
  }
  if (length > MAX_FRAGMENT_BYTES) throw new FilesError(413, 'too_large', `A chunk can be at most ${MAX_FRAGMENT_BYTES} bytes; send the file in chunks of the upload's chunkSize.`);
  // Microsoft: every fragment but the last MUST be a multiple of 320 KiB, or the commit can fail.
  if (end < total - 1 && length % FRAGMENT_UNIT !== 0) {
    throw invalid(`Every chunk but the last must be a multiple of ${FRAGMENT_UNIT} bytes (320 KiB); this one is ${length}. Use the upload's chunkSize.`);
  }
  return { start, end, total };
}

/**
 * Streams one chunk of the request body to the upload session, never holding it. The last chunk
 * commits the file and attaches it to the record; a retried last chunk (its answer lost) answers
 * the same link instead of attaching twice.
 */
export async function uploadChunk<L extends { id: string }>(
  integration: MicrosoftIntegration, caller: Caller, uploadId: string, headers: ChunkHeaders, body: AsyncIterable<Uint8Array>, links: UploadLinks<L>,
): Promise<ChunkAnswer<L>> {
  const db = integration.database.db;
  const row = await uploadStore.forCaller(db, caller, uploadId);
  if (row.completed_link_id) return finished(links, row.completed_link_id);
  const range = parseFragment(row, headers);
  const account = await requireOneDrive(integration, caller, 'upload files');
  if (account.id !== row.account_id) throw expired('it was started with another Microsoft 365 connection');
  const uploadUrl = uploadStore.uploadUrl(integration.box, row);
  let result;
  try {
    result = await putFragment(integration.transport.fetch, uploadUrl, range, body);
  } catch (err) {
    throw await explain(integration, row, uploadUrl, err);
  }
  if (!result.done) {
    await uploadStore.extend(db, row.id, result.state.expirationDateTime);
    return { done: false, nextExpectedRanges: result.state.nextExpectedRanges };
  }
  const link = await links.attach(row, result.item);
  if (!(await uploadStore.complete(db, row.id, link.id))) {
    const again = await uploadStore.forCaller(db, caller, uploadId);
    if (again.completed_link_id) return finished(links, again.completed_link_id);
  }
  return { done: true, file: link };
}

async function finished<L extends { id: string }>(links: UploadLinks<L>, linkId: string): Promise<ChunkAnswer<L>> {
  const link = await links.byId(linkId);
  if (!link) throw new FilesError(410, 'upload_expired', 'This upload finished, but its file was detached since. Upload it again to attach it.');
  return { done: true, file: link };
}

const expired = (why: string) => new FilesError(410, 'upload_expired', `This upload can no longer continue (${why}): start it again.`);

/** A failed fragment, said so the client can act: resume where OneDrive says, start again, or fix the cause. */
async function explain(integration: MicrosoftIntegration, row: UploadRow, uploadUrl: string, err: unknown): Promise<unknown> {
  if (isMicrosoftError(err, 'rangeNotSatisfiable')) {
    const state = await sessionStatus(integration.transport.fetch, uploadUrl).catch(() => undefined);
    const ranges = state?.nextExpectedRanges ?? [];
    return new FilesError(416, 'range_not_satisfiable', `OneDrive expected a different chunk${ranges.length ? ` (next: bytes ${ranges.join(', ')})` : ''}. Resume from nextExpectedRanges.`, { nextExpectedRanges: ranges }, err);
  }
  // Graph: a session that no longer exists answers 404 (some stacks 410); only starting over helps.
  if (isMicrosoftError(err, 'notFound') || isMicrosoftError(err, 'deltaExpired')) {
    await uploadStore.remove(integration.database.db, row.id);
    return expired('the upload session expired or was cancelled');
  }
  if (isMicrosoftError(err, 'conflict')) {
    return new FilesError(409, 'name_conflict', `OneDrive could not save "${row.name}": something with that name appeared in the record's folder meanwhile. Start the upload again.`, {}, err);
  }
  return fromMicrosoftError(err, `"${row.name}"`) ?? err;
}
