import type { FileRecordType } from '../../../db/tables/files.js';
import type { SyncContext } from '../contract.js';

const RECORD_TABLES = { person: 'people', company: 'companies', task: 'tasks' } as const satisfies Record<FileRecordType, string>;

/**
 * Deletes the account's links whose CRM record was deleted. The CRM does not know about files (it
 * never reads Microsoft tables), so deleting a record leaves its links behind, unseen (the record's
 * routes are 404); the engine's runs clear them, before any Graph call is spent on them.
 */
export async function dropOrphanLinks(ctx: SyncContext): Promise<number> {
  let dropped = 0;
  for (const [type, table] of Object.entries(RECORD_TABLES) as Array<[FileRecordType, (typeof RECORD_TABLES)[FileRecordType]]>) {
    const r = await ctx.db.deleteFrom('file_links').where('account_id', '=', ctx.account.id).where('record_type', '=', type)
      .where((eb) => eb.not(eb.exists(eb.selectFrom(table).select('id').whereRef(`${table}.id`, '=', 'file_links.record_id')))).executeTakeFirst();
    dropped += Number(r.numDeletedRows);
  }
  return dropped;
}
