import type { Message } from '@microsoft/microsoft-graph-types';
import { newId } from '../../../lib/ids.js';
import type { DeltaItem, PageResult, SyncContext, SyncResource, SyncScope, Trx } from '../contract.js';
import { CountChanges, countedNow, recountFolders } from './folderCounts.js';
import { refreshFolders } from './folders.js';
import { MESSAGE_SELECT, mapMessage } from './mapMessage.js';
import { deleteEmailsWhere, linkPeople, upsertEmails, type EmailQuery } from './store.js';

export interface MailResourceOptions {
  /** Prefer: odata.maxpagesize for delta pages; large pages make bursts and initial syncs cheap. */
  maxPageSize?: number;
}

/** Outlook mail: one scope per mail folder, metadata only, linked to the CRM people it mentions. */
export function mailResource(options: MailResourceOptions = {}): SyncResource {
  const pageSize = options.maxPageSize ?? 1000;
  return {
    name: 'mail',
    listScopes: (ctx) => refreshFolders(ctx),
    firstUrl: (scope: SyncScope) => `/me/mailFolders/${encodeURIComponent(scope.key)}/messages/delta?$select=${MESSAGE_SELECT}`,
    headers: () => ({ prefer: `odata.maxpagesize=${pageSize}` }),
    echoes: async () => new Set<string>(),

    async applyPage(trx: Trx, ctx: SyncContext, scope: SyncScope, items: DeltaItem[], round: string | null): Promise<PageResult> {
      const removed: string[] = [];
      const byGraphId = new Map<string, ReturnType<typeof mapMessage>>();
      for (const item of items) {
        if (typeof item.id !== 'string') continue;
        if (item['@removed']) {
          removed.push(item.id);
          byGraphId.delete(item.id);
        } else {
          // Replays within a page: the last version wins.
          byGraphId.set(item.id, mapMessage(item as Message, scope.key));
        }
      }
      const before = await countedNow(trx, ctx.account.id, items.flatMap((i) => (typeof i.id === 'string' ? [i.id] : [])));
      const counts = new CountChanges();
      const removedIds: string[] = [];
      if (removed.length) {
        // Scoped to this folder: a message moved elsewhere is @removed here but lives on there.
        for (let i = 0; i < removed.length; i += 500) {
          const part = removed.slice(i, i + 500);
          const inFolder = (q: EmailQuery) => q.where('graph_id', 'in', part).where('folder_graph_id', '=', scope.key);
          for (const r of await inFolder(trx.selectFrom('emails').where('account_id', '=', ctx.account.id)).select('id').execute()) removedIds.push(r.id);
          await deleteEmailsWhere(trx, ctx.account.id, inFolder);
        }
        for (const g of removed) {
          if (before.get(g)?.folder !== scope.key) continue;
          counts.add(before.get(g), -1);
          before.delete(g);
        }
      }
      const mapped = [...byGraphId.values()];
      const ids = await upsertEmails(trx, ctx.account, mapped.map((m) => ({ ...m.row, id: newId() })), round);
      const addresses = new Map<string, string[]>();
      for (const m of mapped) {
        const id = ids.get(m.row.graph_id);
        if (id) addresses.set(id, m.addresses);
        // Where it was (if anywhere) loses it; this folder gains it, as it is now.
        counts.add(before.get(m.row.graph_id), -1);
        counts.add({ folder: scope.key, unread: m.row.is_read === 0 }, 1);
      }
      await linkPeople(trx, ctx.account, addresses);
      await counts.apply(trx, ctx.account.id);
      return { upserted: [...ids.values()], removed: removedIds };
    },

    async sweep(trx: Trx, ctx: SyncContext, scope: SyncScope, round: string): Promise<number> {
      const swept = await deleteEmailsWhere(trx, ctx.account.id, (q) =>
        q.where('folder_graph_id', '=', scope.key).where((eb) => eb.or([eb('sync_round', 'is', null), eb('sync_round', '!=', round)])));
      if (swept) await recountFolders(trx, ctx.account.id, [scope.key]);
      return swept;
    },
  };
}
