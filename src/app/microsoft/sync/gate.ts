import type { MicrosoftAccount } from '../../../microsoft/accounts/accounts.js';
import { feature, featuresGranted } from '../../../microsoft/catalogue.js';
import type { ResourceManifest } from '../../../microsoft/sync/manifest.js';

/**
 * Sync only what was granted, and only what Tandem provides: a resource whose feature the user
 * declined (or that is not available yet) gets no subscription, no sync and no health row.
 */
export function resourceEnabled(m: ResourceManifest, account: Pick<MicrosoftAccount, 'grantedScopes'>): boolean {
  const def = feature(m.feature) as { available?: boolean };
  return def.available !== false && featuresGranted(account.grantedScopes).includes(m.feature);
}

export function enabledManifests(manifests: Iterable<ResourceManifest>, account: Pick<MicrosoftAccount, 'grantedScopes'>): ResourceManifest[] {
  return [...manifests].filter((m) => resourceEnabled(m, account));
}
