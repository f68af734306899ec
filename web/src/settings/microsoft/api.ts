/** The Microsoft 365 connection API (GET/POST /api/microsoft/...), typed for the Settings card. */
import { api } from '../../api/client.js';

export type FeatureState = 'granted' | 'declined' | 'needs_admin_approval' | 'available';

export interface Feature {
  id: string;
  title: string;
  shortTitle: string;
  description: string;
  scopes: string[];
  required: boolean;
  /** Typically admin-only: "May need admin approval". */
  adminConsent: boolean;
  /** Ticked when the review screen opens (SharePoint is not: an admin authorizes it for the org). */
  preselected: boolean;
  approvedForOrg: boolean;
  /** Offer "Authorize <shortTitle> for the org". */
  adminRoute: boolean;
  state: FeatureState;
}

/**
 * One synced resource's health, as the sync piece reports it (src/app/microsoft/mailSync/health.ts,
 * `SyncHealth`). The web app cannot import it, so the shape is repeated here.
 */
export type ResourceState = 'initial' | 'live' | 'polling' | 'needs_reconnect' | 'error';

export interface ResourceHealth {
  resource: string;
  state: ResourceState;
  /** 0-100 while state is initial, otherwise null. */
  percent: number | null;
  itemsSynced: number;
  itemsTotal: number | null;
  lastSuccessAt: string | null;
  subscriptionExpiresAt: string | null;
  mode: 'push' | 'polling';
  modeReason: string | null;
  notificationsReceived: number;
  notificationsRejected: number;
  lastError: string | null;
}

/** null until the sync piece is installed or when it could not answer. */
export interface SyncHealth {
  resources: ResourceHealth[];
}

export interface Connection {
  status: 'not_connected' | 'active' | 'needs_reconnect' | 'disconnecting';
  statusMessage: string | null;
  account: { username: string; tenantId: string; displayName: string | null } | null;
  features: Feature[];
  health: SyncHealth | null;
  webhooks: { mode: 'push' | 'polling'; reason: string | null };
}

interface AuthorizeReply {
  authorizeUrl: string;
}

export const microsoft = {
  get: () => api.get<Connection>('/api/microsoft'),
  connect: (features: string[]) => api.post<AuthorizeReply>('/api/microsoft/connect', { features }),
  enable: (feature: string) => api.post<AuthorizeReply>(`/api/microsoft/features/${encodeURIComponent(feature)}/enable`),
  reconnect: () => api.post<AuthorizeReply>('/api/microsoft/reconnect'),
  adminConsent: (feature: string) => api.post<AuthorizeReply>('/api/microsoft/admin-consent', { feature }),
  /** Admin consent for several features at once; `organization` (a domain) when not connected yet. */
  adminConsentFor: (features: string[], organization?: string) =>
    api.post<AuthorizeReply>('/api/microsoft/admin-consent', { features, ...(organization ? { organization } : {}) }),
  disconnect: () => api.post<{ status: string }>('/api/microsoft/disconnect'),
};

/** Leaves Tandem for Microsoft's sign-in pages; they come back to the server's callback. */
export function goTo(url: string): void {
  window.location.assign(url);
}
