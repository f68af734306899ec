import { createHash } from 'node:crypto';
import { feature, FEATURES, featuresGranted, isAvailable, isFeatureId, scopesFor, typicallyUserConsentable, type FeatureId } from '../../microsoft/catalogue.js';
import { newId } from '../../lib/ids.js';
import type { MicrosoftAccount } from '../../microsoft/accounts/accounts.js';
import type { SignInPurpose } from '../../microsoft/accounts/signIns.js';
import { isMicrosoftError, type ErrorKind } from '../../microsoft/graph/errors.js';
import { classifyIdentityError } from '../../microsoft/graph/identityErrors.js';
import type { MicrosoftIntegration } from './integration.js';

/**
 * Why a sign-in came back without connecting. The Settings page turns each kind into a sentence
 * (`?error=<kind>`); the set is closed.
 */
export type ConnectErrorKind =
  | 'consentDeclined' | 'needsAdminApproval' | 'codeExpired' | 'differentAccount' | 'disconnecting'
  | 'tenantMismatch' | 'transient' | 'fatal';

export class ConnectError extends Error {
  constructor(readonly kind: 'unknownFeature' | 'comingSoon' | 'unknownOrganization' | 'organizationRequired' | 'notConnected' | 'alreadyGranted' | 'disconnecting', message: string) {
    super(message);
  }
}

export const callbackPath = '/auth/microsoft/callback';
export const settingsPath = '/settings/integrations';

export function redirectUri(integration: MicrosoftIntegration): string {
  return `${integration.config.publicUrl}${callbackPath}`;
}

/** Refuses, by name, a feature Tandem cannot do: asking Microsoft for its scopes would grant access nothing uses. */
export function assertAvailable(id: FeatureId): void {
  if (!isAvailable(id)) throw new ConnectError('comingSoon', `"${feature(id).title}" (${id}) is not available in Tandem yet`);
}

/** Required sign-in features are always included; an unknown or coming-soon id is the caller's mistake. */
export function normalizeFeatures(ids: string[]): FeatureId[] {
  for (const id of ids) if (!isFeatureId(id)) throw new ConnectError('unknownFeature', `unknown feature "${id}"; known: ${FEATURES.map((f) => f.id).join(', ')}`);
  for (const id of ids) assertAvailable(id as FeatureId);
  const chosen = new Set<string>(ids);
  return FEATURES.filter((f) => f.required || chosen.has(f.id)).map((f) => f.id);
}

/** Stores a single-use sign-in and returns the identity platform's URL to send the browser to. */
export async function startSignIn(
  integration: MicrosoftIntegration,
  who: { userId: string; workspaceId: string },
  purpose: Exclude<SignInPurpose, 'adminConsent'>,
  features: FeatureId[],
  hints: { loginHint?: string; prompt?: string; accountId?: string } = {},
): Promise<string> {
  const scopes = scopesFor(features);
  const start = await integration.auth.beginSignIn({
    scopes, redirectUri: redirectUri(integration),
    ...(hints.loginHint ? { loginHint: hints.loginHint } : {}), ...(hints.prompt ? { prompt: hints.prompt } : {}),
  });
  await integration.signIns.create(who.userId, purpose, {
    codeVerifier: start.codeVerifier, nonce: start.nonce, scopes, features, workspaceId: who.workspaceId,
    ...(hints.accountId ? { accountId: hints.accountId } : {}),
  }, start.state);
  return start.url;
}

export async function startConnect(integration: MicrosoftIntegration, who: { userId: string; workspaceId: string }, featureIds: string[]): Promise<string> {
  const features = normalizeFeatures(featureIds);
  const existing = await integration.accounts.byUser(who.userId);
  if (existing?.status === 'disconnecting') throw new ConnectError('disconnecting', 'the previous connection is still being removed; try again in a moment');
  return startSignIn(integration, who, 'connect', features, existing ? { loginHint: existing.username, accountId: existing.id } : {});
}

export type CallbackOutcome =
  | { kind: 'redirect'; location: string }
  | { kind: 'page'; status: number; message: string };

/** No live Tandem session on the way back (expired or signed out meanwhile): nothing is connected. */
export const sessionExpiredPage: CallbackOutcome = {
  kind: 'page', status: 401,
  message: 'Your Tandem session expired while you were signing in to Microsoft, so nothing was connected. Sign in to Tandem again and connect from Settings.',
};

const toSettings = (params: Record<string, string>): CallbackOutcome => ({ kind: 'redirect', location: `${settingsPath}?${new URLSearchParams(params)}` });

function errorKindFor(kind: ErrorKind): ConnectErrorKind {
  switch (kind) {
    case 'consentDeclined': return 'consentDeclined';
    case 'needsAdminApproval': return 'needsAdminApproval';
    case 'reauthRequired': return 'codeExpired';
    case 'throttled':
    case 'transient': return 'transient';
    default: return 'fatal';
  }
}

/**
 * A refused connect with several features cannot tell which scope the tenant reserves for admins.
 * `without` names the chosen features users can usually consent to themselves (a retry without the
 * typically admin-only ones); `baseBlocked=1` says nothing is left to drop: even sign-in and the
 * everyday features need an administrator.
 */
export function firstConnectAdvice(features: readonly string[]): Record<string, string> {
  const requested = features.filter((f) => !FEATURES.find((d) => d.id === f)?.required);
  const without = typicallyUserConsentable(requested);
  return without.length === requested.length ? { without: '', baseBlocked: '1' } : { without: without.join(',') };
}

