import type { Kysely } from 'kysely';

/**
 * OneDrive and SharePoint files on CRM records (FILES).
 *
 * `file_links` ties a CRM record to a drive item; the file itself stays in Microsoft 365. The
 * metadata is a copy kept current by the drive's delta (OneDrive) or by a refresh with the account
 * that attached it (SharePoint), `checked_at` saying when Graph last confirmed it. A link belongs to
 * the account that attached it, so disconnect deletes exactly the links made through that account.
 *
 * `file_uploads` are OneDrive upload sessions in progress. The session's uploadUrl is a bearer URL
 * (anyone holding it can write to the user's drive), so it is stored encrypted.
 *
 * Sizes are `double precision`: files pass 2 GiB (PostgreSQL's integer) and the pg driver answers
 * bigint as a string; a double holds every integer up to 2^53 exactly, as a number on both engines.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('file_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('record_type', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('drive_id', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('mime_type', 'text')
    .addColumn('size', 'double precision')
    .addColumn('web_url', 'text', (c) => c.notNull())
    .addColumn('parent_path', 'text')
    .addColumn('modified_at', 'text')
    .addColumn('modified_by', 'text')
    .addColumn('etag', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('checked_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('file_links_record_item', ['record_type', 'record_id', 'drive_id', 'item_id'])
    .execute();
  await db.schema.createIndex('file_links_account_item').on('file_links').columns(['account_id', 'drive_id', 'item_id']).execute();
  await db.schema.createIndex('file_links_record').on('file_links').columns(['workspace_id', 'record_type', 'record_id']).execute();

  await db.schema
    .createTable('file_uploads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('record_type', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('size', 'double precision', (c) => c.notNull())
    .addColumn('upload_url_enc', 'text', (c) => c.notNull())
    .addColumn('drive_id', 'text', (c) => c.notNull())
    .addColumn('folder_item_id', 'text')
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('completed_link_id', 'text')
    .execute();
  await db.schema.createIndex('file_uploads_account').on('file_uploads').column('account_id').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('file_uploads').ifExists().execute();
  await db.schema.dropTable('file_links').ifExists().execute();
}
