import { sql } from 'kysely';
import type { Trx } from '../contract.js';

/**
 * mail_folders' unread and total counts, recomputed from the synced rows of the folders a change
 * touched. Graph's own counts (read when folders are listed) go stale between full rounds, while
 * the rows are what the inbox shows: counting them keeps the two in agreement after every page
 * and every write Tandem makes. One grouped COUNT over the (account, folder) index per change.
 */
export async function recountFolders(trx: Trx, accountId: string, folderGraphIds: Iterable<string | null | undefined>): Promise<void> {
  const folders = [...new Set([...folderGraphIds].filter((f): f is string => !!f))];
  if (!folders.length) return;
  const counted = await trx.selectFrom('emails')
    .select(['folder_graph_id', sql<number>`count(*)`.as('total'), sql<number>`sum(case when is_read = 0 then 1 else 0 end)`.as('unread')])
    .where('account_id', '=', accountId).where('folder_graph_id', 'in', folders)
    .groupBy('folder_graph_id').execute();
  const byFolder = new Map(counted.map((c) => [c.folder_graph_id, c]));
  for (const folder of folders) {
    const c = byFolder.get(folder);
    await trx.updateTable('mail_folders')
      .set({ total_count: Number(c?.total ?? 0), unread_count: Number(c?.unread ?? 0) })
      .where('account_id', '=', accountId).where('graph_id', '=', folder).execute();
  }
}

/** The folders the given rows are in now: where a move or delete takes them from. */
export async function foldersOf(trx: Trx, accountId: string, column: 'id' | 'graph_id', values: string[]): Promise<string[]> {
  const out = new Set<string>();
  for (let i = 0; i < values.length; i += 500) {
    const rows = await trx.selectFrom('emails').select('folder_graph_id').distinct()
      .where('account_id', '=', accountId).where(column, 'in', values.slice(i, i + 500)).execute();
    for (const r of rows) out.add(r.folder_graph_id);
  }
  return [...out];
}
