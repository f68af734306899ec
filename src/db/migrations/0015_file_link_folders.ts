import type { Kysely } from 'kysely';

/**
 * Files (FILES): `file_links.folder_ids`, the ids of the folders from the drive's root down to the
 * linked item's parent, as a JSON array aligned with `parent_path`. Graph's delta reports a renamed
 * or moved folder alone, never the items below it, and gives no paths: only by the ids of their
 * folders can the links below a changed folder be found and their path rewritten without reading
 * each item again. Null until known (links made before this, or whose folders could not be resolved).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('file_links').addColumn('folder_ids', 'text').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('file_links').dropColumn('folder_ids').execute();
}
