/** Row types of the sync piece's own tables (migrations/0004_sync_rounds.ts, 0005_subscription_failures.ts). */
export interface MicrosoftSyncRoundsTable {
  account_id: string;
  resource: string;
  scope_key: string;
  round_id: string;
  started_at: string;
}

export interface MicrosoftSubscriptionFailuresTable {
  account_id: string;
  resource_kind: string;
  failures: number;
  /** An ErrorKind of the Graph client. */
  error_kind: string;
  /** The plain sentence Settings shows. */
  error_message: string;
  /** PUBLIC_URL when it failed: a changed address is tried at once. */
  public_url: string;
  next_attempt_at: string;
  updated_at: string;
}

export interface MicrosoftSyncTables {
  microsoft_sync_rounds: MicrosoftSyncRoundsTable;
  microsoft_subscription_failures: MicrosoftSubscriptionFailuresTable;
}
