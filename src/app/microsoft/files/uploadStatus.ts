import { cancelSession, sessionStatus } from '../../../microsoft/files/uploadSession.js';
import { isMicrosoftError } from '../../../microsoft/graph/errors.js';
import type { MicrosoftIntegration } from '../integration.js';
import type { Caller } from './access.js';
import { FilesError, fromMicrosoftError } from './errors.js';
import { uploadStore } from './uploadStore.js';

/** Where to resume: OneDrive's own account of the bytes it has, after a chunk failed or its answer was lost. */
export async function uploadStatus(integration: MicrosoftIntegration, caller: Caller, uploadId: string): Promise<{ nextExpectedRanges: string[]; expiresAt: string }> {
  const db = integration.database.db;
  const row = await uploadStore.forCaller(db, caller, uploadId);
  if (row.completed_link_id) return { nextExpectedRanges: [], expiresAt: row.expires_at };
  try {
    const state = await sessionStatus(integration.transport.fetch, uploadStore.uploadUrl(integration.box, row));
    await uploadStore.extend(db, row.id, state.expirationDateTime);
    return { nextExpectedRanges: state.nextExpectedRanges, expiresAt: state.expirationDateTime ?? row.expires_at };
  } catch (err) {
    if (isMicrosoftError(err, 'notFound') || isMicrosoftError(err, 'deltaExpired')) {
      await uploadStore.remove(db, row.id);
      throw new FilesError(410, 'upload_expired', 'This upload expired (OneDrive keeps an unfinished upload for a limited time): start it again.', {}, err);
    }
    throw fromMicrosoftError(err, `"${row.name}"`) ?? err;
  }
}

/** Cancels an upload: OneDrive drops the bytes it has; nothing is attached. */
export async function cancelUpload(integration: MicrosoftIntegration, caller: Caller, uploadId: string): Promise<void> {
  const db = integration.database.db;
  const row = await uploadStore.forCaller(db, caller, uploadId);
  if (!row.completed_link_id) {
    try {
      await cancelSession(integration.transport.fetch, uploadStore.uploadUrl(integration.box, row));
    } catch (err) {
      throw fromMicrosoftError(err, `"${row.name}"`) ?? err;
    }
  }
  await uploadStore.remove(db, row.id);
}
