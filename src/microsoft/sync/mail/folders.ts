import type { MailFolder } from '@microsoft/microsoft-graph-types';
import { newId } from '../../../lib/ids.js';
import type { SyncContext, SyncScope } from '../contract.js';
import { syncStates } from '../syncStates.js';
import { recountFolders } from './folderCounts.js';
import { deleteEmailsWhere } from './store.js';

/** Outlook's well-known folders, in the order a user expects them synced (Inbox first). */
export const WELL_KNOWN = ['inbox', 'sentitems', 'drafts', 'archive', 'deleteditems', 'junkemail'] as const;

const FOLDER_SELECT = '$select=id,displayName,parentFolderId,childFolderCount,totalItemCount,unreadItemCount&$top=100';

export interface FolderRecord {
  graphId: string;
  parentGraphId: string | null;
  displayName: string;
  wellKnown: string | null;
  total: number;
}

/** Every folder of the mailbox, child folders included (mail delta works one folder at a time). */
async function listFolders(ctx: SyncContext): Promise<MailFolder[]> {
  const out: MailFolder[] = [];
  const queue: string[] = [`/me/mailFolders?${FOLDER_SELECT}`];
  while (queue.length) {
    const url = queue.shift()!;
    for await (const page of ctx.graph.pages<MailFolder>(ctx.account.id, url)) {
      for (const f of page.items) {
        if (!f.id) continue;
        out.push(f);
        if ((f.childFolderCount ?? 0) > 0) queue.push(`/me/mailFolders/${encodeURIComponent(f.id)}/childFolders?${FOLDER_SELECT}`);
      }
    }
  }
  return out;
}

/** v1.0 does not say which folder is the Inbox: ask for the well-known names in one $batch. */
async function wellKnownIds(ctx: SyncContext): Promise<Map<string, string>> {
  const byId = new Map<string, string>();
  try {
    const results = await ctx.graph.batch(ctx.account.id, WELL_KNOWN.map((wk) => ({ id: wk, method: 'GET' as const, url: `/me/mailFolders/${wk}?$select=id` })));
    for (const r of results) {
      const id = (r.body as { id?: string } | undefined)?.id;
      if (r.status < 300 && id) byId.set(id, r.id);
    }
  } catch {
    // Without names the folders still sync; only the Inbox-first ordering is lost.
  }
  return byId;
}

/**
 * Brings mail_folders in step with the mailbox: new and renamed folders upserted, deleted ones
 * removed with their messages and cursors. Returns the scopes, Inbox first.
 */
export async function refreshFolders(ctx: SyncContext): Promise<SyncScope[]> {
  const [folders, wk] = await Promise.all([listFolders(ctx), wellKnownIds(ctx)]);
  const db = ctx.db;
  const accountId = ctx.account.id;
  const records: FolderRecord[] = folders.map((f) => ({
    graphId: f.id!, parentGraphId: f.parentFolderId ?? null, displayName: f.displayName ?? '', wellKnown: wk.get(f.id!) ?? null, total: f.totalItemCount ?? 0,
  }));
  await db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('mail_folders').select('graph_id').where('account_id', '=', accountId).execute();
    const keep = new Set(records.map((r) => r.graphId));
    const gone = existing.map((e) => e.graph_id).filter((g) => !keep.has(g));
    for (const r of records) {
      const values = { parent_graph_id: r.parentGraphId, display_name: r.displayName, well_known: r.wellKnown };
      await trx.insertInto('mail_folders').values({ id: newId(), account_id: accountId, graph_id: r.graphId, ...values, unread_count: 0, total_count: 0 })
        .onConflict((oc) => oc.columns(['account_id', 'graph_id']).doUpdateSet(values)).execute();
    }
    if (gone.length) {
      await deleteEmailsWhere(trx, accountId, (q) => q.where('folder_graph_id', 'in', gone));
      await trx.deleteFrom('mail_folders').where('account_id', '=', accountId).where('graph_id', 'in', gone).execute();
      for (const g of gone) await syncStates.remove(trx, { accountId, resource: 'mail', scopeKey: g });
    }
    // The counts are the synced rows' (folderCounts.ts), not Graph's: a listing re-bases them.
    await recountFolders(trx, accountId, 'all');
  });
  return orderScopes(records);
}

export function orderScopes(records: Array<Pick<FolderRecord, 'graphId' | 'displayName' | 'wellKnown'> & { total?: number }>): SyncScope[] {
  const rank = (r: { wellKnown: string | null }) => {
    const i = WELL_KNOWN.indexOf((r.wellKnown ?? '') as (typeof WELL_KNOWN)[number]);
    return i < 0 ? WELL_KNOWN.length : i;
  };
  return [...records].sort((a, b) => rank(a) - rank(b)).map((r) => ({ key: r.graphId, name: r.displayName, ...(r.total !== undefined ? { totalItems: r.total } : {}), ...(r.wellKnown === 'inbox' ? { primary: true } : {}) }));
}

/**
 * The scopes known from the last refresh, without asking Graph. Without a total: mail_folders
 * counts what is synced so far, while a scope's total (the import's progress) is Graph's, kept in
 * its sync state since the last listing.
 */
export async function knownScopes(ctx: SyncContext): Promise<SyncScope[]> {
  const rows = await ctx.db.selectFrom('mail_folders').select(['graph_id', 'display_name', 'well_known'])
    .where('account_id', '=', ctx.account.id).execute();
  return orderScopes(rows.map((r) => ({ graphId: r.graph_id, displayName: r.display_name, wellKnown: r.well_known })));
}
