import { sql } from 'kysely';
import type { Trx } from '../contract.js';

/**
 * mail_folders' unread and total counts are the synced rows' own: what the inbox lists, so the two
 * always agree. A delta page adjusts them by what it changed (a few indexed statements: the push
 * path stays fast however big the folder); a full recount re-bases them where a change is rare or
 * its rows are not at hand (sweeps, folder listings, Tandem's own writes).
 */
export async function recountFolders(trx: Trx, accountId: string, folderGraphIds: Iterable<string | null | undefined> | 'all'): Promise<void> {
  const folders = folderGraphIds === 'all'
    ? (await trx.selectFrom('mail_folders').select('graph_id').where('account_id', '=', accountId).execute()).map((f) => f.graph_id)
    : [...new Set([...folderGraphIds].filter((f): f is string => !!f))];
  if (!folders.length) return;
  let q = trx.selectFrom('emails')
    .select(['folder_graph_id', sql<number>`count(*)`.as('total'), sql<number>`sum(case when is_read = 0 then 1 else 0 end)`.as('unread')])
    .where('account_id', '=', accountId);
  if (folderGraphIds !== 'all') q = q.where('folder_graph_id', 'in', folders);
  const byFolder = new Map((await q.groupBy('folder_graph_id').execute()).map((c) => [c.folder_graph_id, c]));
  for (const folder of folders) {
    const c = byFolder.get(folder);
    await trx.updateTable('mail_folders')
      .set({ total_count: Number(c?.total ?? 0), unread_count: Number(c?.unread ?? 0) })
      .where('account_id', '=', accountId).where('graph_id', '=', folder).execute();
  }
}

/** A message's place in the counts: its folder and whether it is unread. */
export interface Counted { folder: string; unread: boolean }

/** Per folder, how much total and unread changed. */
export class CountChanges {
  private readonly byFolder = new Map<string, { total: number; unread: number }>();

  add(m: Counted | undefined, sign: 1 | -1): void {
    if (!m) return;
    const c = this.byFolder.get(m.folder) ?? { total: 0, unread: 0 };
    c.total += sign;
    if (m.unread) c.unread += sign;
    this.byFolder.set(m.folder, c);
  }

  async apply(trx: Trx, accountId: string): Promise<void> {
    for (const [folder, c] of this.byFolder) {
      if (!c.total && !c.unread) continue;
      // Never below zero, should a count have drifted: the next recount sets it right.
      await trx.updateTable('mail_folders').set({
        total_count: sql`case when total_count + ${c.total} < 0 then 0 else total_count + ${c.total} end`,
        unread_count: sql`case when unread_count + ${c.unread} < 0 then 0 else unread_count + ${c.unread} end`,
      }).where('account_id', '=', accountId).where('graph_id', '=', folder).execute();
    }
  }
}

/** Where the given messages are counted now (by Graph id), before a page changes them. */
export async function countedNow(trx: Trx, accountId: string, graphIds: string[]): Promise<Map<string, Counted>> {
  const out = new Map<string, Counted>();
  // One statement per delta page (1,000 items at most): the initial sync pays this on every page.
  for (let i = 0; i < graphIds.length; i += 1000) {
    const rows = await trx.selectFrom('emails').select(['graph_id', 'folder_graph_id', 'is_read'])
      .where('account_id', '=', accountId).where('graph_id', 'in', graphIds.slice(i, i + 1000)).execute();
    for (const r of rows) out.set(r.graph_id, { folder: r.folder_graph_id, unread: r.is_read === 0 });
  }
  return out;
}
