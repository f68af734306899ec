import type { Kysely } from 'kysely';

/**
 * The id of the full (re)sync round in progress per scope. Rows seen by the round are stamped
 * with it (emails.sync_round); it must survive a crash so a resumed round keeps its stamp and the
 * final sweep deletes exactly the rows the round never saw.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('microsoft_sync_rounds')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('resource', 'text', (c) => c.notNull())
    .addColumn('scope_key', 'text', (c) => c.notNull())
    .addColumn('round_id', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('microsoft_sync_rounds_pk', ['account_id', 'resource', 'scope_key'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('microsoft_sync_rounds').ifExists().execute();
}
