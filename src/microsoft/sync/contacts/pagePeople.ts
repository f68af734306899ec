import { createPeople, findPeopleByEmails, getPeople, updatePeople, type Person, type PersonInput } from '../../../crm/people.js';
import type { Db } from '../../../db/database.js';
import type { SyncContext, Trx } from '../contract.js';
import type { CompanyNames } from './companyNames.js';
import type { ContactFields } from './mapContact.js';
import { ORIGIN } from './personRules.js';

/** A CRM edit of a linked person still on its way to this account's contact. */
export interface PendingEdit {
  id: string;
  recordId: string;
  createdAt: string;
  fields: Partial<ContactFields>;
}

type NewPerson = Parameters<typeof createPeople>[2][number];

/**
 * The people one contacts page touches, read once and written once: every person its contacts
 * link to or share an address with is loaded in a few statements up front; the page's decisions
 * (fill-ins, Outlook edits, new people) are made against this copy, which follows them, so a later
 * contact of the page sees what an earlier one did; `flush` writes them all in a few statements.
 * An initial sync of 10,000 contacts is then a few statements per page, not fifteen per person.
 */
export class PagePeople {
  private readonly people = new Map<string, Person>();
  private readonly read = new Map<string, Person>();
  private readonly patches = new Map<string, PersonInput>();
  /** Who holds each of the page's addresses (absent: nobody in the workspace). */
  private readonly holders = new Map<string, string>();
  private readonly made: NewPerson[] = [];
  private readonly noted = new Set<string>();
  private edits: PendingEdit[] = [];

  private constructor(private readonly workspaceId: string) {}

  static async load(trx: Trx, ctx: SyncContext, emails: string[], knownIds: string[], companies: CompanyNames): Promise<PagePeople> {
    const page = new PagePeople(ctx.account.workspaceId);
    const byEmail = await findPeopleByEmails(trx as Db, page.workspaceId, emails);
    for (const p of byEmail.values()) page.people.set(p.id, p);
    const missing = knownIds.filter((id) => !page.people.has(id));
    for (const p of (await getPeople(trx as Db, page.workspaceId, missing)).values()) page.people.set(p.id, p);
    for (const p of page.people.values()) {
      page.read.set(p.id, p);
      for (const e of p.emails) page.holders.set(e, p.id);
    }
    await companies.prime([...page.people.values()].map((p) => p.companyId));
    const rows = await trx.selectFrom('microsoft_outbox').select(['id', 'record_id', 'payload', 'created_at']).where('account_id', '=', ctx.account.id)
      .where('resource', '=', 'contacts').where('record_type', '=', 'person').where('op', '=', 'update').where('state', '=', 'pending').orderBy('created_at').execute();
    page.edits = rows.map((r) => ({ id: r.id, recordId: r.record_id, createdAt: r.created_at, fields: JSON.parse(r.payload) as Partial<ContactFields> }));
    return page;
  }

  /** The person as the page left them; undefined when not in the workspace (or made by this page). */
  person(id: string): Person | undefined {
    return this.people.get(id);
  }

  /** Who holds the address now, counting what the page did. */
  holderOf(email: string): string | undefined {
    return this.holders.get(email);
  }

  isNew(id: string): boolean {
    return this.made.some((m) => m.id === id);
  }

  /** The person's pending CRM edits, oldest first. */
  pendingEdits(personId: string): PendingEdit[] {
    return this.edits.filter((e) => e.recordId === personId);
  }

  /** The wanted addresses nobody else holds (a contact may not take one from another person), at most 50. */
  freeFor(personId: string | null, wanted: string[]): string[] {
    return [...new Set(wanted)].filter((e) => {
      const holder = this.holders.get(e);
      return holder === undefined || holder === personId;
    }).slice(0, 50);
  }

  /** Records a change of a loaded person; the copy follows it at once, the database at `flush`. */
  patch(personId: string, patch: PersonInput): void {
    const person = this.people.get(personId);
    if (!person || !Object.keys(patch).length) return;
    if (patch.emails) {
      for (const e of person.emails) if (this.holders.get(e) === personId) this.holders.delete(e);
      for (const e of patch.emails) this.holders.set(e, personId);
    }
    this.people.set(personId, { ...person, ...definedOf(patch) });
    this.patches.set(personId, { ...this.patches.get(personId), ...patch });
  }

  /** The person's timeline got a note (a conflict): their open page should hear of it even if no field changed. */
  note(personId: string): void {
    this.noted.add(personId);
  }

  /** A new person for a contact nobody matched; their addresses are the free ones of `fields`. */
  create(id: string, fields: ContactFields, companyId: string | null): void {
    const emails = this.freeFor(id, fields.emails);
    this.made.push({ id, name: fields.name, emails, phones: fields.phones, companyId, jobTitle: fields.jobTitle, notes: fields.notes });
    for (const e of emails) this.holders.set(e, id);
  }

  /**
   * Writes the page's updates, then its new people (with their provenance), a few statements
   * each. Updates first: an address a matched person gave up may be a new person's now. Answers
   * the people really changed (or noted) and those made.
   */
  async flush(trx: Trx, ctx: SyncContext): Promise<{ updated: string[]; created: string[] }> {
    const ws = this.workspaceId;
    const updates = [...this.patches].map(([id, patch]) => ({ before: this.read.get(id)!, patch }));
    const updated = [...new Set([...(await updatePeople(trx as Db, ws, updates, { origin: ORIGIN })), ...this.noted])];
    if (!this.made.length) return { updated, created: [] };
    await createPeople(trx as Db, ws, this.made, { origin: ORIGIN });
    const at = new Date().toISOString();
    const origins = this.made.map((m) => ({ person_id: m.id, workspace_id: ws, account_id: ctx.account.id, created_at: at }));
    for (let i = 0; i < origins.length; i += 200) {
      await trx.insertInto('contacts_person_origins').values(origins.slice(i, i + 200)).onConflict((oc) => oc.column('person_id').doNothing()).execute();
    }
    return { updated, created: this.made.map((m) => m.id) };
  }
}

function definedOf(patch: PersonInput): Partial<Person> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<Person>;
}
