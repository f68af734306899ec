import { isIP } from 'node:net';
import { FEATURES, missingScopes, type FeatureDefinition } from '../../microsoft/catalogue.js';
import type { MicrosoftAccount } from '../../microsoft/accounts/accounts.js';
import { revokeGuidance, type RevokeGuidance } from '../../microsoft/auth/revokeGuidance.js';
import type { MicrosoftIntegration } from './integration.js';

export type FeatureState = 'granted' | 'declined' | 'needs_admin_approval' | 'available' | 'coming_soon';

/** The fields of a sync health row Settings needs; the sync engine owns the full row. */
export interface ResourceHealthRow {
  resource: string;
  state: string;
  percent: number | null;
  [field: string]: unknown;
}

export interface FeatureView {
  id: string;
  title: string;
  shortTitle: string;
  description: string;
  scopes: string[];
  required: boolean;
  /** Typically admin-only (catalogue): shown as "May need admin approval" until an attempt says more. */
  adminConsent: boolean;
  /** Ticked when the review screen opens; never for a coming-soon feature. */
  preselected: boolean;
  /** An administrator approved this feature for the account's whole tenant. */
  approvedForOrg: boolean;
  /** Offer "Authorize <feature> for the org": known to need it, or typically admin-only and not yet approved. */
  adminRoute: boolean;
  state: FeatureState;
  /** Sync health of the resources this feature powers, as the engine reports them (none until it syncs them). */
  syncHealth: ResourceHealthRow[];
}

export interface WebhookMode {
  mode: 'push' | 'polling';
  reason: string | null;
}

export interface ConnectionView {
  status: 'not_connected' | 'active' | 'needs_reconnect' | 'disconnecting';
  statusMessage: string | null;
  account: { username: string; tenantId: string; displayName: string | null } | null;
  features: FeatureView[];
  /** Filled by the sync piece through integration.healthFor; null until it is installed. */
  health: unknown;
  webhooks: WebhookMode;
  /** What the latest disconnect removed, until the user dismisses it or connects again. */
  lastDisconnect: DisconnectView | null;
}

export interface DisconnectView {
  username: string;
  requestedAt: string;
  /** null while the disconnect is still running. */
  finishedAt: string | null;
  removed: Array<{ resource: string; count: number; what: string }>;
  subscriptionsStopped: number;
  /** Tandem cannot withdraw the grant at Microsoft: where the user can. */
  revoke: RevokeGuidance;
}

async function lastDisconnect(integration: MicrosoftIntegration, userId: string): Promise<DisconnectView | null> {
  const r = await integration.disconnectReceipts.forUser(userId);
  if (!r) return null;
  return {
    username: r.username, requestedAt: r.requestedAt, finishedAt: r.finishedAt,
    removed: Object.entries(r.removed).map(([resource, i]) => ({ resource, count: i.count, what: i.count === 1 ? i.one : i.other })),
    subscriptionsStopped: r.subscriptionsStopped,
    revoke: revokeGuidance(integration.config.ms.loginUrl, r.tenantId, integration.config.ms.browserLoginUrl),
  };
}

/** localhost, *.localhost, 127.0.0.0/8 and ::1: addresses a tenant stand-in on the same machine can reach over plain http. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1';
  return false;
}

/**
 * The one rule for "can PUBLIC_URL receive Graph's webhooks": https, or http on a loopback address.
 * Passing it is necessary, not sufficient: Graph may still refuse the subscription (real Microsoft
 * refuses any http), and the sync then reports polling per account with Graph's refusal as reason.
 */
export function webhookModeFor(publicUrl: string, pollMs: number): WebhookMode {
  const u = new URL(publicUrl);
  if (u.protocol === 'https:' || (u.protocol === 'http:' && isLoopbackHost(u.hostname))) return { mode: 'push', reason: null };
  return {
    mode: 'polling',
    reason: `Microsoft 365 can only deliver change notifications to an https address, and PUBLIC_URL is ${publicUrl}. Tandem checks for new mail every ${Math.round(pollMs / 1000)} seconds instead.`,
  };
}

/**
 * The rows of the engine's `{ resources: [...] }`, read defensively: the producer is another
 * piece, and a shape it does not promise must not take Settings down.
 */
export function healthRows(health: unknown): ResourceHealthRow[] {
  const resources = (health as { resources?: unknown } | null)?.resources;
  if (!Array.isArray(resources)) return [];
  return resources.filter((r): r is ResourceHealthRow => typeof (r as { resource?: unknown } | null)?.resource === 'string');
}

function stateOf(f: FeatureDefinition, account: MicrosoftAccount | undefined, blocked: Set<string>, approved: Set<string>): FeatureState {
  // Ahead of the grant check: an older consent covering a feature Tandem lacks must not read "On".
  if (!f.available) return 'coming_soon';
  if (!account) return 'available';
  if (missingScopes(f, account.grantedScopes).length === 0) return 'granted';
  return blocked.has(f.id) && !approved.has(f.id) ? 'needs_admin_approval' : 'declined';
}

/**
 * The feature states for an account. "Needs admin approval" is shown only when known: the tenant
 * refused this account's attempt to enable the feature and no admin has approved it since. A
 * feature the catalogue flags as typically admin-only stays Enable-able, with the admin route beside it.
 */
export async function featureStates(integration: MicrosoftIntegration, account: MicrosoftAccount | undefined, health: unknown = null): Promise<FeatureView[]> {
  const approved = account ? await integration.tenantConsents.featuresFor(account.tenantId) : new Set<string>();
  const blocked = account ? await integration.adminBlocks.forAccount(account.id) : new Set<string>();
  const rows = healthRows(health);
  return FEATURES.map((f: FeatureDefinition) => {
    const state = stateOf(f, account, blocked, approved);
    const approvedForOrg = approved.has(f.id);
    const adminRoute = f.available && !f.required && state !== 'granted' && !approvedForOrg && (state === 'needs_admin_approval' || f.adminConsent);
    return {
      id: f.id, title: f.title, shortTitle: f.shortTitle, description: f.description, scopes: [...f.scopes], required: f.required,
      adminConsent: f.adminConsent, preselected: f.available && f.preselected, approvedForOrg, adminRoute, state,
      syncHealth: f.available ? rows.filter((r) => (f.powers as readonly string[]).includes(r.resource)) : [],
    };
  });
}

export async function connectionView(integration: MicrosoftIntegration, userId: string): Promise<ConnectionView> {
  const account = await integration.accounts.byUser(userId);
  let webhooks = integration.webhookMode();
  if (!account) {
    return {
      status: 'not_connected', statusMessage: null, account: null, features: await featureStates(integration, undefined), health: null, webhooks,
      lastDisconnect: await lastDisconnect(integration, userId),
    };
  }
  let health: unknown = null;
  if (integration.healthFor) {
    try {
      health = await integration.healthFor(account);
    } catch (err) {
      integration.log.warn({ err, accountId: account.id }, 'sync health unavailable');
    }
  }
  if (integration.webhookModeOf) {
    // What actually happens for this account: the URL may pass the rule and Graph still refuse it.
    try {
      webhooks = await integration.webhookModeOf(account);
    } catch (err) {
      integration.log.warn({ err, accountId: account.id }, 'webhook mode unavailable');
    }
  }
  return {
    status: account.status,
    statusMessage: account.statusMessage,
    account: { username: account.username, tenantId: account.tenantId, displayName: account.displayName },
    features: await featureStates(integration, account, health),
    health,
    webhooks,
    lastDisconnect: account.status === 'disconnecting' ? await lastDisconnect(integration, userId) : null,
  };
}
