import type { LiveEvent } from '../../../events/liveEvents.js';
import type { SyncContext } from '../contract.js';
import type { ResourceManifest } from '../manifest.js';
import { syncStates } from '../syncStates.js';
import { driveResource, type DriveResourceOptions } from './driveResource.js';
import { filesChangedEvent, filesLiveEvent } from './liveEvent.js';
import { dropOrphanLinks } from './orphanLinks.js';
import { purgeFiles } from './purge.js';
import { refreshStaleLinks } from './staleLinks.js';

export interface DriveManifestOptions extends DriveResourceOptions {
  /** Where the records refreshed outside a delta page are announced (the integration's live events). */
  publish?: (event: LiveEvent) => Promise<void>;
}

/**
 * OneDrive links of CRM records as a resource of the engine. The subscription watches the drive's
 * root; its notifications name no item (graph-facts §1, §7), so every one runs the delta.
 */
export function filesManifest(options: DriveManifestOptions = {}): ResourceManifest {
  const refresh = async (ctx: SyncContext, ownDrives: string[]) => {
    const records = await refreshStaleLinks(ctx, ownDrives);
    const event = filesChangedEvent(ctx.account.workspaceId, records);
    if (event && options.publish) await options.publish(event);
  };
  const ownDrives = async (ctx: SyncContext) => (await syncStates.list(ctx.db, ctx.account.id, 'files')).map((r) => r.scope_key);
  return {
    name: 'files',
    feature: 'onedrive',
    subscription: { resource: '/me/drive/root', changeType: 'updated', maxLifetimeMinutes: 42_300 },
    sync: driveResource(options),
    catchUp: { everyMs: 2 * 60_000, scopes: (all) => all },
    /**
     * Every run starts by dropping the links of deleted records, then reads again the links no
     * delta keeps current (SharePoint, other drives), so they follow within a catch-up interval of
     * the refresh period, and those an earlier run left unchecked.
     */
    async knownScopes(ctx) {
      await dropOrphanLinks(ctx);
      const rows = await syncStates.list(ctx.db, ctx.account.id, 'files');
      await refresh(ctx, rows.map((r) => r.scope_key));
      return rows.map((r) => ({ key: r.scope_key, name: r.scope_name ?? r.scope_key, primary: true }));
    },
    // After the delta, the linked items it saw move get their folder path at once (delta has none).
    async plan(tools) {
      await tools.run(tools.scopes());
      await refresh(tools.ctx, await ownDrives(tools.ctx));
    },
    liveEvent: filesLiveEvent,
    purge: (trx, account) => purgeFiles(trx, account),
    items: { one: 'linked file', other: 'linked files' },
  };
}
