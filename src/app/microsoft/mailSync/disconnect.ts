import type { MicrosoftAccount } from '../../../microsoft/accounts/accounts.js';
import { MAIL_SUBSCRIPTION } from '../../../microsoft/subscriptions/subscriptions.js';
import { deleteSyncedMail } from '../../../microsoft/sync/mail/store.js';
import { retireSubscriptions } from '../subscriptionCleanup.js';
import type { MailSync } from './context.js';

/**
 * Disconnect step, without waiting on Graph: first every row synced from the account (emails, their
 * timeline entries and people links, folders, cursors, pending changes), then the subscriptions are
 * handed to their own retried delete job (see subscriptionCleanup.ts) and their rows dropped, so
 * the webhook rejects them from now on. Microsoft 365 data is never touched. Idempotent.
 */
export async function deleteMailData(s: MailSync, account: MicrosoftAccount): Promise<void> {
  const db = s.integration.database.db;
  await db.transaction().execute(async (trx) => {
    await deleteSyncedMail(trx, account);
    await trx.deleteFrom('microsoft_sync_rounds').where('account_id', '=', account.id).execute();
    await trx.deleteFrom('microsoft_sync_states').where('account_id', '=', account.id).where('resource', '=', 'mail').execute();
    await trx.deleteFrom('microsoft_pending_changes').where('account_id', '=', account.id).execute();
  });
  await s.failures.clearAccount(account.id);

  const rows = await s.subscriptions.forAccount(account.id);
  s.registry.forgetAccount(account.id);
  const remote = rows.filter((r) => r.graph_id !== null).map((r) => ({ graphId: r.graph_id!, expiresAt: r.expires_at }));
  await retireSubscriptions(s.integration, account, MAIL_SUBSCRIPTION.kind, remote);
  for (const row of rows) await s.subscriptions.drop(row);
}
