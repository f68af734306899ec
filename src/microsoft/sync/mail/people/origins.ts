import { deletePerson } from '../../../../crm/people.js';
import type { Db } from '../../../../db/database.js';
import type { SyncAccount, Trx } from '../../contract.js';
import { hasOwnHistory } from '../../personHistory.js';

/** People this area creates and deletes say so (personChanges.ts): nothing mirrors them back. */
export const ORIGIN = 'mail';

/** "From mail — adele@contoso.com's mailbox", per person made from a mailbox (the others have none). */
export async function mailOriginLabels(db: Db, workspaceId: string, personIds: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < personIds.length; i += 500) {
    const rows = await db.selectFrom('mail_person_origins').select(['person_id', 'mailbox']).where('workspace_id', '=', workspaceId)
      .where('edited', '!=', DELETED_BY_USER).where('person_id', 'in', personIds.slice(i, i + 500)).execute();
    for (const r of rows) out.set(r.person_id, `From mail — ${r.mailbox}'s mailbox`);
  }
  return out;
}

/** mail_person_origins.edited */
export const UNTOUCHED = 0;
export const EDITED = 1;
export const DELETED_BY_USER = 2;

/** A user edited the person: they are the CRM's own now, and a disconnect of the mailbox keeps them. */
export async function originEdited(trx: Trx, personId: string): Promise<void> {
  await trx.updateTable('mail_person_origins').set({ edited: EDITED }).where('person_id', '=', personId).where('edited', '=', UNTOUCHED).execute();
}

/**
 * The person is gone. One a user deleted is remembered by address, so mail looked at again (a
 * wider setting) or new mail never brings them back; a user can still add them by hand.
 */
export async function originDeleted(trx: Trx, personId: string, byUser: boolean): Promise<void> {
  if (byUser) await trx.updateTable('mail_person_origins').set({ edited: DELETED_BY_USER }).where('person_id', '=', personId).execute();
  else await trx.deleteFrom('mail_person_origins').where('person_id', '=', personId).execute();
}

/** Of these addresses, the ones whose person made from mail a user deleted. */
export async function declinedAddresses(trx: Trx, workspaceId: string, addresses: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < addresses.length; i += 500) {
    const rows = await trx.selectFrom('mail_person_origins').select('address').where('workspace_id', '=', workspaceId).where('edited', '=', DELETED_BY_USER)
      .where('address', 'in', addresses.slice(i, i + 500)).execute();
    for (const r of rows) out.add(r.address);
  }
  return out;
}

/**
 * Disconnect (after the mailbox's emails and their links are gone): the people this mailbox made
 * that nobody edited and that have nothing else (no notes, tasks, meetings, mail of another user,
 * Outlook contact) are deleted; the others stay as the CRM's own, no longer labelled. Idempotent.
 * Answers how many people went.
 */
export async function purgeMailPeople(trx: Trx, account: Pick<SyncAccount, 'id' | 'workspaceId'>): Promise<number> {
  const rows = await trx.selectFrom('mail_person_origins').select(['person_id', 'edited']).where('account_id', '=', account.id).execute();
  let deleted = 0;
  for (const r of rows) {
    const exists = await trx.selectFrom('people').select('id').where('workspace_id', '=', account.workspaceId).where('id', '=', r.person_id).executeTakeFirst();
    if (exists && r.edited === UNTOUCHED && !(await hasOwnHistory(trx, account.workspaceId, r.person_id))) {
      await deletePerson(trx as Db, account.workspaceId, r.person_id, { origin: ORIGIN });
      deleted += 1;
    }
    await originDeleted(trx, r.person_id, false);
  }
  return deleted;
}
