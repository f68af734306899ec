import { isMicrosoftError, userMessage, type MicrosoftError } from '../../../microsoft/graph/errors.js';

/** The files API's refusals, each with the HTTP status and code the API answers with. */
export type FilesErrorCode =
  | 'not_connected' | 'needs_reconnect' | 'feature_not_granted' | 'needs_admin_approval' | 'feature_unavailable'
  | 'validation_failed' | 'not_found' | 'forbidden' | 'no_access' | 'file_no_access' | 'too_large' | 'quota_exceeded' | 'name_conflict'
  | 'locked' | 'conflict' | 'range_not_satisfiable' | 'upload_expired' | 'microsoft_invalid_request' | 'microsoft_unavailable' | 'unsupported_media_type';

export class FilesError extends Error {
  /** `extra` goes into the error answer beside code and message (e.g. where to resume an upload). */
  constructor(readonly status: number, readonly code: FilesErrorCode, message: string, readonly extra: Record<string, unknown> = {}, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'FilesError';
  }
}

export const invalid = (message: string): FilesError => new FilesError(400, 'validation_failed', message);

const RECONNECT = 'Tandem lost access to your Microsoft 365 account. Reconnect it in Settings → Integrations → Microsoft 365, then try again.';

/**
 * A Graph failure as the files API answers it, by kind. `what` names the thing acted on for the
 * sentences that need it ("the folder", "the file").
 */
export function fromMicrosoftError(err: unknown, what = 'the item'): FilesError | undefined {
  if (!isMicrosoftError(err)) return undefined;
  const e: MicrosoftError = err;
  switch (e.kind) {
    case 'reauthRequired':
      return new FilesError(409, 'needs_reconnect', RECONNECT, {}, e);
    case 'notFound':
      return new FilesError(404, 'not_found', `${cap(what)} was not found in Microsoft 365: it may have been moved or deleted. Go back and pick again.`, {}, e);
    case 'forbidden':
    case 'needsAdminApproval':
    case 'consentDeclined':
      return new FilesError(403, 'no_access', `Your Microsoft 365 account has no access to ${what}.`, {}, e);
    case 'quotaExceeded':
      return new FilesError(507, 'quota_exceeded', 'Your OneDrive is full: free up space in OneDrive (or ask for more storage), then try again.', {}, e);
    case 'locked':
      return new FilesError(423, 'locked', `${cap(what)} is locked in Microsoft 365 (open for editing or checked out by someone). Try again once it is closed.`, {}, e);
    case 'conflict':
      return e.status === 412
        ? new FilesError(412, 'conflict', `${cap(what)} was changed in Microsoft 365 meanwhile. Reload and try again.`, {}, e)
        : new FilesError(409, 'name_conflict', `Something with that name already exists there. Choose another name.`, {}, e);
    case 'rangeNotSatisfiable':
      return new FilesError(416, 'range_not_satisfiable', userMessage(e.kind), {}, e);
    case 'invalidRequest':
      return new FilesError(422, 'microsoft_invalid_request', userMessage(e.kind), {}, e);
    case 'throttled':
    case 'transient':
    case 'deltaExpired':
    case 'fatal':
      return new FilesError(503, 'microsoft_unavailable', 'Microsoft 365 did not answer; try again in a moment.', {}, e);
  }
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
