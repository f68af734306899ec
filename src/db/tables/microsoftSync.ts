/** Row types of the sync engine's own tables (migrations 0004, 0005, 0007). */
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

/** A CRM record ↔ the Graph item it mirrors (migrations/0007_write_back.ts). */
export interface MicrosoftLinksTable {
  account_id: string;
  resource: string;
  graph_id: string;
  record_type: string;
  record_id: string;
  /** The changeKey Tandem last wrote or read: delta bringing it back is an echo. */
  change_key: string | null;
  updated_at: string;
}

export type OutboxOp = 'create' | 'update' | 'delete';
export type OutboxState = 'pending' | 'sent' | 'failed';

/** One local change waiting to go to Graph, written with the CRM change it mirrors. */
export interface MicrosoftOutboxTable {
  id: string;
  account_id: string;
  resource: string;
  record_type: string;
  record_id: string;
  op: OutboxOp;
  /** JSON: the resource's own description of the change (the changed fields only, for updates). */
  payload: string;
  /** Chosen before the first attempt: a retried create must find the item the first one made. */
  idempotency_key: string;
  state: OutboxState;
  attempts: number;
  last_error: string | null;
  next_attempt_at: string;
  created_at: string;
  updated_at: string;
}

export interface MicrosoftSyncTables {
  microsoft_sync_rounds: MicrosoftSyncRoundsTable;
  microsoft_subscription_failures: MicrosoftSubscriptionFailuresTable;
  microsoft_links: MicrosoftLinksTable;
  microsoft_outbox: MicrosoftOutboxTable;
}
