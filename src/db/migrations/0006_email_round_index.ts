import type { Kysely } from 'kysely';

/**
 * The sweep that ends a full sync round deletes a folder's rows the round never stamped; without
 * this index it read every row of the folder (0.4-0.9 s on 30,000 messages).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('emails_folder_round').on('emails').columns(['account_id', 'folder_graph_id', 'sync_round']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('emails_folder_round').ifExists().execute();
}
