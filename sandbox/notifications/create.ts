import { randomUUID } from 'node:crypto';
import type { AccessClaims } from '../core/auth.js';
import type { SandboxContext } from '../core/context.js';
import type { NotificationEngine } from './engine.js';
import { GraphRefusal } from './errors.js';
import { validateEndpoint } from './handshake.js';
import { isOutlookKind, maxLifetimeMinutes, parseResource, SUBSCRIBE_SCOPES, type ResourceKind } from './resource.js';
import type { Subscription } from './store.js';
import { checkClientState, checkNotificationUrl, checkTlsVersion, effectiveExpiration, parseChangeType, parseExpiration } from './validate.js';

const bad = (message: string): GraphRefusal => new GraphRefusal(400, 'InvalidRequest', message);

/** Refuses a caller whose token lacks every scope that allows watching this kind of resource. */
export function requireSubscribeScope(claims: AccessClaims, kind: ResourceKind): void {
  if (!SUBSCRIBE_SCOPES[kind].some((s) => claims.scopes.has(s))) {
    throw new GraphRefusal(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
  }
}

/** AccessClaims.expiresAt in epoch ms, whether the identity module reports seconds (JWT `exp`) or ms. */
export const tokenExpiryMs = (claims: AccessClaims): number => (claims.expiresAt < 1e12 ? claims.expiresAt * 1000 : claims.expiresAt);

/**
 * POST /subscriptions: checks every field as Graph does, runs the validation handshake on
 * the notification URL and the lifecycle URL, then stores the subscription.
 */
export async function createSubscription(
  ctx: SandboxContext,
  engine: NotificationEngine,
  claims: AccessClaims,
  body: Record<string, unknown>,
  options: { immutableIds?: boolean } = {},
): Promise<Subscription> {
  const changeTypes = parseChangeType(body.changeType);
  const notificationUrl = checkNotificationUrl(body.notificationUrl, 'NotificationUrl');
  const lifecycleUrl = body.lifecycleNotificationUrl == null ? null : checkNotificationUrl(body.lifecycleNotificationUrl, 'LifecycleNotificationUrl');
  if (typeof body.resource !== 'string' || !body.resource.trim()) throw bad("The 'resource' property is required.");
  const target = parseResource(body.resource, claims.userId, ctx.directory);
  requireSubscribeScope(claims, target.kind);
  if (target.kind === 'driveItem' && changeTypes.some((c) => c !== 'updated')) {
    throw bad("Only 'updated' changeType is supported for driveItem.");
  }
  const now = ctx.now();
  const expiresAt = effectiveExpiration(parseExpiration(body.expirationDateTime), now, maxLifetimeMinutes(target.kind));
  const clientState = checkClientState(body.clientState);
  const latestTls = checkTlsVersion(body.latestSupportedTlsVersion);
  if (body.includeResourceData === true) {
    if (!body.encryptionCertificate || !body.encryptionCertificateId) {
      throw bad('A valid encryptionCertificate and encryptionCertificateId must be provided when includeResourceData is true.');
    }
    // Rich notifications need encryptedContent and validationTokens signed as Graph; refusing
    // is safer than delivering a payload a real tenant would never send.
    throw bad('includeResourceData is not supported by the sandbox tenant.');
  }
  if (isOutlookKind(target.kind) && engine.store.countOutlookForUser(target.userId) >= engine.options.mailboxSubscriptionLimit) {
    throw new GraphRefusal(403, 'ExtensionError', `Operation: Create; Exception: [Status Code: Forbidden; Reason: The number of subscriptions for this mailbox has exceeded the limit of ${engine.options.mailboxSubscriptionLimit}.]`);
  }

  await validateEndpoint(notificationUrl, engine.options.handshakeTimeoutMs);
  if (lifecycleUrl) await validateEndpoint(lifecycleUrl, engine.options.handshakeTimeoutMs);

  const sub: Subscription = {
    id: randomUUID(),
    tenantId: claims.tenantId,
    userId: target.userId,
    appId: claims.appId,
    resource: body.resource,
    kind: target.kind,
    matchPrefixes: target.matchPrefixes,
    changeTypes,
    notificationUrl,
    lifecycleUrl,
    clientState,
    expiresAt,
    latestTls,
    includeResourceData: false,
    encryptionCertificateId: null,
    tokenExpiresAt: tokenExpiryMs(claims),
    reauthNotifiedFor: null,
    createdAt: now,
    immutableIds: options.immutableIds === true,
  };
  engine.store.insert(sub);
  return sub;
}
