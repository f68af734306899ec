import type { Generated } from 'kysely';

/** Row types of the Microsoft 365 integration's tables (see migrations/0003_microsoft.ts). */
export interface MicrosoftAccountsTable {
  id: string;
  user_id: string;
  workspace_id: string;
  tenant_id: string;
  object_id: string;
  home_account_id: string;
  username: string;
  display_name: string | null;
  /** JSON array of granted scope short names. */
  granted_scopes: string;
  /** 'active' | 'needs_reconnect' | 'disconnecting' */
  status: string;
  status_kind: string | null;
  status_message: string | null;
  last_refreshed_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface MicrosoftTokenCachesTable {
  account_key: string;
  sealed: string;
  version: number;
  updated_at: string;
}

export interface MicrosoftSignInsTable {
  state: string;
  user_id: string;
  /** 'connect' | 'enable' | 'reconnect' | 'adminConsent' */
  purpose: string;
  sealed: string;
  expires_at: string;
}

export interface MicrosoftTenantConsentsTable {
  tenant_id: string;
  feature: string;
  granted_by_user_id: string;
  granted_at: string;
}

export interface MicrosoftSubscriptionsTable {
  id: string;
  account_id: string;
  resource_kind: string;
  graph_id: string | null;
  resource: string;
  sealed_client_state: string;
  expires_at: string | null;
  /** 'pending' | 'active' | 'deleting' */
  status: string;
  created_at: string;
  updated_at: string;
}

export interface MicrosoftSyncStatesTable {
  account_id: string;
  resource: string;
  scope_key: string;
  scope_name: string | null;
  next_link: string | null;
  delta_link: string | null;
  /** 'initial' | 'live' */
  phase: string;
  items_synced: number;
  items_total: number | null;
  last_success_at: string | null;
  last_error_kind: string | null;
  last_error_message: string | null;
  updated_at: string;
}

export interface MicrosoftPendingChangesTable {
  account_id: string;
  resource: string;
  item_id: string;
  /** 'created' | 'updated' | 'deleted' */
  change_type: string;
  received_at: string;
}

export interface MicrosoftCountersTable {
  account_id: string;
  name: string;
  value: number;
}

export interface MailFoldersTable {
  id: string;
  account_id: string;
  graph_id: string;
  parent_graph_id: string | null;
  display_name: string;
  well_known: string | null;
  unread_count: number;
  total_count: number;
}

export interface EmailsTable {
  id: string;
  account_id: string;
  user_id: string;
  workspace_id: string;
  graph_id: string;
  folder_graph_id: string;
  conversation_id: string | null;
  internet_message_id: string | null;
  subject: string | null;
  from_name: string | null;
  from_address: string | null;
  /** JSON array of {name, address, kind: 'to'|'cc'|'bcc'}. */
  recipients: string;
  preview: string | null;
  received_at: string | null;
  is_read: number;
  is_draft: number;
  has_attachments: number;
  importance: string | null;
  change_key: string | null;
  sync_round: string | null;
  updated_at: string;
  /** 1 once the people-from-mail job looked at it (0014); new rows start at 0. */
  people_scanned: Generated<number>;
}

export interface EmailPeopleTable {
  email_id: string;
  person_id: string;
  account_id: string;
}

/** What the latest disconnect of a user's account removed (see migrations/0009). */
export interface MicrosoftDisconnectReceiptsTable {
  user_id: string;
  username: string;
  tenant_id: string;
  /** JSON object: resource name → { count, one, other } (the item's name in the singular and plural). */
  removed: string;
  subscriptions_stopped: number;
  requested_at: string;
  /** Null while the disconnect is still running. */
  finished_at: string | null;
}

export interface MicrosoftTables {
  microsoft_accounts: MicrosoftAccountsTable;
  microsoft_token_caches: MicrosoftTokenCachesTable;
  microsoft_sign_ins: MicrosoftSignInsTable;
  microsoft_tenant_consents: MicrosoftTenantConsentsTable;
  microsoft_subscriptions: MicrosoftSubscriptionsTable;
  microsoft_sync_states: MicrosoftSyncStatesTable;
  microsoft_pending_changes: MicrosoftPendingChangesTable;
  microsoft_counters: MicrosoftCountersTable;
  microsoft_disconnect_receipts: MicrosoftDisconnectReceiptsTable;
  mail_folders: MailFoldersTable;
  emails: EmailsTable;
  email_people: EmailPeopleTable;
}
