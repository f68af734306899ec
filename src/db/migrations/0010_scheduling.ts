import { sql, type Kysely } from 'kysely';

/**
 * Scheduling pages and their bookings (SCHEDULING).
 *
 * `scheduling_owners` is one row per page owner, updated at the start of every booking transaction:
 * that row lock (PostgreSQL) or write lock (SQLite) makes "is this time still free?" and "take it"
 * one step, across processes. The partial unique index on live bookings is the backstop for the
 * same start time.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('scheduling_pages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('owner_user_id', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('durations', 'text', (c) => c.notNull())
    .addColumn('slot_interval', 'integer', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('availability', 'text', (c) => c.notNull())
    .addColumn('buffer_before', 'integer', (c) => c.notNull())
    .addColumn('buffer_after', 'integer', (c) => c.notNull())
    .addColumn('min_notice', 'integer', (c) => c.notNull())
    .addColumn('days_ahead', 'integer', (c) => c.notNull())
    .addColumn('daily_cap', 'integer')
    .addColumn('location', 'text', (c) => c.notNull())
    .addColumn('questions', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('scheduling_pages_owner').on('scheduling_pages').columns(['workspace_id', 'owner_user_id']).execute();

  await db.schema
    .createTable('scheduling_owners')
    .addColumn('user_id', 'text', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('bookings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('page_id', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('owner_user_id', 'text', (c) => c.notNull())
    .addColumn('start_utc', 'text', (c) => c.notNull())
    .addColumn('end_utc', 'text', (c) => c.notNull())
    .addColumn('guest_name', 'text', (c) => c.notNull())
    .addColumn('guest_email', 'text', (c) => c.notNull())
    .addColumn('guest_time_zone', 'text', (c) => c.notNull())
    .addColumn('answers', 'text', (c) => c.notNull())
    .addColumn('location', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('meeting_id', 'text')
    .addColumn('person_id', 'text')
    .addColumn('join_url', 'text')
    .addColumn('ical_uid', 'text')
    .addColumn('sequence', 'integer', (c) => c.notNull())
    .addColumn('confirmation', 'text', (c) => c.notNull())
    .addColumn('confirmation_draft_id', 'text')
    .addColumn('problem', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('bookings_owner_start').on('bookings').columns(['owner_user_id', 'start_utc']).execute();
  await db.schema.createIndex('bookings_page').on('bookings').columns(['page_id', 'start_utc']).execute();
  await db.schema.createIndex('bookings_live_slot').unique().on('bookings').columns(['owner_user_id', 'start_utc'])
    .where(sql.ref('status'), 'in', ['pending', 'confirmed']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('bookings').execute();
  await db.schema.dropTable('scheduling_owners').execute();
  await db.schema.dropTable('scheduling_pages').execute();
}
