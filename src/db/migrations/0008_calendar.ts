import type { Kysely } from 'kysely';

/**
 * Outlook calendar, two-way (CALENDAR).
 *
 * CRM side: `meetings` holds what a meeting scheduled in the CRM needs beyond its activity (times,
 * zone, place, online link, whether it is still linked to an external calendar); `activity_participants`
 * puts one activity on several people's timelines (a meeting with three CRM people).
 *
 * Microsoft side: `calendar_calendars` are the scopes, with the window their delta cursor was
 * started with (calendarView delta keeps its window in the token, so Tandem must remember it to
 * know when to move it); `calendar_events` are the synced events, one row per account's copy.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('meetings')
    .addColumn('activity_id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('owner_user_id', 'text', (c) => c.notNull())
    .addColumn('start_utc', 'text', (c) => c.notNull())
    .addColumn('end_utc', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('location', 'text')
    .addColumn('is_online', 'integer', (c) => c.notNull())
    .addColumn('join_url', 'text')
    .addColumn('attendee_person_ids', 'text', (c) => c.notNull())
    .addColumn('calendar_uid', 'text')
    .addColumn('linked', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('meetings_owner_start').on('meetings').columns(['workspace_id', 'owner_user_id', 'start_utc']).execute();
  await db.schema.createIndex('meetings_uid').on('meetings').columns(['workspace_id', 'calendar_uid']).execute();

  await db.schema
    .createTable('activity_participants')
    .addColumn('activity_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('activity_participants_pk', ['activity_id', 'person_id'])
    .execute();
  await db.schema.createIndex('activity_participants_person').on('activity_participants').columns(['workspace_id', 'person_id']).execute();

  await db.schema
    .createTable('calendar_calendars')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('graph_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('is_default', 'integer', (c) => c.notNull())
    .addColumn('can_edit', 'integer', (c) => c.notNull())
    .addColumn('window_start', 'text')
    .addColumn('window_end', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('calendar_calendars_pk', ['account_id', 'graph_id'])
    .execute();

  await db.schema
    .createTable('calendar_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('calendar_graph_id', 'text', (c) => c.notNull())
    .addColumn('graph_id', 'text', (c) => c.notNull())
    .addColumn('ical_uid', 'text')
    .addColumn('series_master_graph_id', 'text')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('body_preview', 'text')
    .addColumn('start_utc', 'text', (c) => c.notNull())
    .addColumn('end_utc', 'text', (c) => c.notNull())
    .addColumn('is_all_day', 'integer', (c) => c.notNull())
    .addColumn('time_zone', 'text')
    .addColumn('location', 'text')
    .addColumn('organizer_name', 'text')
    .addColumn('organizer_address', 'text')
    .addColumn('attendees', 'text', (c) => c.notNull())
    .addColumn('is_online_meeting', 'integer', (c) => c.notNull())
    .addColumn('join_url', 'text')
    .addColumn('is_cancelled', 'integer', (c) => c.notNull())
    .addColumn('change_key', 'text')
    .addColumn('activity_id', 'text')
    .addColumn('sync_round', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('calendar_events_graph', ['account_id', 'graph_id'])
    .execute();
  await db.schema.createIndex('calendar_events_range').on('calendar_events').columns(['account_id', 'start_utc']).execute();
  await db.schema.createIndex('calendar_events_scope_round').on('calendar_events').columns(['account_id', 'calendar_graph_id', 'sync_round']).execute();
  await db.schema.createIndex('calendar_events_uid').on('calendar_events').columns(['workspace_id', 'ical_uid']).execute();
  await db.schema.createIndex('calendar_events_activity').on('calendar_events').column('activity_id').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['calendar_events', 'calendar_calendars', 'activity_participants', 'meetings']) await db.schema.dropTable(t).ifExists().execute();
}
