import { randomUUID } from 'node:crypto';

/** The OAuth `error` values the sandbox answers with (a closed set, as clients branch on them). */
export type OAuthErrorKind =
  | 'invalid_request' | 'invalid_grant' | 'invalid_client' | 'unauthorized_client' | 'unsupported_grant_type'
  | 'invalid_scope' | 'access_denied' | 'consent_required' | 'login_required' | 'interaction_required';

/**
 * Entra's `suberror`: what the client should do about an invalid_grant. MSAL turns `bad_token` and
 * `consent_required` (among others) into InteractionRequiredAuthError, so apps send the user back
 * to sign in instead of failing.
 */
export type AadSubError = 'bad_token' | 'consent_required';

/** One AADSTS failure: the code, the OAuth error and the text after "AADSTSnnnn: ". */
export class AadError extends Error {
  constructor(
    readonly kind: OAuthErrorKind, readonly code: number, readonly text: string, readonly status = 400,
    readonly suberror?: AadSubError,
  ) {
    super(`AADSTS${code}: ${text}`);
  }
}

export interface AadErrorBody {
  error: OAuthErrorKind;
  error_description: string;
  error_codes: number[];
  timestamp: string;
  trace_id: string;
  correlation_id: string;
  error_uri: string;
  suberror?: AadSubError;
}

function stamp(date: Date): string {
  return date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

/** The token endpoint's JSON error body, shaped like Microsoft's. */
export function aadErrorBody(err: AadError, now: Date): AadErrorBody {
  const trace = randomUUID();
  const correlation = randomUUID();
  const timestamp = stamp(now);
  return {
    error: err.kind,
    error_description: `${err.message}\r\nTrace ID: ${trace}\r\nCorrelation ID: ${correlation}\r\nTimestamp: ${timestamp}`,
    error_codes: [err.code],
    timestamp,
    trace_id: trace,
    correlation_id: correlation,
    error_uri: `https://login.microsoftonline.com/error?code=${err.code}`,
    ...(err.suberror ? { suberror: err.suberror } : {}),
  };
}

/** The error parameters appended to a redirect_uri. */
export function aadErrorParams(err: AadError, now: Date): Record<string, string> {
  const body = aadErrorBody(err, now);
  return { error: body.error, error_description: body.error_description };
}

/** The AADSTS failures the sandbox produces, named after Microsoft's tags. */
export const Aad = {
  tenantNotFound: (t: string) => new AadError('invalid_request', 90002, `Tenant '${t}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`),
  appNotFound: (id: string) => new AadError('unauthorized_client', 700016, `Application with identifier '${id}' was not found in the directory.`),
  missingParam: (name: string) => new AadError('invalid_request', 900144, `The request body must contain the following parameter: '${name}'.`),
  redirectMismatch: (uri: string, app: string) => new AadError('invalid_request', 50011, `The redirect URI '${uri}' specified in the request does not match the redirect URIs configured for the application '${app}'.`),
  pkceRequired: () => new AadError('invalid_request', 9002325, 'Proof Key for Code Exchange is required for cross-origin authorization code redemption.'),
  badChallengeMethod: () => new AadError('invalid_request', 501491, 'Invalid size of Code_Challenge parameter or unsupported code_challenge_method; only S256 is accepted.'),
  unsupportedResponseType: () => new AadError('invalid_request', 70005, "The provided value for the input parameter 'response_type' is not allowed for this request. Expected value is 'code'."),
  invalidScope: (s: string) => new AadError('invalid_client', 650053, `The application asked for scope '${s}' that doesn't exist on the resource '00000003-0000-0000-c000-000000000000'.`),
  multipleResources: () => new AadError('invalid_scope', 700022, "The provided value for the input parameter scope isn't valid because it contains more than one resource."),
  declined: () => new AadError('access_denied', 65004, 'User declined to consent to access the app.'),
  adminDeclined: () => new AadError('consent_required', 65004, 'The resource owner or authorization server denied the request.'),
  adminConsentRequired: (app: string) => new AadError('consent_required', 90094, `The app '${app}' needs permission to access resources in your organization that only an admin can grant. Please ask an admin to grant permission to this app before you can use it.`),
  notAdmin: () => new AadError('consent_required', 90094, 'Administrator consent is required; the signed-in user is not an administrator of the tenant.'),
  commonAdminConsent: () => new AadError('invalid_request', 90130, "Admin consent can't be given over the /common endpoint. Use the /organizations or tenant-specific endpoint instead."),
  loginRequired: () => new AadError('login_required', 50058, 'A silent sign-in request was sent but no user is signed in.'),
  notConsented: (app: string) => new AadError('invalid_grant', 65001, `The user or administrator has not consented to use the application with ID '${app}'. Send an interactive authorization request for this user and resource.`, 400, 'consent_required'),
  secretMissing: () => new AadError('invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.", 401),
  secretInvalid: (app: string) => new AadError('invalid_client', 7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app}'.`, 401),
  unsupportedGrant: (g: string) => new AadError('unsupported_grant_type', 70003, `The app requested an unsupported grant type '${g}'.`),
  malformedGrant: () => new AadError('invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.'),
  codeExpired: () => new AadError('invalid_grant', 70008, 'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.'),
  codeRedeemed: () => new AadError('invalid_grant', 54005, 'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.'),
  verifierMismatch: () => new AadError('invalid_grant', 501481, 'The Code_Verifier does not match the code_challenge supplied in the authorization request.'),
  codeClientMismatch: () => new AadError('invalid_grant', 70000, 'The provided authorization code was issued to a different client or redirect URI.'),
  wrongTenant: () => new AadError('invalid_grant', 700005, 'Provided Authorization Code is intended to use against other tenant, thus rejected.'),
  revoked: () => new AadError('invalid_grant', 50173, 'The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password.', 400, 'bad_token'),
  idle: (issued: Date, idleSec: number) => new AadError('invalid_grant', 700082, `The refresh token has expired due to inactivity. The token was issued on ${issued.toISOString()} and was inactive for ${Math.round(idleSec / 86400)}.00:00:00.`, 400, 'bad_token'),
  rtClientMismatch: () => new AadError('invalid_grant', 70000, 'Provided grant is invalid or malformed: the refresh token was issued to a different client.'),
} as const;