/**
 * The redirect back from the authorize endpoint. `state` must name a live sign-in started by the
 * same Tandem user; the code is redeemed into a scratch cache and only adopted by the account once
 * the Microsoft identity is known to be the right one.
 */
export async function completeCallback(integration: MicrosoftIntegration, sessionUserId: string | undefined, q: Record<string, string | undefined>): Promise<CallbackOutcome> {
  const consumed = await integration.signIns.consume(q.state ?? '');
  if (!consumed.ok) {
    const message = consumed.reason === 'expired'
      ? 'This Microsoft sign-in took too long and has expired. Go back to Settings and connect again.'
      : 'This Microsoft sign-in link is not valid or was already used. Go back to Settings and start again.';
    return { kind: 'page', status: 400, message };
  }
  const signIn = consumed.signIn;
  if (signIn.purpose === 'adminConsent') return { kind: 'page', status: 400, message: 'This sign-in link is not valid here. Go back to Settings and start again.' };
  if (!sessionUserId) return sessionExpiredPage;
  if (sessionUserId !== signIn.userId) {
    return { kind: 'page', status: 403, message: 'This Microsoft sign-in was started by a different Tandem user. Sign in to Tandem as that user and start again from Settings.' };
  }
  const features = signIn.secret.features.filter(isFeatureId);
  const failed = (kind: ConnectErrorKind, extra: Record<string, string> = {}) =>
    toSettings({ error: kind, purpose: signIn.purpose, features: features.filter((f) => f !== 'signIn').join(','), ...extra });

  if (q.error) {
    const err = classifyIdentityError({ source: 'authorize', error: q.error, ...(q.error_description ? { error_description: q.error_description } : {}) });
    // Enabling one feature names the culprit: remember it so the card says "Needs admin approval".
    if (err.kind === 'needsAdminApproval' && signIn.purpose === 'enable' && signIn.secret.accountId) {
      for (const f of features) if (!FEATURES.find((d) => d.id === f)?.required) await integration.adminBlocks.record(signIn.secret.accountId, f);
    }
    if (err.kind === 'needsAdminApproval' && signIn.purpose === 'connect') return failed('needsAdminApproval', firstConnectAdvice(features));
    return failed(errorKindFor(err.kind));
  }
  if (!q.code) return failed('fatal');

  const scratchKey = `signin:${createHash('sha256').update(signIn.state).digest('hex').slice(0, 32)}`;
  let result;
  try {
    result = await integration.auth.completeSignIn({
      code: q.code, redirectUri: redirectUri(integration), codeVerifier: signIn.secret.codeVerifier,
      scopes: signIn.secret.scopes, accountKey: scratchKey, nonce: signIn.secret.nonce,
    });
  } catch (err) {
    await integration.tokenCache.delete(scratchKey);
    integration.log.warn({ kind: isMicrosoftError(err) ? err.kind : 'fatal', code: isMicrosoftError(err) ? err.code : undefined }, 'Microsoft sign-in could not be completed');
    return failed(isMicrosoftError(err) ? errorKindFor(err.kind) : 'fatal');
  } finally {
    integration.auth.forget(scratchKey);
  }

  const existing = await integration.accounts.byUser(signIn.userId);
  if (existing && existing.homeAccountId !== result.account.homeAccountId) {
    await integration.tokenCache.delete(scratchKey);
    return failed('differentAccount');
  }
  if (existing?.status === 'disconnecting') {
    await integration.tokenCache.delete(scratchKey);
    return failed('disconnecting');
  }
  const accountId = existing?.id ?? newId();
  await integration.tokenCache.move(scratchKey, integration.cacheKeyFor({ id: accountId }));
  integration.forgetAccount(accountId);
  // The token response lists every permission granted to Tandem, not just this request's.
  const granted = new Set(result.grantedScopes);
  if (signIn.purpose === 'enable' && existing) for (const s of existing.grantedScopes) granted.add(s);
  const account = await integration.accounts.saveConnected({
    id: accountId, userId: signIn.userId, tenantId: result.account.tenantId, objectId: result.account.objectId,
    homeAccountId: result.account.homeAccountId, username: result.account.username, displayName: result.account.name ?? null,
    grantedScopes: [...granted], workspaceId: existing?.workspaceId ?? signIn.secret.workspaceId,
  });
  await integration.adminBlocks.clear(account.id, featuresGranted(account.grantedScopes));
  // A new connection supersedes what the last disconnect removed.
  await integration.disconnectReceipts.delete(account.userId);
  await runConnectedHooks(integration, account);
  return toSettings({ connected: '1', purpose: signIn.purpose });
}

/** Hooks run after the account is saved; one failing hook is logged and never undoes the connection. */
export async function runConnectedHooks(integration: MicrosoftIntegration, account: MicrosoftAccount): Promise<void> {
  for (const hook of integration.onConnected) {
    try {
      await hook(account);
    } catch (err) {
      integration.log.error({ err, accountId: account.id }, 'onConnected hook failed');
    }
  }
  try {
    await integration.live.publish({ type: 'microsoft.status', userId: account.userId, data: { status: account.status } });
  } catch (err) {
    integration.log.warn({ err }, 'live event publish failed');
  }
}
