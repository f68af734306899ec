/** Tunables of the notification engine; tests shrink them, the control API can change them live. */
export interface NotificationOptions {
  /** Graph allows 10 s for the validation handshake. */
  handshakeTimeoutMs: number;
  /** A delivery not answered within this is a failure and is retried. */
  deliveryTimeoutMs: number;
  /** Graph counts answers slower than 2,900 ms as slow. */
  slowThresholdMs: number;
  /** Slow-endpoint throttling starts once an endpoint has had this many answers in the window. */
  slowMinNotifications: number;
  /** From this share of slow answers (0–1), all the endpoint's change notifications are delayed. */
  slowDelayRatio: number;
  /** From this share of slow answers (0–1), the endpoint's change notifications are dropped. */
  slowDropRatio: number;
  /** The delay a slow endpoint's notifications get (Graph: 10 minutes). */
  slowDelayMs: number;
  /** The sliding window answers are counted over. */
  slowWindowMs: number;
  /** First retry delay; doubles per attempt up to retryMaxMs. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** Graph keeps retrying for up to 4 hours, then drops the notification. */
  retryHorizonMs: number;
  /** Items per POST; the rest go in further POSTs. */
  maxItemsPerPost: number;
  /** How often expired subscriptions are removed and reauthorization challenges are checked. */
  tickIntervalMs: number;
  /**
   * A reauthorizationRequired goes out once this close to the expiry of the authorizing access
   * token or of the subscription itself (0 turns the automatic challenge off).
   */
  reauthLeadMs: number;
  /** Active Outlook subscriptions per mailbox, across apps. */
  mailboxSubscriptionLimit: number;
}

export const defaultNotificationOptions: NotificationOptions = {
  handshakeTimeoutMs: 10_000,
  deliveryTimeoutMs: 3_000,
  slowThresholdMs: 2_900,
  slowMinNotifications: 100,
  slowDelayRatio: 0.1,
  slowDropRatio: 0.15,
  slowDelayMs: 10 * 60_000,
  slowWindowMs: 10 * 60_000,
  retryBaseMs: 2_000,
  retryMaxMs: 5 * 60_000,
  retryHorizonMs: 4 * 60 * 60_000,
  maxItemsPerPost: 100,
  tickIntervalMs: 30_000,
  reauthLeadMs: 15 * 60_000,
  mailboxSubscriptionLimit: 1_000,
};
