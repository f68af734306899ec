/**
 * The sentence shown for each `?error=<kind>` the sign-in callbacks put on the Settings URL.
 * The kinds are a closed set decided by the server; anything unknown gets the generic sentence.
 */
const MESSAGES: Record<string, string> = {
  consentDeclined: 'You cancelled the Microsoft permission request, so nothing was changed. You can connect again at any time.',
  needsAdminApproval:
    'Your organization requires an administrator to approve one or more of the requested permissions. Ask an administrator to authorize it for the org here in Settings.',
  codeExpired: 'The Microsoft sign-in expired or was already used. Please try again.',
  differentAccount: 'You signed in with a different Microsoft account than the one connected. Disconnect it first, or sign in with the connected account.',
  disconnecting: 'Your previous Microsoft connection is still being removed. Try again in a moment.',
  tenantMismatch: 'Microsoft returned an approval for a different organization than the one your account belongs to, so it was ignored.',
  transient: 'Microsoft could not be reached just now. Please try again in a moment.',
  fatal: 'Microsoft refused the request because of how Tandem is set up. Ask your Tandem administrator to check the Microsoft app registration.',
};

const ADMIN_CONSENT: Record<string, string> = {
  needsAdminApproval: 'Only an administrator of your Microsoft 365 organization can authorize this for everyone. Ask one to sign in to Tandem and use "Authorize … for the org" here in Settings.',
  consentDeclined: 'The organization-wide approval was cancelled, so nothing was changed.',
};

export function errorSentence(kind: string, purpose: string | null): string {
  if (purpose === 'adminConsent' && ADMIN_CONSENT[kind]) return ADMIN_CONSENT[kind]!;
  return MESSAGES[kind] ?? 'Connecting to Microsoft 365 did not work. Please try again.';
}

/** Reads what the callback said (error, connected, admin consent) from the current URL. */
export function callbackNotice(search: string): { kind: 'error' | 'success'; text: string } | null {
  const q = new URLSearchParams(search);
  const error = q.get('error');
  if (error) return { kind: 'error', text: errorSentence(error, q.get('purpose')) };
  if (q.get('adminConsent') === '1') {
    const text = q.get('features') === 'sharepoint'
      ? 'SharePoint is now authorized for everyone in your organization.'
      : 'These features are now authorized for everyone in your organization; each person can enable them without further approval.';
    return { kind: 'success', text };
  }
  if (q.get('connected') === '1') return { kind: 'success', text: 'Microsoft 365 is connected.' };
  return null;
}

/** A refused first connect: what was asked for, what could be retried without the typically admin-only features. */
export interface AdminApprovalHelp {
  requested: string[];
  without: string[];
  /** Even sign-in and the everyday features need an administrator: nothing to drop. */
  baseBlocked: boolean;
}

export function adminApprovalHelp(search: string): AdminApprovalHelp | null {
  const q = new URLSearchParams(search);
  if (q.get('error') !== 'needsAdminApproval' || q.get('purpose') !== 'connect') return null;
  const list = (k: string) => (q.get(k) ?? '').split(',').filter(Boolean);
  return { requested: list('features'), without: list('without'), baseBlocked: q.get('baseBlocked') === '1' };
}
