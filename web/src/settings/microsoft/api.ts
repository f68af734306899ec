/**
 * The Microsoft 365 connection API (GET/POST /api/microsoft/...), typed for the Settings card.
 * GET /api/microsoft's schema (src/http/routes/microsoft/statusSchema.ts) lists every property as
 * required, so its generated type is used as is; nothing here is hand-written.
 */
import { api } from '../../api/client.js';
import type { Answer, RequestBody } from '../../api/types.js';
import type { ApiResponses } from '../../api/schema.gen.js';

export type Connection = ApiResponses['GET /api/microsoft'];
export type Feature = Connection['features'][number];
export type FeatureState = Feature['state'];
/** null when not connected (or when the sync piece could not answer). */
export type SyncHealth = NonNullable<Connection['health']>;
/** One synced resource's health, as the sync piece reports it. */
export type ResourceHealth = SyncHealth['resources'][number];
export type ResourceState = ResourceHealth['state'];

export const microsoft = {
  get: () => api.get<Connection>('/api/microsoft'),
  connect: (features: string[]) =>
    api.post<ApiResponses['POST /api/microsoft/connect']>('/api/microsoft/connect', { features } satisfies RequestBody<'POST /api/microsoft/connect'>),
  enable: (feature: string) => api.post<ApiResponses['POST /api/microsoft/features/{id}/enable']>(`/api/microsoft/features/${encodeURIComponent(feature)}/enable`),
  reconnect: () => api.post<ApiResponses['POST /api/microsoft/reconnect']>('/api/microsoft/reconnect'),
  adminConsent: (feature: string) =>
    api.post<ApiResponses['POST /api/microsoft/admin-consent']>('/api/microsoft/admin-consent', { feature } satisfies RequestBody<'POST /api/microsoft/admin-consent'>),
  /** Admin consent for several features at once; `organization` (a domain) when not connected yet. */
  adminConsentFor: (features: string[], organization?: string) =>
    api.post<ApiResponses['POST /api/microsoft/admin-consent']>('/api/microsoft/admin-consent', {
      features,
      ...(organization ? { organization } : {}),
    } satisfies RequestBody<'POST /api/microsoft/admin-consent'>),
  disconnect: () => api.post<Answer<'POST /api/microsoft/disconnect'>>('/api/microsoft/disconnect'),
  dismissDisconnect: () => api.del('/api/microsoft/disconnect-receipt'),
};

/** Leaves Tandem for Microsoft's sign-in pages; they come back to the server's callback. */
export function goTo(url: string): void {
  window.location.assign(url);
}
