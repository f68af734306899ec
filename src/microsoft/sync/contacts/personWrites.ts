import type { PersonChange } from '../../../crm/personChanges.js';
import { featuresGranted } from '../../catalogue.js';
import type { Trx } from '../contract.js';
import { outbox } from '../outbox.js';
import { RECORD, RESOURCE } from './applyContacts.js';
import type { ContactFields } from './mapContact.js';
import { ORIGIN } from './personRules.js';
import { contactsSettings } from './settings.js';

/** A CRM change's fields in a contact's shape (the company by name). */
async function contactFields(trx: Trx, change: PersonChange): Promise<Partial<ContactFields>> {
  const f = change.fields;
  const out: Partial<ContactFields> = {};
  if (f.name !== undefined) out.name = f.name;
  if (f.emails !== undefined) out.emails = f.emails;
  if (f.phones !== undefined) out.phones = f.phones;
  if (f.companyId !== undefined) {
    const row = f.companyId ? await trx.selectFrom('companies').select('name').where('id', '=', f.companyId).executeTakeFirst() : undefined;
    out.companyName = row?.name ?? null;
  }
  if (f.jobTitle !== undefined) out.jobTitle = f.jobTitle;
  if (f.notes !== undefined) out.notes = f.notes;
  return out;
}

/**
 * Records, in the CRM change's own transaction, what it means for Outlook: an edit or delete of a
 * linked person goes to each contact that mirrors them (only those: one user's contact is never
 * written into another user's Outlook); a person the user creates goes to their own default folder
 * when they asked for it. Changes that came from contacts are not sent back. Answers the accounts
 * that have something to send.
 */
export async function recordPersonChange(trx: Trx, change: PersonChange): Promise<string[]> {
  if (change.origin === ORIGIN) return [];
  if (change.op === 'create') return recordCreate(trx, change);
  const linked = await trx.selectFrom('microsoft_links').select(['account_id']).where('resource', '=', RESOURCE).where('record_type', '=', RECORD)
    .where('record_id', '=', change.personId).execute();
  if (change.op === 'delete') await trx.deleteFrom('contacts_person_origins').where('person_id', '=', change.personId).execute();
  if (!linked.length) return [];
  const payload = change.op === 'update' ? await contactFields(trx, change) : null;
  for (const l of linked) {
    await outbox.record(trx, { accountId: l.account_id, resource: RESOURCE, recordType: RECORD, recordId: change.personId, op: change.op, payload });
  }
  return linked.map((l) => l.account_id);
}

async function recordCreate(trx: Trx, change: PersonChange): Promise<string[]> {
  if (!change.userId) return [];
  const account = await trx.selectFrom('microsoft_accounts').select(['id', 'granted_scopes']).where('user_id', '=', change.userId)
    .where('workspace_id', '=', change.workspaceId).where('status', '=', 'active').executeTakeFirst();
  if (!account || !featuresGranted(JSON.parse(account.granted_scopes) as string[]).includes('contacts')) return [];
  if (!(await contactsSettings.get(trx, change.workspaceId, change.userId)).addCreatedPeople) return [];
  // The idempotency key is recorded here, before any attempt (contacts have no transactionId).
  await outbox.record(trx, { accountId: account.id, resource: RESOURCE, recordType: RECORD, recordId: change.personId, op: 'create', payload: await contactFields(trx, change) });
  return [account.id];
}
