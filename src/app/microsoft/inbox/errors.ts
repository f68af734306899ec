import { isMicrosoftError, userMessage, type ErrorKind, type MicrosoftError } from '../../../microsoft/graph/errors.js';

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

/** Graph's 403 to a send when Tandem's record still lists Mail.Send: the user withdrew it at Microsoft. */
export const sendWithdrawn = (): InboxError =>
  new InboxError(403, 'feature_not_granted', 'Microsoft 365 refused to send: Send mail is no longer granted to Tandem. Reconnect in Settings → Integrations → Microsoft 365 to grant it again.');

/** What an action means by Graph answers that depend on what was asked. */
export interface ActionRefusals {
  /** A 400 with no Graph code the inbox knows. */
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
  notFound: [404, 'not_found'],
  conflict: [409, 'conflict'],
  fatal: [502, 'microsoft_unavailable'],
};

/** The sync's sentence says what is wrong; an inbox action also needs to say where to fix it. */
const RECONNECT = 'Tandem lost access to your Microsoft 365 account. Reconnect it in Settings → Integrations → Microsoft 365, then try again.';

/**
 * Graph's 400 codes the inbox can explain. Graph classifies a 400 as fatal (a request Tandem should
 * never have made); for a draft whose state changed in Outlook it is the item's state, not a bug.
 */
function fromGraphBadRequest(err: MicrosoftError, rejected: InboxError | undefined): InboxError | undefined {
  if (err.kind !== 'fatal' || err.status !== 400) return undefined;
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
  const explained = fromGraphBadRequest(err, refusals.badRequest);
  if (explained) return explained;
  if (err.kind === 'forbidden' && refusals.forbidden) return refusals.forbidden;
  const [status, code] = STATUS_BY_KIND[err.kind];
  return new InboxError(status, code, err.kind === 'reauthRequired' ? RECONNECT : userMessage(err.kind));
}
