import type { Kysely } from 'kysely';

/**
 * What a disconnect removed, kept after the account row is gone so Settings (and the REST API) can
 * say so. One row per user: the latest disconnect. Counts are added in the same transaction as each
 * resource's purge, so a disconnect job retried after a crash never counts twice or loses a count.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('microsoft_disconnect_receipts')
    .addColumn('user_id', 'text', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('removed', 'text', (c) => c.notNull())
    .addColumn('subscriptions_stopped', 'integer', (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('microsoft_disconnect_receipts').execute();
}
