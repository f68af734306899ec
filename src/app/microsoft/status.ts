import { FEATURES, missingScopes } from '../../microsoft/catalogue.js';
import type { MicrosoftAccount } from '../../microsoft/accounts/accounts.js';
import type { MicrosoftIntegration } from './integration.js';

export type FeatureState = 'granted' | 'declined' | 'needs_admin_approval' | 'available';

export interface FeatureView {
  id: string;
  title: string;
  description: string;
  scopes: string[];
  required: boolean;
  adminConsent: boolean;
  state: FeatureState;
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
}

/** Graph delivers webhooks only to https; a loopback http URL is reachable from a local tenant stand-in. */
export function defaultWebhookMode(publicUrl: string): WebhookMode {
  const u = new URL(publicUrl);
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
  if (u.protocol === 'https:' || loopback) return { mode: 'push', reason: null };
  return {
    mode: 'polling',
    reason: `Microsoft can only deliver change notifications to an https address, and PUBLIC_URL is ${publicUrl}. Tandem checks for new mail every few minutes instead.`,
  };
}

/** The feature states for an account; admin-only features need a tenant approval unless already granted. */
export async function featureStates(integration: MicrosoftIntegration, account: MicrosoftAccount | undefined): Promise<FeatureView[]> {
  const approved = account ? await integration.tenantConsents.featuresFor(account.tenantId) : new Set<string>();
  const blocked = account ? await integration.adminBlocks.forAccount(account.id) : new Set<string>();
  return FEATURES.map((f) => {
    let state: FeatureState = 'available';
    if (account) {
      if (missingScopes(f, account.grantedScopes).length === 0) state = 'granted';
      else if (approved.has(f.id)) state = 'declined';
      else if (f.adminConsent || blocked.has(f.id)) state = 'needs_admin_approval';
      else state = 'declined';
    }
    return { id: f.id, title: f.title, description: f.description, scopes: [...f.scopes], required: f.required, adminConsent: f.adminConsent, state };
  });
}

export async function connectionView(integration: MicrosoftIntegration, userId: string): Promise<ConnectionView> {
  const account = await integration.accounts.byUser(userId);
  const webhooks = integration.webhookMode();
  const features = await featureStates(integration, account);
  if (!account) return { status: 'not_connected', statusMessage: null, account: null, features, health: null, webhooks };
  let health: unknown = null;
  if (integration.healthFor) {
    try {
      health = await integration.healthFor(account);
    } catch (err) {
      integration.log.warn({ err, accountId: account.id }, 'sync health unavailable');
    }
  }
  return {
    status: account.status,
    statusMessage: account.statusMessage,
    account: { username: account.username, tenantId: account.tenantId, displayName: account.displayName },
    features,
    health,
    webhooks,
  };
}
