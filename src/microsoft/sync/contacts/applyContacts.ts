import type { Contact } from '@microsoft/microsoft-graph-types';
import { newId } from '../../../lib/ids.js';
import type { DeltaItem, PageResult, SyncContext, Trx } from '../contract.js';
import { links } from '../links.js';
import { CompanyNames } from './companyNames.js';
import { mapContact, sameValue, type ContactFields } from './mapContact.js';
import { mergeInbound } from './mergeInbound.js';
import { PagePeople } from './pagePeople.js';
import { contactGone } from './personRules.js';
import { deleteRows, fieldsOf, rowsByGraphIds, upsertRows, type StoredContact } from './store.js';

export const RESOURCE = 'contacts';
export const RECORD = 'person';

export interface PeopleChanged {
  updated: string[];
  created: string[];
  /** Companies the page made for its contacts' companyName. */
  companies?: string[];
}

/** The people a page really changed or made, beside its result (for the live event). */
export const changedPeople = new WeakMap<PageResult, PeopleChanged>();

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
  const kept: string[] = [];
  const gone = await removeContacts(trx, ctx, [...removed], kept);
  const { touched, changed } = await upsertContacts(trx, ctx, folder, [...latest.values()], round);
  const result: PageResult = { upserted: touched, removed: gone };
  // A person kept and unlinked got a timeline note: their open page hears of it too.
  changedPeople.set(result, { ...changed, updated: [...new Set([...changed.updated, ...kept])] });
  return result;
}

/**
 * Contacts deleted in Outlook (or gone with their folder): the rows, the links, and the people that
 * were only them (answered). The people kept, unlinked with a note, go into `kept` when given.
 */
export async function removeContacts(trx: Trx, ctx: SyncContext, graphIds: string[], kept?: string[]): Promise<string[]> {
  if (!graphIds.length) return [];
  const linked = await links.byGraphIds(trx, ctx.account.id, RESOURCE, graphIds);
  await deleteRows(trx, ctx.account.id, graphIds);
  const deleted: string[] = [];
  for (const link of linked) {
    await links.remove(trx, ctx.account.id, RESOURCE, link.graph_id);
    const note = { title: 'Removed from Outlook contacts', body: 'The Outlook contact this person mirrored was deleted. The person is kept in the CRM (they have their own history or other links) and is no longer linked to it.' };
    if (await contactGone(trx, ctx.account.workspaceId, link.record_id, note)) deleted.push(link.record_id);
    else kept?.push(link.record_id);
  }
  return deleted;
}

async function upsertContacts(trx: Trx, ctx: SyncContext, folder: string, contacts: Contact[], round: string | null): Promise<{ touched: string[]; changed: PeopleChanged }> {
  if (!contacts.length) return { touched: [], changed: { updated: [], created: [], companies: [] } };
  const ids = contacts.map((c) => c.id!);
  const rows = await rowsByGraphIds(trx, ctx.account.id, ids);
  const linkOf = new Map((await links.byGraphIds(trx, ctx.account.id, RESOURCE, ids)).map((l) => [l.graph_id, l]));
  const deleting = await pendingDeletes(trx, ctx.account.id);
  const creates = await pendingCreates(trx, ctx.account.id);
  const companies = new CompanyNames(trx, ctx.account.workspaceId);
  const known = [...[...linkOf.values()].map((l) => l.record_id), ...creates.map((p) => p.recordId)];
  const page = await PagePeople.load(trx, ctx, contacts.flatMap((c) => mapContact(c)?.emails ?? []), known, companies);
  const stored: StoredContact[] = [];
  const touched: string[] = [];
  const linkRows: Array<{ graph_id: string; record_id: string; change_key: string | null }> = [];
  for (const c of contacts) {
    const fields = mapContact(c);
    if (!fields) continue;
    const link = linkOf.get(c.id!);
    // Deleted in the CRM, its delete on the way to Outlook: this version must not bring the person back.
    if (link && deleting.has(link.record_id)) continue;
    const base = rows.get(c.id!);
    const linked = link ? page.person(link.record_id) : undefined;
    let personId: string;
    if (linked) {
      await mergeInbound(trx, ctx, page, linked, base ? fieldsOf(base) : null, fields, c.lastModifiedDateTime ?? null, companies);
      personId = linked.id;
    } else {
      const adopted = creates.find((p) => sameValue(p.fields.name, fields.name) && sameValue(p.fields.emails?.slice(0, 3), fields.emails));
      const matchId = adopted?.recordId ?? fields.emails.map((e) => page.holderOf(e)).find(Boolean);
      const matched = matchId ? page.person(matchId) : undefined;
      if (matched) {
        if (!adopted) await mergeInbound(trx, ctx, page, matched, null, fields, null, companies);
        personId = matched.id;
      } else if (matchId && page.isNew(matchId)) {
        // A person an earlier contact of this page made: linked as it is.
        personId = matchId;
      } else {
        personId = newId();
        page.create(personId, fields, await companies.idFor(fields.companyName));
      }
    }
    touched.push(personId);
    linkRows.push({ graph_id: c.id!, record_id: personId, change_key: c.changeKey ?? null });
    stored.push({ graphId: c.id!, folder, changeKey: c.changeKey ?? null, modifiedAt: c.lastModifiedDateTime ?? null, fields });
  }
  const changed = { ...(await page.flush(trx, ctx)), companies: companies.created };
  await upsertLinks(trx, ctx, linkRows);
  await upsertRows(trx, ctx.account, stored, round);
  return { touched: [...new Set(touched)], changed };
}

/** The page's links in a few statements (links.upsert is one row a statement). */
async function upsertLinks(trx: Trx, ctx: SyncContext, rows: Array<{ graph_id: string; record_id: string; change_key: string | null }>): Promise<void> {
  const at = new Date().toISOString();
  for (let i = 0; i < rows.length; i += 200) {
    const values = rows.slice(i, i + 200).map((r) => ({ account_id: ctx.account.id, resource: RESOURCE, record_type: RECORD, updated_at: at, ...r }));
    await trx.insertInto('microsoft_links').values(values).onConflict((oc) => oc.columns(['account_id', 'resource', 'graph_id']).doUpdateSet((eb) => ({
      record_type: eb.ref('excluded.record_type'), record_id: eb.ref('excluded.record_id'), change_key: eb.ref('excluded.change_key'), updated_at: eb.ref('excluded.updated_at'),
    }))).execute();
  }
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
