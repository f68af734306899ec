import type { ContactFolder } from '@microsoft/microsoft-graph-types';
import type { SyncContext, SyncScope } from '../contract.js';
import { syncStates } from '../syncStates.js';
import { removeContacts, RESOURCE } from './applyContacts.js';

/**
 * Every contact folder of the user (no query options: Graph documents none for folder listings,
 * and a strict server refuses them): the default one (Graph's /me/contactFolders lists only the
 * folders inside it, so it is read on its own), the folders it holds, and theirs, to any depth.
 */
async function listFolders(ctx: SyncContext): Promise<Array<{ id: string; name: string; isDefault: boolean }>> {
  const root = await ctx.graph.get<ContactFolder>(ctx.account.id, '/me/contactFolders/contacts');
  const out = [{ id: root.id!, name: root.displayName || 'Contacts', isDefault: true }];
  const queue: string[] = ['/me/contactFolders'];
  const seen = new Set([root.id!]);
  while (queue.length) {
    const path = queue.shift()!;
    for await (const page of ctx.graph.pages<ContactFolder>(ctx.account.id, path)) {
      for (const f of page.items) {
        if (!f.id || seen.has(f.id)) continue;
        seen.add(f.id);
        out.push({ id: f.id, name: f.displayName ?? '', isDefault: false });
        queue.push(`/me/contactFolders/${encodeURIComponent(f.id)}/childFolders`);
      }
    }
  }
  return out;
}

/**
 * Brings contacts_folders in step with the user's folders; a folder deleted in Outlook takes its
 * contacts with it (as deletes: their people follow the delete rule) and its cursor.
 */
export async function refreshFolders(ctx: SyncContext): Promise<SyncScope[]> {
  const listed = await listFolders(ctx);
  const accountId = ctx.account.id;
  const now = new Date().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('contacts_folders').select('graph_id').where('account_id', '=', accountId).execute();
    const keep = new Set(listed.map((f) => f.id));
    for (const f of listed) {
      const values = { name: f.name, is_default: f.isDefault ? 1 : 0, updated_at: now };
      await trx.insertInto('contacts_folders').values({ account_id: accountId, graph_id: f.id, ...values })
        .onConflict((oc) => oc.columns(['account_id', 'graph_id']).doUpdateSet(values)).execute();
    }
    for (const gone of existing.map((e) => e.graph_id).filter((g) => !keep.has(g))) {
      const rows = await trx.selectFrom('contacts_contacts').select('graph_id').where('account_id', '=', accountId).where('folder_graph_id', '=', gone).execute();
      await removeContacts(trx, { ...ctx, db: trx as never }, rows.map((r) => r.graph_id));
      await trx.deleteFrom('contacts_folders').where('account_id', '=', accountId).where('graph_id', '=', gone).execute();
      await syncStates.remove(trx, { accountId, resource: RESOURCE, scopeKey: gone });
    }
  });
  return knownFolders(ctx);
}

/** The default folder first: new contacts land there, and the catch-up looks at it. */
export async function knownFolders(ctx: SyncContext): Promise<SyncScope[]> {
  const rows = await ctx.db.selectFrom('contacts_folders').select(['graph_id', 'name', 'is_default']).where('account_id', '=', ctx.account.id).execute();
  return rows.sort((a, b) => b.is_default - a.is_default).map((r) => ({ key: r.graph_id, name: r.name, ...(r.is_default ? { primary: true } : {}) }));
}

/** Where CRM people are added (the default folder), if listed. */
export async function defaultFolderId(ctx: Pick<SyncContext, 'db' | 'account'>): Promise<string | undefined> {
  const row = await ctx.db.selectFrom('contacts_folders').select('graph_id').where('account_id', '=', ctx.account.id).where('is_default', '=', 1).executeTakeFirst();
  return row?.graph_id;
}
