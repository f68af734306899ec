import type { MicrosoftAccount } from '../../../microsoft/accounts/accounts.js';
import { isMicrosoftError } from '../../../microsoft/graph/errors.js';
import type { MailSync } from './context.js';

/**
 * Disconnect step: deletes the account's subscriptions at Microsoft (404 counts as done; other
 * failures throw so the disconnect job retries, until the subscription has expired by itself),
 * then every synced mail row. Microsoft 365 data is never touched.
 */
export async function deleteMailData(s: MailSync, account: MicrosoftAccount): Promise<void> {
  for (const row of await s.subscriptions.forAccount(account.id)) {
    try {
      await s.subscriptions.deleteRemote(row);
    } catch (err) {
      const expired = !row.expires_at || Date.parse(row.expires_at) <= Date.now();
      // Without a grant Tandem can no longer delete it; Graph removes it at expiry and the webhook rejects it meanwhile.
      if (expired || isMicrosoftError(err, 'reauthRequired')) {
        await s.subscriptions.drop(row);
        continue;
      }
      throw err;
    }
  }
  s.registry.forgetAccount(account.id);
  const db = s.integration.database.db;
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('email_people').where('account_id', '=', account.id).execute();
    await trx.deleteFrom('emails').where('account_id', '=', account.id).execute();
    await trx.deleteFrom('mail_folders').where('account_id', '=', account.id).execute();
    await trx.deleteFrom('microsoft_sync_rounds').where('account_id', '=', account.id).execute();
    await trx.deleteFrom('microsoft_sync_states').where('account_id', '=', account.id).where('resource', '=', 'mail').execute();
    await trx.deleteFrom('microsoft_pending_changes').where('account_id', '=', account.id).execute();
  });
}
