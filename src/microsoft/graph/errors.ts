import { parseRetryAfter } from './retryAfter.js';

/**
 * Every failure talking to Microsoft becomes one of these kinds. Callers branch on the kind, never
 * on message text; the set is closed so a switch over it is checked for exhaustiveness.
 */
export type ErrorKind =
  | 'throttled'
  | 'deltaExpired'
  | 'reauthRequired'
  | 'needsAdminApproval'
  | 'consentDeclined'
  | 'notFound'
  | 'conflict'
  | 'forbidden'
  | 'invalidRequest'
  | 'quotaExceeded'
  | 'locked'
  | 'rangeNotSatisfiable'
  | 'transient'
  | 'fatal';

export const ERROR_KINDS: readonly ErrorKind[] = [
  'throttled', 'deltaExpired', 'reauthRequired', 'needsAdminApproval', 'consentDeclined',
  'notFound', 'conflict', 'forbidden', 'invalidRequest', 'quotaExceeded', 'locked', 'rangeNotSatisfiable', 'transient', 'fatal',
];

export interface MicrosoftErrorDetails {
  status?: number;
  /** Graph error code, or the OAuth error of the identity platform. */
  code?: string;
  retryAfterMs?: number;
  /** The AADSTS number, when the identity platform gave one. */
  aadsts?: number;
  cause?: unknown;
}

export class MicrosoftError extends Error {
  readonly kind: ErrorKind;
  readonly status?: number;
  readonly code?: string;
  readonly retryAfterMs?: number;
  readonly aadsts?: number;

  constructor(kind: ErrorKind, message: string, details: MicrosoftErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'MicrosoftError';
    this.kind = kind;
    if (details.status !== undefined) this.status = details.status;
    if (details.code !== undefined) this.code = details.code;
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
    if (details.aadsts !== undefined) this.aadsts = details.aadsts;
  }
}

export function isMicrosoftError(e: unknown, kind?: ErrorKind): e is MicrosoftError {
  return e instanceof MicrosoftError && (kind === undefined || e.kind === kind);
}

/** The sentence the UI shows for each kind. */
export function userMessage(kind: ErrorKind): string {
  switch (kind) {
    case 'throttled':
      return 'Microsoft 365 asked Tandem to slow down. Tandem will retry shortly.';
    case 'deltaExpired':
      return 'Microsoft 365 asked Tandem to start this sync over. It is resyncing now.';
    case 'reauthRequired':
      return 'Tandem lost access to this Microsoft 365 account. Reconnect to resume syncing.';
    case 'needsAdminApproval':
      return 'Your organization requires an administrator to approve this permission. Ask your Microsoft 365 administrator to approve Tandem.';
    case 'consentDeclined':
      return 'The permission request was cancelled, so nothing was changed. You can try again at any time.';
    case 'notFound':
      return 'This item no longer exists in Microsoft 365.';
    case 'conflict':
      return 'This item was changed in Microsoft 365 at the same time. Reload it and try again.';
    case 'forbidden':
      return 'Microsoft 365 did not allow this action for your account.';
    case 'invalidRequest':
      return 'Microsoft 365 did not accept the request as sent, so nothing was changed. Tandem has recorded the details.';
    case 'quotaExceeded':
      return 'The OneDrive or SharePoint storage is full. Free up space there, then try again.';
    case 'locked':
      return 'The file is locked in Microsoft 365 (open for editing or checked out). Try again once it is closed.';
    case 'rangeNotSatisfiable':
      return 'Microsoft 365 expected a different part of the upload. Resume from where it says.';
    case 'transient':
      return 'Microsoft 365 could not be reached just now. Tandem will retry.';
    case 'fatal':
      return 'Something went wrong talking to Microsoft 365. Tandem has recorded the error.';
  }
}

// ---- Graph responses -------------------------------------------------------------------------

/**
 * A cursor Graph will never take again. ErrorInvalidSyncStateData (Outlook: a token it cannot
 * read, or one minted for another folder) cannot recover by retrying the same cursor either:
 * only a reset into a full round does.
 */
