import { sql, type Kysely } from 'kysely';

/**
 * People from mail (PEOPLE-FROM-MAIL).
 *
 * `people_from_mail_settings` is the workspace's "Create people from mail" choice; a workspace that
 * never chose has the defaults (people I send mail to, colleagues left out).
 * `emails.people_scanned` marks the synced messages the people-from-mail job has looked at: new rows
 * arrive with 0 at no extra cost to the delta page's transaction, and the job takes them after
 * commit. The partial index keeps finding the unscanned ones cheap however big the mailbox.
 * `mail_person_origins` records the people a mailbox created (not matched): their label ("From
 * mail — …'s mailbox"), and the only people a disconnect of that mailbox may delete.
 * `mail_company_domains` claims an email domain for one company per workspace, so two users' jobs
 * running at once make the company once; a company the user deleted is not made again.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('people_from_mail_settings')
    .addColumn('workspace_id', 'text', (c) => c.primaryKey())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('include_colleagues', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.alterTable('emails').addColumn('people_scanned', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.createIndex('emails_people_unscanned').on('emails').column('account_id').where(sql.ref('people_scanned'), '=', 0).execute();

  await db.schema
    .createTable('mail_person_origins')
    .addColumn('person_id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('mailbox', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('edited', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('mail_person_origins_account').on('mail_person_origins').column('account_id').execute();

  await db.schema
    .createTable('mail_company_domains')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('domain', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('mail_company_domains_pk', ['workspace_id', 'domain'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['mail_company_domains', 'mail_person_origins', 'people_from_mail_settings']) await db.schema.dropTable(t).ifExists().execute();
  await db.schema.dropIndex('emails_people_unscanned').ifExists().execute();
  await db.schema.alterTable('emails').dropColumn('people_scanned').execute();
}
