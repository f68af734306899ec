import type { Kysely } from 'kysely';

/**
 * Why an account has no live subscription of a kind, and when creating one is tried again. The
 * worker's tick writes it and Settings (possibly another process) reads it: the account is synced
 * by polling meanwhile, and health says so in plain words. A successful creation deletes the row.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('microsoft_subscription_failures')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('resource_kind', 'text', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('error_kind', 'text', (c) => c.notNull())
    .addColumn('error_message', 'text', (c) => c.notNull())
    .addColumn('public_url', 'text', (c) => c.notNull())
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('microsoft_subscription_failures_pk', ['account_id', 'resource_kind'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('microsoft_subscription_failures').ifExists().execute();
}