const DELTA_EXPIRED_CODES = new Set(['syncstatenotfound', 'resyncrequired', 'syncstateinvalid', 'errorinvalidsyncstatedata']);
const NOT_FOUND_CODES = new Set(['erroritemnotfound', 'resourcenotfound', 'itemnotfound']);
const CONFLICT_CODES = new Set(['errorirresolvableconflict', 'conflict']);
/** OneDrive and SharePoint: storage full (507), a locked file (423), a fragment not where the upload session is (416). */
const QUOTA_CODES = new Set(['quotalimitreached', 'insufficientstorage']);
const LOCKED_CODES = new Set(['resourcelocked', 'locked']);
const RANGE_CODES = new Set(['invalidrange']);

function parseBody(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** Reads `error.code` from a Graph error body (parsed JSON or raw text). */
export function graphErrorCode(body: unknown): string | undefined {
  return graphErrorCodes(body)[0];
}

/**
 * Every code in a Graph error body, outermost first: `error.code`, then the codes of nested
 * `innerError` objects. Graph documents that the more specific code may sit in an innerError
 * (e.g. a generic invalidRequest wrapping resyncRequired) and that clients should use the most
 * detailed code they understand.
 */
export function graphErrorCodes(body: unknown): string[] {
  const codes: string[] = [];
  let e = (parseBody(body) as { error?: unknown } | null | undefined)?.error;
  for (let depth = 0; depth < 8 && typeof e === 'object' && e !== null; depth++) {
    const o = e as { code?: unknown; innerError?: unknown; innererror?: unknown };
    if (typeof o.code === 'string' && o.code !== '') codes.push(o.code);
    e = o.innerError ?? o.innererror;
  }
  return codes;
}

/** Classifies a non-2xx Graph response by status and Graph error code. */
export function classifyGraphResponse(status: number, body: unknown, headers?: Headers): MicrosoftError {
  const codes = graphErrorCodes(body);
  const code = codes[0];
  const lower = codes.map((x) => x.toLowerCase());
  const any = (set: Set<string>) => lower.some((x) => set.has(x));
  const retryAfterMs = parseRetryAfter(headers?.get('retry-after'));
  const details: MicrosoftErrorDetails = { status, ...(code ? { code } : {}), ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  const msg = (what: string) => `Graph ${status}${code ? ` ${code}` : ''}: ${what}`;

  if (status === 429 || (status === 503 && retryAfterMs !== undefined)) return new MicrosoftError('throttled', msg('throttled'), details);
  if (status === 410 || any(DELTA_EXPIRED_CODES)) return new MicrosoftError('deltaExpired', msg('sync state expired'), details);
  if (status === 401) return new MicrosoftError('reauthRequired', msg('access token rejected'), details);
  if (status === 507 || any(QUOTA_CODES)) return new MicrosoftError('quotaExceeded', msg('storage full'), details);
  if (status === 423 || any(LOCKED_CODES)) return new MicrosoftError('locked', msg('locked'), details);
  if (status === 416 || any(RANGE_CODES)) return new MicrosoftError('rangeNotSatisfiable', msg('range not satisfiable'), details);
  if (status === 404 || any(NOT_FOUND_CODES)) return new MicrosoftError('notFound', msg('not found'), details);
  if (status === 409 || status === 412 || any(CONFLICT_CODES)) return new MicrosoftError('conflict', msg('conflict'), details);
  if (status === 403) return new MicrosoftError('forbidden', msg('forbidden'), details);
  // Any other 400 is Graph rejecting what was asked (a malformed or unacceptable request, or input
  // such as an address it will not take): not an outage, and the same request would fail again.
  if (status === 400) return new MicrosoftError('invalidRequest', msg('request rejected'), details);
  if (status === 500 || status === 502 || status === 503 || status === 504) return new MicrosoftError('transient', msg('server error'), details);
  return new MicrosoftError('fatal', msg('request failed'), details);
}

/** A request that never got an HTTP answer (DNS, reset, TLS, timeout). */
export function classifyNetworkError(cause: unknown): MicrosoftError {
  const name = (cause as { name?: string } | null)?.name;
  const timedOut = name === 'TimeoutError' || name === 'AbortError';
  return new MicrosoftError('transient', timedOut ? 'Graph request timed out' : 'Graph could not be reached', { cause });
}

