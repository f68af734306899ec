import type { ResourceChange } from '../core/events.js';
import type { NotificationItem } from './notifier.js';
import type { Subscription } from './store.js';
import { graphDateTime } from './validate.js';

/** True when the subscription is live, watches this user and change type, and covers one of the change's paths. */
export function matches(sub: Subscription, change: ResourceChange, now: number): boolean {
  if (sub.userId !== change.userId || sub.expiresAt <= now) return false;
  if (!sub.changeTypes.includes(change.changeType)) return false;
  const paths = change.resourcePaths.map((p) => p.toLowerCase());
  return sub.matchPrefixes.some((prefix) => paths.some((p) => p.startsWith(prefix)));
}

/**
 * A change notification in Graph's shape. Graph names the item by its mailbox-wide path
 * (`Users/{id}/Messages/{id}`) even for a folder subscription, which is the first path the
 * resource modules publish. A subscription created with immutable ids gets the immutable id
 * everywhere the item is named.
 */
export function changeItem(sub: Subscription, change: ResourceChange): NotificationItem {
  // OneDrive tells a driveItem subscriber only that something changed, naming its own resource:
  // no resourceData, the client runs delta to find out what.
  if (sub.kind === 'driveItem') {
    return {
      subscriptionId: sub.id, subscriptionExpirationDateTime: graphDateTime(sub.expiresAt), changeType: 'updated',
      resource: sub.resource, clientState: sub.clientState, tenantId: sub.tenantId,
    };
  }
  const published = change.resourcePaths[0] ?? '';
  const id = sub.immutableIds && change.immutableId ? change.immutableId : change.id;
  const resource = id !== change.id && published.endsWith(`/${change.id}`) ? `${published.slice(0, -change.id.length)}${id}` : published;
  const resourceData: Record<string, unknown> = { '@odata.type': change.odataType, '@odata.id': resource };
  if (change.etag !== undefined) resourceData['@odata.etag'] = change.etag;
  resourceData.id = id;
  return {
    subscriptionId: sub.id,
    subscriptionExpirationDateTime: graphDateTime(sub.expiresAt),
    changeType: change.changeType,
    resource,
    resourceData,
    clientState: sub.clientState,
    tenantId: sub.tenantId,
  };
}
