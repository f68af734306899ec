import { adminConsentUrl, parseAdminConsentCallback } from '../../microsoft/auth/index.js';
import { scopesFor } from '../../microsoft/catalogue.js';
import { randomBytes } from 'node:crypto';
import type { MicrosoftIntegration } from './integration.js';
import { ConnectError, normalizeFeatures, sessionExpiredPage, settingsPath, type CallbackOutcome, type ConnectErrorKind } from './connect.js';
import { isTenantId, resolveTenantId } from './tenantLookup.js';

export const adminConsentCallbackPath = '/auth/microsoft/admin-consent/callback';

/**
 * The tenant to send the admin to, decided by the server: the caller's connected account, else the
 * tenant Tandem is configured for, else the organization the caller names (resolved through the
 * identity platform's own metadata). Never `common`.
 */
async function tenantFor(integration: MicrosoftIntegration, userId: string, organization: string | undefined): Promise<{ tenantId: string; accountId?: string }> {
  const account = await integration.accounts.byUser(userId);
  if (account) return { tenantId: account.tenantId, accountId: account.id };
  if (isTenantId(integration.config.ms.tenant)) return { tenantId: integration.config.ms.tenant.toLowerCase() };
  if (!organization) throw new ConnectError('organizationRequired', "organization is required while no Microsoft 365 account is connected: name your organization's Microsoft 365 domain (for example contoso.onmicrosoft.com), so Tandem knows which organization to ask");
  const tenantId = await resolveTenantId(integration, organization);
  if (!tenantId) throw new ConnectError('unknownOrganization', `Microsoft does not know an organization called "${organization}"`);
  return { tenantId };
}

/**
 * Sends a (hopefully) tenant admin to approve features for the whole tenant (admin consent for
 * their scopes plus the sign-in scopes). Any feature can need it: the tenant's consent policy, not
 * the catalogue, decides. Microsoft decides whether the person signing in is an admin.
 */
export async function startAdminConsent(
  integration: MicrosoftIntegration,
  who: { userId: string; workspaceId: string },
  featureIds: string[],
  organization?: string,
): Promise<string> {
  const features = normalizeFeatures(featureIds);
  const { tenantId, accountId } = await tenantFor(integration, who.userId, organization);
  const scopes = scopesFor(features);
  const state = randomBytes(32).toString('base64url');
  await integration.signIns.create(who.userId, 'adminConsent', {
    codeVerifier: '', nonce: '', scopes, features, workspaceId: who.workspaceId, tenantId, ...(accountId ? { accountId } : {}),
  }, state);
  return adminConsentUrl(
    { loginUrl: integration.config.ms.loginUrl, browserLoginUrl: integration.config.ms.browserLoginUrl, clientId: integration.config.ms.clientId! },
    { tenant: tenantId, scopes, redirectUri: `${integration.config.publicUrl}${adminConsentCallbackPath}`, state },
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
  if (!sessionUserId) return sessionExpiredPage;
  if (sessionUserId !== signIn.userId) {
    return { kind: 'page', status: 403, message: 'This approval was started by a different Tandem user. Sign in to Tandem as that user and start again from Settings.' };
  }
  const failed = (kind: ConnectErrorKind) => toSettings({ error: kind, purpose: 'adminConsent', features: signIn.secret.features.filter((f) => f !== 'signIn').join(',') });
  if (!parsed.ok) {
    const k = parsed.error.kind;
    return failed(k === 'consentDeclined' ? 'consentDeclined' : k === 'needsAdminApproval' || k === 'forbidden' ? 'needsAdminApproval' : k === 'transient' ? 'transient' : 'fatal');
  }
  // The returned tenant is only a hint; the approval is recorded for the tenant this sign-in was sent to.
  const tenantId = signIn.secret.tenantId;
  if (!tenantId || (parsed.tenant !== undefined && parsed.tenant.toLowerCase() !== tenantId.toLowerCase())) return failed('tenantMismatch');
  for (const f of signIn.secret.features) await integration.tenantConsents.record(tenantId, f, signIn.userId);
  return toSettings({ adminConsent: '1', features: signIn.secret.features.filter((f) => f !== 'signIn').join(',') });
}
