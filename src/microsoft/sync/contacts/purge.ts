import type { SyncAccount, Trx } from '../contract.js';
import { RECORD, RESOURCE } from './applyContacts.js';
import { contactGone } from './personRules.js';

/**
 * Disconnect: every contact row of the account goes; people that existed only through this
 * account's contacts go with them, everyone else stays, unlinked. Outlook is never touched.
 * Answers how many contacts went (the receipt's count).
 */
export async function purgeContacts(trx: Trx, account: SyncAccount): Promise<number> {
  const linked = await trx.selectFrom('microsoft_links').select('record_id').distinct().where('account_id', '=', account.id)
    .where('resource', '=', RESOURCE).where('record_type', '=', RECORD).execute();
  // The links first, so "only through contacts" no longer counts this account's.
  await trx.deleteFrom('microsoft_links').where('account_id', '=', account.id).where('resource', '=', RESOURCE).execute();
  const rows = await trx.deleteFrom('contacts_contacts').where('account_id', '=', account.id).executeTakeFirst();
  await trx.deleteFrom('contacts_folders').where('account_id', '=', account.id).execute();
  for (const { record_id } of linked) await contactGone(trx, account.workspaceId, record_id, null);
  return Number(rows.numDeletedRows);
}
