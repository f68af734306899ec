import type { MicrosoftAccount } from '../../../microsoft/accounts/accounts.js';
import type { ResourceManifest } from '../../../microsoft/sync/manifest.js';
import { links } from '../../../microsoft/sync/links.js';
import { outbox } from '../../../microsoft/sync/outbox.js';
import { retireSubscriptions } from '../subscriptionCleanup.js';
import type { SyncEngine } from './context.js';

/**
 * Disconnect step of one resource, without waiting on Graph: first every row synced from the
 * account (the resource's purge, its cursors, pending changes, links and unsent outbox entries),
 * then the subscriptions are handed to their own retried delete job (see subscriptionCleanup.ts)
 * and their rows dropped, so the webhook rejects them from now on. Microsoft 365 data is never
 * touched. Runs for every resource, granted or not: an earlier grant may have left rows. Idempotent.
 */
export async function deleteResourceData(s: SyncEngine, m: ResourceManifest, account: MicrosoftAccount): Promise<void> {
  const db = s.integration.database.db;
  await db.transaction().execute(async (trx) => {
    const count = await m.purge(trx, account);
    await s.integration.disconnectReceipts.add(trx, account.userId, m.name, { count, ...m.items });
    await trx.deleteFrom('microsoft_sync_rounds').where('account_id', '=', account.id).where('resource', '=', m.name).execute();
    await trx.deleteFrom('microsoft_sync_states').where('account_id', '=', account.id).where('resource', '=', m.name).execute();
    await trx.deleteFrom('microsoft_pending_changes').where('account_id', '=', account.id).where('resource', '=', m.name).execute();
    await links.removeAccount(trx, account.id, m.name);
    await outbox.removeAccount(trx, account.id, m.name);
  });
  await s.failures.clear(account.id, m.name);

  const rows = await s.subscriptions.forAccount(account.id, m.name);
  for (const r of rows) if (r.graph_id) s.registry.forget(r.graph_id);
  const remote = rows.filter((r) => r.graph_id !== null).map((r) => ({ graphId: r.graph_id!, expiresAt: r.expires_at }));
  await retireSubscriptions(s.integration, account, m.name, remote);
  await s.integration.database.db.transaction().execute(async (trx) => {
    // The rows go with the count in one transaction: a retried job neither recounts nor loses them.
    if (rows.length) await trx.deleteFrom('microsoft_subscriptions').where('id', 'in', rows.map((r) => r.id)).execute();
    await s.integration.disconnectReceipts.add(trx, account.userId, m.name, { count: 0, ...m.items }, remote.length);
  });
}
