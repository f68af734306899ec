import type { SyncContext, SyncResource, SyncScope, Trx } from '../contract.js';
import { links } from '../links.js';
import { applyContacts, removeContacts, RESOURCE } from './applyContacts.js';
import { refreshFolders } from './folders.js';
import { CONTACT_SELECT } from './mapContact.js';
import { staleGraphIds } from './store.js';

export interface ContactsResourceOptions {
  /** Prefer: odata.maxpagesize (Graph's default is 10). */
  maxPageSize?: number;
}

/** Outlook contacts: one scope per contact folder, each its own delta (graph-facts §2). */
export function contactsResource(options: ContactsResourceOptions = {}): SyncResource {
  const pageSize = options.maxPageSize ?? 500;
  return {
    name: RESOURCE,
    listScopes: (ctx) => refreshFolders(ctx),
    firstUrl: (scope: SyncScope) => `/me/contactFolders/${encodeURIComponent(scope.key)}/contacts/delta?$select=${CONTACT_SELECT}`,
    headers: () => ({ prefer: `odata.maxpagesize=${pageSize}` }),
    echoes: (ctx, items) => links.echoes(ctx.db, ctx.account.id, RESOURCE, items),
    applyPage: (trx: Trx, ctx: SyncContext, scope: SyncScope, items, round) => applyContacts(trx, ctx, scope.key, items, round),
    async sweep(trx: Trx, ctx: SyncContext, scope: SyncScope, round: string): Promise<number> {
      const stale = await staleGraphIds(trx, ctx.account.id, scope.key, round);
      await removeContacts(trx, ctx, stale);
      return stale.length;
    },
  };
}
