import type { SyncAccount, Trx } from '../contract.js';

/**
 * Disconnect: every link made through the account goes, and its unfinished uploads; the files stay
 * in OneDrive and SharePoint. Answers how many links went (the receipt's "linked files").
 */
export async function purgeFiles(trx: Trx, account: SyncAccount): Promise<number> {
  const r = await trx.deleteFrom('file_links').where('account_id', '=', account.id).executeTakeFirst();
  await trx.deleteFrom('file_uploads').where('account_id', '=', account.id).execute();
  return Number(r.numDeletedRows);
}
