import type { Kysely } from 'kysely';

/**
 * The shared write-back path of two-way resources (calendar, contacts, To Do).
 *
 * microsoft_links ties a CRM record to the Graph item it mirrors, with the changeKey Tandem last
 * wrote or read: an item coming back through delta with that changeKey is Tandem's own echo.
 *
 * microsoft_outbox holds local changes, written in the same transaction as the CRM change and sent
 * to Graph only after commit. `idempotency_key` is chosen before the first attempt (an event's
 * transactionId), so a create retried after a crash between POST and commit finds its item.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('microsoft_links')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('resource', 'text', (c) => c.notNull())
    .addColumn('graph_id', 'text', (c) => c.notNull())
    .addColumn('record_type', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('change_key', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('microsoft_links_pk', ['account_id', 'resource', 'graph_id'])
    .execute();
  await db.schema.createIndex('microsoft_links_record').on('microsoft_links').columns(['record_type', 'record_id']).execute();

  await db.schema
    .createTable('microsoft_outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('resource', 'text', (c) => c.notNull())
    .addColumn('record_type', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('op', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('microsoft_outbox_due').on('microsoft_outbox').columns(['account_id', 'resource', 'state', 'created_at']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('microsoft_outbox').ifExists().execute();
  await db.schema.dropTable('microsoft_links').ifExists().execute();
}
