import type { Kysely } from 'kysely';

/**
 * Outlook contacts ↔ CRM people, two-way (CONTACTS).
 *
 * `contacts_folders` are the scopes (one delta cursor per contact folder). `contacts_contacts` is
 * each account's copy of a contact, in the CRM's shape: it is the base a later version is compared
 * with, field by field, so only what changed in Outlook reaches the person. The person a contact
 * mirrors is in microsoft_links (resource 'contacts'). `contacts_person_origins` records the people
 * a contact created (not matched): only those may go when their contacts go. `contacts_settings`
 * holds the per-user "Add people I create to Outlook contacts".
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('contacts_folders')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('graph_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('is_default', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('contacts_folders_pk', ['account_id', 'graph_id'])
    .execute();

  await db.schema
    .createTable('contacts_contacts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('folder_graph_id', 'text', (c) => c.notNull())
    .addColumn('graph_id', 'text', (c) => c.notNull())
    .addColumn('change_key', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('emails', 'text', (c) => c.notNull())
    .addColumn('phones', 'text', (c) => c.notNull())
    .addColumn('company_name', 'text')
    .addColumn('job_title', 'text')
    .addColumn('notes', 'text')
    .addColumn('modified_at', 'text')
    .addColumn('sync_round', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('contacts_contacts_graph', ['account_id', 'graph_id'])
    .execute();
  await db.schema.createIndex('contacts_contacts_scope_round').on('contacts_contacts').columns(['account_id', 'folder_graph_id', 'sync_round']).execute();

  await db.schema
    .createTable('contacts_person_origins')
    .addColumn('person_id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('contacts_person_origins_account').on('contacts_person_origins').column('account_id').execute();

  await db.schema
    .createTable('contacts_settings')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('push_new_people', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('contacts_settings_pk', ['workspace_id', 'user_id'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['contacts_settings', 'contacts_person_origins', 'contacts_contacts', 'contacts_folders']) await db.schema.dropTable(t).ifExists().execute();
}
