import { isMicrosoftError, userMessage, type ErrorKind } from '../../../microsoft/graph/errors.js';

/** The inbox's own refusals, each with the HTTP status and code the API answers with. */
export type InboxErrorCode = 'not_connected' | 'feature_not_granted' | 'needs_reconnect' | 'not_found' | 'validation_failed' | 'microsoft_unavailable' | 'microsoft_refused' | 'conflict';

export class InboxError extends Error {
  constructor(readonly status: number, readonly code: InboxErrorCode, message: string) {
    super(message);
    this.name = 'InboxError';
  }
}

export const notFound = (what = 'message'): InboxError => new InboxError(404, 'not_found', `${what} not found`);
export const invalidInput = (message: string): InboxError => new InboxError(400, 'validation_failed', message);

const STATUS_BY_KIND: Record<ErrorKind, [number, InboxErrorCode]> = {
  throttled: [503, 'microsoft_unavailable'],
  transient: [503, 'microsoft_unavailable'],
  deltaExpired: [503, 'microsoft_unavailable'],
  reauthRequired: [409, 'needs_reconnect'],
  needsAdminApproval: [403, 'microsoft_refused'],
  consentDeclined: [403, 'microsoft_refused'],
  forbidden: [403, 'microsoft_refused'],
  notFound: [404, 'not_found'],
  conflict: [409, 'conflict'],
  fatal: [502, 'microsoft_unavailable'],
};

/** A Microsoft failure as the inbox API reports it: branch on the kind, show the kind's sentence. */
export function fromMicrosoftError(err: unknown): InboxError | undefined {
  if (!isMicrosoftError(err)) return undefined;
  const [status, code] = STATUS_BY_KIND[err.kind];
  return new InboxError(status, code, userMessage(err.kind));
}
