import { MicrosoftError, type ErrorKind } from './errors.js';

/**
 * Identity-platform errors: an OAuth `error` string plus, usually, an AADSTS number (in `error_codes`
 * or inside `error_description`). The number decides when present, because it is more specific than
 * the OAuth error (an invalid_grant can mean a revoked grant or a consent the tenant reserves for admins).
 */

/** Revoked, expired or inactive grants and bad codes or verifiers: the user must sign in again. */
const REAUTH = new Set([50173, 700082, 70008, 70000, 700084, 50076, 50079, 50078, 50158, 50133, 50089]);
const DECLINED = new Set([65004]);
/**
 * Admin consent required (90094, 90099), the tenant's admin consent request workflow (90095: the
 * user may send a request to an admin), or the app not yet consented in the tenant (90008).
 */
const ADMIN = new Set([90094, 90095, 90099, 90008]);
/**
 * Consent missing for a requested scope. On the authorize redirect it means the tenant did not let
 * the user grant it (an admin must); at the token endpoint (silent or refresh request) it only means
 * the grant lacks the scope and the user has to go through an interactive sign-in.
 */
const CONSENT_MISSING = new Set([65001]);
/** Application misconfigured: wrong or expired secret, unknown app, bad redirect URI. */
const FATAL = new Set([7000215, 7000222, 700016, 50011, 90002, 900971]);

/** The AADSTS number in a text, parsed from the code only (never from surrounding prose). */
export function aadstsNumber(text: string | undefined): number | undefined {
  const m = text ? /\bAADSTS(\d{4,8})\b/.exec(text) : null;
  return m ? Number(m[1]) : undefined;
}

/**
 * Where the error came from: the browser's redirect back from the authorize or adminconsent page,
 * or a token request made by Tandem itself (code redemption, silent or refresh request).
 */
export type IdentityErrorSource = 'authorize' | 'token';

function kindFor(error: string, aadsts: number | undefined, status: number | undefined, source: IdentityErrorSource): ErrorKind {
  if (aadsts !== undefined) {
    if (REAUTH.has(aadsts)) return 'reauthRequired';
    if (DECLINED.has(aadsts)) return 'consentDeclined';
    if (ADMIN.has(aadsts)) return 'needsAdminApproval';
    if (CONSENT_MISSING.has(aadsts)) return source === 'authorize' ? 'needsAdminApproval' : 'reauthRequired';
    if (FATAL.has(aadsts)) return 'fatal';
  }
  switch (error) {
    case 'invalid_grant':
    case 'interaction_required':
    case 'login_required':
    case 'no_tokens_found':
    case 'refresh_token_expired':
    case 'bad_token':
    case 'no_account_found':
    case 'no_account_in_silent_request':
      return 'reauthRequired';
    case 'access_denied':
      return 'consentDeclined';
    case 'consent_required':
      return source === 'authorize' ? 'needsAdminApproval' : 'reauthRequired';
    case 'invalid_client':
    case 'unauthorized_client':
    case 'invalid_request':
    case 'invalid_scope':
      return 'fatal';
    case 'temporarily_unavailable':
    case 'server_error':
    case 'network_error':
    case 'no_network_connectivity':
    case 'endpoints_resolution_error':
    case 'openid_config_error':
      return 'transient';
  }
  if (status !== undefined && status >= 500) return 'transient';
  return 'fatal';
}

export interface IdentityErrorInput {
  /** Required: the same code means different things on the authorize redirect and at the token endpoint. */
  source: IdentityErrorSource;
  error?: string;
  error_description?: string;
  error_codes?: readonly number[];
  status?: number;
}

/** Classifies an OAuth error response (token endpoint body, or the authorize/adminconsent callback query). */
export function classifyIdentityError(input: IdentityErrorInput): MicrosoftError {
  const error = (input.error ?? '').toLowerCase();
  const aadsts = input.error_codes?.[0] ?? aadstsNumber(input.error_description);
  const kind = kindFor(error, aadsts, input.status, input.source);
  return new MicrosoftError(kind, `identity platform: ${error || 'error'}${aadsts !== undefined ? ` AADSTS${aadsts}` : ''}`, {
    ...(input.status !== undefined ? { status: input.status } : {}),
    ...(error ? { code: error } : {}),
    ...(aadsts !== undefined ? { aadsts } : {}),
  });
}

/**
 * Classifies whatever MSAL Node throws. MSAL only talks to the token endpoint (code redemption,
 * silent and refresh requests), so its errors are always classified as token-endpoint errors.
 * It throws InteractionRequiredAuthError, ServerError, ClientAuthError
 * (their `errorCode`, `subError`, `errorNo` and the AADSTS code inside `errorMessage`), our own
 * MicrosoftError (passed through) or a raw network failure.
 */
export function classifyMsalError(e: unknown): MicrosoftError {
  if (e instanceof MicrosoftError) return e;
  const err = (e ?? {}) as { errorCode?: unknown; subError?: unknown; errorNo?: unknown; errorMessage?: unknown; status?: unknown; name?: unknown };
  if (typeof err.errorCode !== 'string') {
    const name = typeof err.name === 'string' ? err.name : '';
    const kind: ErrorKind = name === 'TimeoutError' || name === 'AbortError' || name === 'TypeError' ? 'transient' : 'fatal';
    return new MicrosoftError(kind, 'identity platform request failed', { cause: e });
  }
  const errorNo = typeof err.errorNo === 'string' && /^\d+$/.test(err.errorNo) ? Number(err.errorNo) : undefined;
  const aadsts = errorNo ?? aadstsNumber(typeof err.errorMessage === 'string' ? err.errorMessage : undefined);
  const subError = typeof err.subError === 'string' ? err.subError : '';
  const status = typeof err.status === 'number' ? err.status : undefined;
  // A consent_required sub-error under interaction_required is still a consent problem (interaction needed).
  const error = subError === 'consent_required' ? 'consent_required' : err.errorCode;
  const base = classifyIdentityError({
    source: 'token',
    error,
    ...(aadsts !== undefined ? { error_codes: [aadsts] } : {}),
    ...(status !== undefined ? { status } : {}),
  });
  return new MicrosoftError(base.kind, base.message, {
    ...(base.status !== undefined ? { status: base.status } : {}),
    code: err.errorCode,
    ...(base.aadsts !== undefined ? { aadsts: base.aadsts } : {}),
    cause: e,
  });
}
