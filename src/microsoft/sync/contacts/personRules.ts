import { recordActivity } from '../../../crm/activities.js';
import { deletePerson } from '../../../crm/people.js';
import type { Db } from '../../../db/database.js';
import type { Trx } from '../contract.js';
import { hasOwnHistory } from '../personHistory.js';

/** Timeline notes this resource writes carry this source type; they never count as the person's own history. */
export const CONTACTS_SOURCE = 'outlook-contacts';
export const ORIGIN = 'contacts';

/** Writes a note on the person's timeline (conflicts, a contact deleted while the person stays). */
export async function contactsNote(trx: Trx, workspaceId: string, personId: string, title: string, body: string): Promise<void> {
  await recordActivity(trx as Db, { workspaceId, kind: 'note', title, body, personId, source: { type: CONTACTS_SOURCE } });
}

/**
 * Whether the person exists only because of contacts: a contact created them (not a match), no
 * other contact links them, and they have no history of their own (notes, tasks, mail, meetings).
 */
export async function onlyThroughContacts(trx: Trx, workspaceId: string, personId: string): Promise<boolean> {
  const origin = await trx.selectFrom('contacts_person_origins').select('person_id').where('person_id', '=', personId).executeTakeFirst();
  if (!origin) return false;
  return !(await hasOwnHistory(trx, workspaceId, personId, [CONTACTS_SOURCE]));
}

/**
 * A contact that mirrored the person is gone (deleted in Outlook, or its account disconnected; its
 * link is already removed). A person who existed only through contacts goes too; anyone else stays,
 * with a note when `note` says why. Answers whether the person was deleted.
 */
export async function contactGone(trx: Trx, workspaceId: string, personId: string, note: { title: string; body: string } | null): Promise<boolean> {
  const exists = await trx.selectFrom('people').select('id').where('workspace_id', '=', workspaceId).where('id', '=', personId).executeTakeFirst();
  if (!exists) return false;
  if (await onlyThroughContacts(trx, workspaceId, personId)) {
    await trx.deleteFrom('contacts_person_origins').where('person_id', '=', personId).execute();
    await trx.deleteFrom('activities').where('workspace_id', '=', workspaceId).where('person_id', '=', personId).where('source_type', '=', CONTACTS_SOURCE).execute();
    await deletePerson(trx as Db, workspaceId, personId, { origin: ORIGIN });
    return true;
  }
  const linked = await trx.selectFrom('microsoft_links').select('record_id').where('record_type', '=', 'person').where('record_id', '=', personId).executeTakeFirst();
  // Not linked any more: the person is the CRM's own now (a later disconnect must not take them).
  if (!linked) await trx.deleteFrom('contacts_person_origins').where('person_id', '=', personId).execute();
  if (note) await contactsNote(trx, workspaceId, personId, note.title, note.body);
  return false;
}
