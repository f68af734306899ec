import type { Kysely } from 'kysely';

/**
 * The Microsoft 365 integration's tables. Everything synced from an account hangs off
 * microsoft_accounts.id, so disconnect can delete by account and be sure nothing is left.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('microsoft_accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().unique())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('object_id', 'text', (c) => c.notNull())
    .addColumn('home_account_id', 'text', (c) => c.notNull())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text')
    .addColumn('granted_scopes', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_kind', 'text')
    .addColumn('status_message', 'text')
    .addColumn('last_refreshed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // MSAL's serialized cache, sealed with TANDEM_SECRET_KEY; version makes writes compare-and-set.
  await db.schema
    .createTable('microsoft_token_caches')
    .addColumn('account_key', 'text', (c) => c.primaryKey())
    .addColumn('sealed', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // A sign-in in progress: PKCE verifier and nonce, sealed, consumed once by the callback.
  await db.schema
    .createTable('microsoft_sign_ins')
    .addColumn('state', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('sealed', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('microsoft_tenant_consents')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('feature', 'text', (c) => c.notNull())
    .addColumn('granted_by_user_id', 'text', (c) => c.notNull())
    .addColumn('granted_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('microsoft_tenant_consents_pk', ['tenant_id', 'feature'])
    .execute();

  await db.schema
    .createTable('microsoft_subscriptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('resource_kind', 'text', (c) => c.notNull())
    .addColumn('graph_id', 'text')
    .addColumn('resource', 'text', (c) => c.notNull())
    .addColumn('sealed_client_state', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('microsoft_subscriptions_graph').on('microsoft_subscriptions').column('graph_id').execute();
  await db.schema.createIndex('microsoft_subscriptions_account').on('microsoft_subscriptions').column('account_id').execute();

  // One delta cursor per synced scope (a mail folder, a calendar, a To Do list, ...).
  await db.schema
    .createTable('microsoft_sync_states')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('resource', 'text', (c) => c.notNull())
    .addColumn('scope_key', 'text', (c) => c.notNull())
    .addColumn('scope_name', 'text')
    .addColumn('next_link', 'text')
    .addColumn('delta_link', 'text')
    .addColumn('phase', 'text', (c) => c.notNull())
    .addColumn('items_synced', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('items_total', 'integer')
    .addColumn('last_success_at', 'text')
    .addColumn('last_error_kind', 'text')
    .addColumn('last_error_message', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('microsoft_sync_states_pk', ['account_id', 'resource', 'scope_key'])
    .execute();

  // Items named by change notifications, waiting for the next sync run: the webhook's durable
  // intake. Keyed by item so duplicated notifications collapse.
  await db.schema
    .createTable('microsoft_pending_changes')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('resource', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('change_type', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('microsoft_pending_changes_pk', ['account_id', 'resource', 'item_id'])
    .execute();

  await db.schema
    .createTable('microsoft_counters')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('value', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('microsoft_counters_pk', ['account_id', 'name'])
    .execute();

  await db.schema
    .createTable('mail_folders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('graph_id', 'text', (c) => c.notNull())
    .addColumn('parent_graph_id', 'text')
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('well_known', 'text')
    .addColumn('unread_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('total_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('mail_folders_graph', ['account_id', 'graph_id'])
    .execute();

  // Metadata only: bodies are fetched on demand and live in a bounded memory cache.
  await db.schema
    .createTable('emails')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('graph_id', 'text', (c) => c.notNull())
    .addColumn('folder_graph_id', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text')
    .addColumn('internet_message_id', 'text')
    .addColumn('subject', 'text')
    .addColumn('from_name', 'text')
    .addColumn('from_address', 'text')
    .addColumn('recipients', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('preview', 'text')
    .addColumn('received_at', 'text')
    .addColumn('is_read', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_draft', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('has_attachments', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('importance', 'text')
    .addColumn('change_key', 'text')
    // Stamped by each full (re)sync round so items gone while the cursor was lost can be swept.
    .addColumn('sync_round', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('emails_graph', ['account_id', 'graph_id'])
    .execute();
  await db.schema.createIndex('emails_folder_received').on('emails').columns(['account_id', 'folder_graph_id', 'received_at']).execute();

  await db.schema
    .createTable('email_people')
    .addColumn('email_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('email_people_pk', ['email_id', 'person_id'])
    .execute();
  await db.schema.createIndex('email_people_person').on('email_people').column('person_id').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['email_people', 'emails', 'mail_folders', 'microsoft_counters', 'microsoft_pending_changes', 'microsoft_sync_states', 'microsoft_subscriptions',
    'microsoft_tenant_consents', 'microsoft_sign_ins', 'microsoft_token_caches', 'microsoft_accounts']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
