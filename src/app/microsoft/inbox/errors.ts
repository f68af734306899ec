import { isMicrosoftError, userMessage, type ErrorKind, type MicrosoftError } from '../../../microsoft/graph/errors.js';

/** The inbox's own refusals, each with the HTTP status and code the API answers with. */
export type InboxErrorCode =
  | 'not_connected' | 'feature_not_granted' | 'needs_reconnect' | 'not_found' | 'validation_failed'
  | 'microsoft_unavailable' | 'microsoft_refused' | 'microsoft_invalid_request' | 'conflict';

export class InboxError extends Error {
  /** `cause` is the Microsoft failure behind the refusal, for the log: its Graph code is not the user's business. */
  constructor(readonly status: number, readonly code: InboxErrorCode, message: string, cause?: MicrosoftError) {
    super(message, cause ? { cause } : undefined);
    this.name = 'InboxError';
  }
}

export const notFound = (what = 'message'): InboxError =>
  new InboxError(404, 'not_found', `${what.charAt(0).toUpperCase()}${what.slice(1)} not found: it may have been moved or deleted in Outlook. Reload the inbox.`);
export const invalidInput = (message: string): InboxError => new InboxError(400, 'validation_failed', message);

/** Graph's 403 to a send when Tandem's record still lists Mail.Send: the user withdrew it at Microsoft. */
export const sendWithdrawn = (): InboxError =>
  new InboxError(403, 'feature_not_granted', 'Microsoft 365 refused to send: Send mail is no longer granted to Tandem. Reconnect in Settings → Integrations → Microsoft 365 to grant it again.');

/**
 * Graph's 400 to an action: Microsoft 365 would not take what was sent. Tandem's own checks passed,
 * so it is neither the user's validation_failed nor an outage; `message` says what did not happen.
 */
export const rejectedByMicrosoft = (message: string): InboxError => new InboxError(422, 'microsoft_invalid_request', message);

/** What an action means by Graph answers that depend on what was asked. */
export interface ActionRefusals {
  /** A 400 (invalidRequest) with no Graph code the inbox knows. */
  badRequest?: InboxError;
  /** A 403 although the feature was granted when Tandem last heard. */
  forbidden?: InboxError;
}

/** Outlook already sent it: the draft can be neither edited nor sent again. */
export const alreadySent = (): InboxError =>
  new InboxError(409, 'conflict', 'This draft was already sent (or is no longer a draft) in Outlook, so it cannot be changed or sent again. Reload the inbox.');

const STATUS_BY_KIND: Record<ErrorKind, [number, InboxErrorCode]> = {
  throttled: [503, 'microsoft_unavailable'],
  transient: [503, 'microsoft_unavailable'],
  deltaExpired: [503, 'microsoft_unavailable'],
  reauthRequired: [409, 'needs_reconnect'],
  needsAdminApproval: [403, 'microsoft_refused'],
  consentDeclined: [403, 'microsoft_refused'],
  forbidden: [403, 'microsoft_refused'],
  invalidRequest: [422, 'microsoft_invalid_request'],
  notFound: [404, 'not_found'],
  conflict: [409, 'conflict'],
  // Drive answers: mail never meets them, but a Graph kind the inbox cannot name is an outage to it.
  quotaExceeded: [502, 'microsoft_unavailable'],
  locked: [502, 'microsoft_unavailable'],
  rangeNotSatisfiable: [502, 'microsoft_unavailable'],
  fatal: [502, 'microsoft_unavailable'],
};

/** The sync's sentence says what is wrong; an inbox action also needs to say where to fix it. */
const RECONNECT = 'Tandem lost access to your Microsoft 365 account. Reconnect it in Settings → Integrations → Microsoft 365, then try again.';

/**
 * Graph's 400 codes the inbox can explain more precisely than "Microsoft 365 did not accept it":
 * for a draft whose state changed in Outlook it is the item's state, not the request.
 */
function fromGraphBadRequest(err: MicrosoftError, rejected: InboxError | undefined): InboxError | undefined {
  if (err.kind !== 'invalidRequest') return undefined;
  switch (err.code?.toLowerCase()) {
    case 'errorinvalidrecipients':
      return invalidInput('Microsoft 365 needs at least one valid recipient: add one in to, cc or bcc.');
    case 'errorinvalidpropertyupdatesentmessage':
      return alreadySent();
    default:
      return rejected;
  }
}

/**
 * A Microsoft failure as the inbox API reports it: branch on the kind, show the kind's sentence.
 * `refusals` say what the calling action means by a 400 or a 403.
 */
export function fromMicrosoftError(err: unknown, refusals: ActionRefusals = {}): InboxError | undefined {
  if (!isMicrosoftError(err)) return undefined;
  const explained = fromGraphBadRequest(err, refusals.badRequest) ?? (err.kind === 'forbidden' ? refusals.forbidden : undefined);
  if (explained) return new InboxError(explained.status, explained.code, explained.message, err);
  const [status, code] = STATUS_BY_KIND[err.kind];
  return new InboxError(status, code, err.kind === 'reauthRequired' ? RECONNECT : userMessage(err.kind), err);
}
