import type { SandboxContext } from '../../core/context.js';
import type { DriveRow } from './schema.js';

/**
 * Tells subscriptions on the drive's root that something below it changed. Graph sends driveItem
 * subscribers only `updated` and no item data: the client runs delta to learn what changed. A
 * library has no user to subscribe through `/me`, so only OneDrive changes are announced.
 */
export function announce(ctx: SandboxContext, drive: DriveRow, itemId: string): void {
  if (!drive.owner_user) return;
  ctx.bus.publish({
    tenantId: drive.tenant_id, userId: drive.owner_user, changeType: 'updated',
    resourcePaths: [`Users/${drive.owner_user}/drive/items/${itemId}`],
    odataType: '#Microsoft.Graph.DriveItem', id: itemId,
  });
}
