import type { Contact } from '@microsoft/microsoft-graph-types';
import { createPerson, findPeopleByEmails, getPerson, type Person } from '../../../crm/people.js';
import type { Db } from '../../../db/database.js';
import type { DeltaItem, PageResult, SyncContext, Trx } from '../contract.js';
import { links } from '../links.js';
import { CompanyNames } from './companyNames.js';
import { mapContact, sameValue, type ContactFields } from './mapContact.js';
import { freeEmails, mergeInbound } from './mergeInbound.js';
import { contactGone, ORIGIN } from './personRules.js';
import { deleteRows, fieldsOf, rowsByGraphIds, upsertRows, type StoredContact } from './store.js';

export const RESOURCE = 'contacts';
export const RECORD = 'person';

/**
 * One delta page of a contact folder onto CRM people, in the runner's transaction. A linked contact
 * updates its person field by field; an unlinked one links to the person holding any of its
 * addresses (never a duplicate) or creates one; a removed one is unlinked, and its person goes
 * only if it existed through that contact alone. Answers the people of the page's contacts, and those deleted.
 */
export async function applyContacts(trx: Trx, ctx: SyncContext, folder: string, items: DeltaItem[], round: string | null): Promise<PageResult> {
  const removed = new Set<string>();
  const latest = new Map<string, Contact>();
  for (const item of items) {
    if (typeof item.id !== 'string') continue;
    // Replays within a page: the last version wins.
    if (item['@removed']) {
      removed.add(item.id);
      latest.delete(item.id);
    } else {
      latest.set(item.id, item as Contact);
      removed.delete(item.id);
    }
  }
  const gone = await removeContacts(trx, ctx, [...removed]);
  const upserted = await upsertContacts(trx, ctx, folder, [...latest.values()], round);
  return { upserted, removed: gone };
}

/** Contacts deleted in Outlook (or gone with their folder): the rows, the links, and the people that were only them. */
export async function removeContacts(trx: Trx, ctx: SyncContext, graphIds: string[]): Promise<string[]> {
  if (!graphIds.length) return [];
  const linked = await links.byGraphIds(trx, ctx.account.id, RESOURCE, graphIds);
  await deleteRows(trx, ctx.account.id, graphIds);
  const deleted: string[] = [];
  for (const link of linked) {
    await links.remove(trx, ctx.account.id, RESOURCE, link.graph_id);
    const note = { title: 'Removed from Outlook contacts', body: 'The Outlook contact this person mirrored was deleted. The person is kept in the CRM (they have their own history or other links) and is no longer linked to it.' };
    if (await contactGone(trx, ctx.account.workspaceId, link.record_id, note)) deleted.push(link.record_id);
  }
  return deleted;
}

async function upsertContacts(trx: Trx, ctx: SyncContext, folder: string, contacts: Contact[], round: string | null): Promise<string[]> {
  if (!contacts.length) return [];
  const ws = ctx.account.workspaceId;
  const ids = contacts.map((c) => c.id!);
  const rows = await rowsByGraphIds(trx, ctx.account.id, ids);
  const linkOf = new Map((await links.byGraphIds(trx, ctx.account.id, RESOURCE, ids)).map((l) => [l.graph_id, l]));
  const deleting = await pendingDeletes(trx, ctx.account.id);
  const creates = await pendingCreates(trx, ctx.account.id);
  const companies = new CompanyNames(trx, ws);
  const allEmails = contacts.flatMap((c) => mapContact(c)?.emails ?? []);
  // One lookup for the page; people made by earlier contacts of the page are added as they come.
  const byEmail = new Map<string, string>([...(await findPeopleByEmails(trx as Db, ws, allEmails))].map(([e, p]) => [e, p.id]));
  const stored: StoredContact[] = [];
  const touched: string[] = [];
  for (const c of contacts) {
    const fields = mapContact(c);
    if (!fields) continue;
    const link = linkOf.get(c.id!);
    // Deleted in the CRM, its delete on the way to Outlook: this version must not bring the person back.
    if (link && deleting.has(link.record_id)) continue;
    const base = rows.get(c.id!);
    let person = link ? await personOrNull(trx, ws, link.record_id) : null;
    if (person) {
      await mergeInbound(trx, ctx, person, base ? fieldsOf(base) : null, fields, c.lastModifiedDateTime ?? null, companies);
    } else {
      const adopted = creates.find((p) => sameValue(p.fields.name, fields.name) && sameValue(p.fields.emails?.slice(0, 3), fields.emails));
      const matchId = adopted?.recordId ?? fields.emails.map((e) => byEmail.get(e)).find(Boolean);
      person = matchId ? await personOrNull(trx, ws, matchId) : null;
      if (person) {
        if (!adopted) await mergeInbound(trx, ctx, person, null, fields, null, companies);
      } else {
        person = await createFrom(trx, ctx, fields, companies);
      }
      for (const e of person.emails) byEmail.set(e, person.id);
    }
    touched.push(person.id);
    await links.upsert(trx, { account_id: ctx.account.id, resource: RESOURCE, graph_id: c.id!, record_type: RECORD, record_id: person.id, change_key: c.changeKey ?? null });
    stored.push({ graphId: c.id!, folder, changeKey: c.changeKey ?? null, modifiedAt: c.lastModifiedDateTime ?? null, fields });
  }
  await upsertRows(trx, ctx.account, stored, round);
  return [...new Set(touched)];
}

async function createFrom(trx: Trx, ctx: SyncContext, f: ContactFields, companies: CompanyNames): Promise<Person> {
  const ws = ctx.account.workspaceId;
  const person = await createPerson(trx as Db, ws, {
    name: f.name, emails: await freeEmails(trx, ws, null, f.emails), phones: f.phones, companyId: await companies.idFor(f.companyName), jobTitle: f.jobTitle, notes: f.notes,
  }, { origin: ORIGIN });
  await trx.insertInto('contacts_person_origins').values({ person_id: person.id, workspace_id: ws, account_id: ctx.account.id, created_at: new Date().toISOString() })
    .onConflict((oc) => oc.column('person_id').doNothing()).execute();
  return person;
}

async function personOrNull(trx: Trx, ws: string, id: string): Promise<Person | null> {
  const exists = await trx.selectFrom('people').select('id').where('workspace_id', '=', ws).where('id', '=', id).executeTakeFirst();
  return exists ? getPerson(trx as Db, ws, id) : null;
}

async function pendingDeletes(trx: Trx, accountId: string): Promise<Set<string>> {
  const rows = await trx.selectFrom('microsoft_outbox').select('record_id').where('account_id', '=', accountId).where('resource', '=', RESOURCE)
    .where('op', '=', 'delete').where('state', '=', 'pending').execute();
  return new Set(rows.map((r) => r.record_id));
}

/**
 * A person pushed from the CRM can come back through delta before the write-back recorded Graph's
 * answer; the pending create is recognised by its fields, so it links instead of making a second person.
 */
async function pendingCreates(trx: Trx, accountId: string): Promise<Array<{ recordId: string; fields: Partial<ContactFields> }>> {
  const rows = await trx.selectFrom('microsoft_outbox').select(['record_id', 'payload']).where('account_id', '=', accountId).where('resource', '=', RESOURCE)
    .where('op', '=', 'create').where('state', '=', 'pending').execute();
  return rows.map((r) => ({ recordId: r.record_id, fields: JSON.parse(r.payload) as Partial<ContactFields> }));
}
