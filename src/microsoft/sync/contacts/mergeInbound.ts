import type { Person, PersonInput } from '../../../crm/people.js';
import type { SyncContext, Trx } from '../contract.js';
import type { CompanyNames } from './companyNames.js';
import { changedFields, sameValue, type ContactFields, type FieldName } from './mapContact.js';
import type { PagePeople } from './pagePeople.js';
import { contactsNote } from './personRules.js';

const LABELS: Record<FieldName, string> = { name: 'Name', emails: 'Emails', phones: 'Phones', companyName: 'Company', jobTitle: 'Job title', notes: 'Notes' };
const shown = (v: unknown) => (Array.isArray(v) ? v.join(', ') : (v as string | null)) || '(empty)';

/** The person as a contact would say it (the company by name). */
export async function personFields(person: Person, companies: CompanyNames): Promise<ContactFields> {
  return {
    name: person.name, emails: person.emails, phones: person.phones, companyName: await companies.nameOf(person.companyId),
    jobTitle: person.jobTitle, notes: person.notes,
  };
}

/**
 * Brings one Outlook version of a linked contact onto its person, field by field: only the fields
 * Outlook changed since `base` (the version Tandem last saw) are touched, so a CRM edit of another
 * field survives. When the CRM changed the same field and that change is still on its way to
 * Outlook, the later of the two wins and the person's timeline records the value it overwrote; the
 * losing CRM change is taken out of its outbox entry so it never reaches Outlook.
 * `base` null means a first link (a match by email): only the person's empty fields are filled.
 * The change goes to the page's copy of the person; the page writes it with its others.
 */
export async function mergeInbound(trx: Trx, ctx: SyncContext, page: PagePeople, person: Person, base: ContactFields | null, next: ContactFields, modifiedAt: string | null, companies: CompanyNames): Promise<void> {
  const ws = ctx.account.workspaceId;
  const crm = await personFields(person, companies);
  const patch: PersonInput = {};
  if (!base) {
    const emails = page.freeFor(person.id, [...crm.emails, ...next.emails]);
    if (!sameValue(emails, crm.emails)) patch.emails = emails;
    const phones = [...new Set([...crm.phones, ...next.phones])];
    if (!sameValue(phones, crm.phones)) patch.phones = phones;
    if (!person.companyId && next.companyName) patch.companyId = await companies.idFor(next.companyName);
    if (!person.jobTitle && next.jobTitle) patch.jobTitle = next.jobTitle;
    if (!person.notes && next.notes) patch.notes = next.notes;
  } else {
    const pending = page.pendingEdits(person.id);
    for (const f of changedFields(base, next)) {
      if (sameValue(crm[f], next[f])) continue;
      const rivals = pending.filter((p) => f in p.fields);
      if (rivals.length) {
        const crmAt = rivals[rivals.length - 1]!.createdAt;
        const outlookLater = (modifiedAt ?? new Date().toISOString()) >= crmAt;
        const [lost, won] = outlookLater ? [crm[f], next[f]] : [next[f], crm[f]];
        const who = outlookLater ? 'the later change in Outlook' : 'the later change in the CRM';
        await contactsNote(trx, ws, person.id, `${LABELS[f]} changed in Outlook and in the CRM`,
          `${LABELS[f]} was changed on both sides; ${who} wins: "${shown(won)}". The overwritten value was "${shown(lost)}".`);
        page.note(person.id);
        if (!outlookLater) continue;
        for (const p of rivals) {
          delete p.fields[f];
          await trx.updateTable('microsoft_outbox').set({ payload: JSON.stringify(p.fields) }).where('id', '=', p.id).execute();
        }
      }
      await applyField(page, person, base, next, f, patch, companies);
    }
  }
  page.patch(person.id, patch);
}

async function applyField(page: PagePeople, person: Person, base: ContactFields, next: ContactFields, f: FieldName, patch: PersonInput, companies: CompanyNames): Promise<void> {
  switch (f) {
    case 'name': patch.name = next.name; break;
    case 'emails': {
      // Addresses the CRM holds beyond what Outlook ever had (a fourth one) stay.
      const extra = person.emails.filter((e) => !base.emails.includes(e) && !next.emails.includes(e));
      patch.emails = page.freeFor(person.id, [...next.emails, ...extra]);
      break;
    }
    case 'phones': patch.phones = [...new Set([...next.phones, ...person.phones.filter((p) => !base.phones.includes(p))])]; break;
    case 'companyName': patch.companyId = await companies.idFor(next.companyName); break;
    case 'jobTitle': patch.jobTitle = next.jobTitle; break;
    case 'notes': patch.notes = next.notes; break;
  }
}
