import type { MicrosoftIntegration } from './integration.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isTenantId(s: string): boolean {
  return GUID.test(s);
}

/**
 * The tenant id behind an organization's verified domain (or a tenant id), as the identity platform
 * itself states it in the tenant's OpenID metadata (`issuer`). Asked server-side over Tandem's own
 * transport, so the answer never comes from the browser. Undefined when the platform knows no such tenant.
 */
export async function resolveTenantId(integration: MicrosoftIntegration, organization: string): Promise<string | undefined> {
  const org = organization.trim().toLowerCase();
  if (!/^[a-z0-9.-]{1,253}$/.test(org) || ['common', 'organizations', 'consumers'].includes(org)) return undefined;
  const base = integration.config.ms.loginUrl.replace(/\/+$/, '');
  const res = await integration.transport.fetch(`${base}/${encodeURIComponent(org)}/v2.0/.well-known/openid-configuration`, { signal: AbortSignal.timeout(10_000) });
  if (!res.ok) {
    await res.arrayBuffer().catch(() => undefined);
    return undefined;
  }
  const issuer = ((await res.json()) as { issuer?: unknown }).issuer;
  const id = typeof issuer === 'string' ? /\/([0-9a-f-]{36})\/v2\.0\/?$/i.exec(issuer)?.[1] : undefined;
  return id && isTenantId(id) ? id.toLowerCase() : undefined;
}
