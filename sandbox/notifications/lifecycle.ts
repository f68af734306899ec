import type { NotificationItem } from './notifier.js';
import type { Subscription } from './store.js';
import { graphDateTime } from './validate.js';

export const LIFECYCLE_EVENTS = ['reauthorizationRequired', 'subscriptionRemoved', 'missed'] as const;
export type LifecycleEvent = (typeof LIFECYCLE_EVENTS)[number];

/** A lifecycle notification: it names the subscription, never a resource. */
export function lifecycleItem(sub: Subscription, event: LifecycleEvent): NotificationItem {
  return {
    subscriptionId: sub.id,
    subscriptionExpirationDateTime: graphDateTime(sub.expiresAt),
    tenantId: sub.tenantId,
    clientState: sub.clientState,
    lifecycleEvent: event,
  };
}

/** Which events Graph sends for which resources (reauthorizationRequired: all of them). */
export function supportsEvent(sub: Subscription, event: LifecycleEvent): boolean {
  if (event === 'reauthorizationRequired') return true;
  return sub.kind === 'message' || sub.kind === 'event' || sub.kind === 'contact';
}

/**
 * The next deadline a reauthorizationRequired should announce: the authorizing token's expiry
 * or the subscription's, whichever comes first, once it is within `leadMs`.
 */
export function reauthDeadlineDue(sub: Subscription, now: number, leadMs: number): number | null {
  if (leadMs <= 0) return null;
  const deadline = Math.min(sub.tokenExpiresAt, sub.expiresAt);
  if (deadline - now > leadMs || sub.reauthNotifiedFor === deadline) return null;
  return deadline;
}
