import { adminConsentUrl, parseAdminConsentCallback } from '../../microsoft/auth/index.js';
import { feature, isFeatureId } from '../../microsoft/catalogue.js';
import { randomBytes } from 'node:crypto';
import type { MicrosoftIntegration } from './integration.js';
import { ConnectError, settingsPath, type CallbackOutcome, type ConnectErrorKind } from './connect.js';

export const adminConsentCallbackPath = '/auth/microsoft/admin-consent/callback';

/**
 * Sends a (hopefully) tenant admin to approve an admin-only feature for the whole tenant. The
 * tenant comes from the caller's own connected account, never `common`; Microsoft decides whether
 * the person signing in is an admin.
 */
export async function startAdminConsent(integration: MicrosoftIntegration, who: { userId: string; workspaceId: string }, featureId: string): Promise<string> {
  if (!isFeatureId(featureId) || !feature(featureId).adminConsent) throw new ConnectError('unknownFeature', `"${featureId}" is not a feature that needs admin consent`);
  const account = await integration.accounts.byUser(who.userId);
  if (!account) throw new ConnectError('notConnected', 'connect Microsoft 365 first, so Tandem knows which organization to ask');
  const scopes = [...feature(featureId).scopes];
  const state = randomBytes(32).toString('base64url');
  await integration.signIns.create(who.userId, 'adminConsent', {
    codeVerifier: '', nonce: '', scopes, features: [featureId], workspaceId: who.workspaceId, tenantId: account.tenantId, accountId: account.id,
  }, state);
  return adminConsentUrl(
    { loginUrl: integration.config.ms.loginUrl, clientId: integration.config.ms.clientId! },
    { tenant: account.tenantId, scopes, redirectUri: `${integration.config.publicUrl}${adminConsentCallbackPath}`, state },
  );
}

const toSettings = (params: Record<string, string>): CallbackOutcome => ({ kind: 'redirect', location: `${settingsPath}?${new URLSearchParams(params)}` });

export async function completeAdminConsent(integration: MicrosoftIntegration, sessionUserId: string | undefined, q: Record<string, string | undefined>): Promise<CallbackOutcome> {
  const parsed = parseAdminConsentCallback(q);
  const consumed = await integration.signIns.consume(parsed.state ?? '');
  if (!consumed.ok || consumed.signIn.purpose !== 'adminConsent') {
    return { kind: 'page', status: 400, message: 'This approval link is not valid, has expired or was already used. Go back to Settings and start again.' };
  }
  const signIn = consumed.signIn;
  if (!sessionUserId || sessionUserId !== signIn.userId) {
    return { kind: 'page', status: 403, message: 'This approval was started by a different Tandem user. Sign in to Tandem as that user and start again from Settings.' };
  }
  const failed = (kind: ConnectErrorKind) => toSettings({ error: kind, purpose: 'adminConsent', features: signIn.secret.features.join(',') });
  if (!parsed.ok) {
    const k = parsed.error.kind;
    return failed(k === 'consentDeclined' ? 'consentDeclined' : k === 'needsAdminApproval' || k === 'forbidden' ? 'needsAdminApproval' : k === 'transient' ? 'transient' : 'fatal');
  }
  // The returned tenant is only a hint; the approval is recorded for the tenant this sign-in was sent to.
  const tenantId = signIn.secret.tenantId;
  if (!tenantId || (parsed.tenant !== undefined && parsed.tenant.toLowerCase() !== tenantId.toLowerCase())) return failed('tenantMismatch');
  for (const f of signIn.secret.features) await integration.tenantConsents.record(tenantId, f, signIn.userId);
  return toSettings({ adminConsent: '1', features: signIn.secret.features.join(',') });
}
