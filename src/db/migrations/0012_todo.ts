import type { Kysely } from 'kysely';

/**
 * CRM tasks ↔ Microsoft To Do (TO-DO area).
 *
 * CRM side: a task gains `notes` and `importance` (what a todoTask carries), and `todo_user_id`:
 * whose To Do it is synced with (null: not synced). The user who turned sync on owns it, so
 * another member's edit still goes to that user's To Do.
 *
 * Microsoft side: `todo_items` mirrors every task of the account's To Do lists (one scope per list),
 * with the CRM task id its Tandem linkedResource names: a task moved to another list gets a new id
 * and is recognised by it. `removed_at` marks a linked task gone from its list until the run that
 * saw it go has looked at every list (a move shows as a removal in one list and a create in another).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('tasks').addColumn('notes', 'text').execute();
  await db.schema.alterTable('tasks').addColumn('importance', 'text', (c) => c.notNull().defaultTo('normal')).execute();
  await db.schema.alterTable('tasks').addColumn('todo_user_id', 'text').execute();

  await db.schema
    .createTable('todo_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('list_graph_id', 'text', (c) => c.notNull())
    .addColumn('graph_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text')
    .addColumn('etag', 'text')
    .addColumn('removed_at', 'text')
    .addColumn('sync_round', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('todo_items_account_graph', ['account_id', 'graph_id'])
    .execute();
  await db.schema.createIndex('todo_items_list').on('todo_items').columns(['account_id', 'list_graph_id']).execute();
  await db.schema.createIndex('todo_items_external').on('todo_items').columns(['account_id', 'external_id']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('todo_items').execute();
  await db.schema.alterTable('tasks').dropColumn('todo_user_id').execute();
  await db.schema.alterTable('tasks').dropColumn('importance').execute();
  await db.schema.alterTable('tasks').dropColumn('notes').execute();
}
