import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { PeopleTable } from '../db/tables/crm.js';
import { newId } from '../lib/ids.js';
import { assertCompanyReference } from './companies.js';
import { DomainError, invalid, isUniqueViolation, notFound, nowIso } from './errors.js';
import { personAddressesChanged } from './personAddresses.js';
import { personChangeCommitted, personChanged, type PersonChange, type PersonFields } from './personChanges.js';
import { afterCursor, containsPattern, pageLimit, toPage, type Page, type PageRequest } from './pagination.js';

export interface Person {
  id: string;
  name: string;
  emails: string[];
  phones: string[];
  companyId: string | null;
  jobTitle: string | null;
  notes: string | null;
  createdAt: string;
  updatedAt: string;
}

/** What a create or update may set: the same fields a change reports to the areas that mirror people. */
export type PersonInput = PersonFields;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function normalizeEmails(emails: string[]): string[] {
  const out: string[] = [];
  for (const raw of emails) {
    const email = raw.trim().toLowerCase();
    if (!EMAIL.test(email)) throw invalid('emails', `"${raw}" is not an email address`);
    if (!out.includes(email)) out.push(email);
  }
  return out;
}

function cleanName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw invalid('name', 'must not be blank');
  return trimmed;
}

async function emailsOf(db: Db, personIds: string[]): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>(personIds.map((id) => [id, []]));
  if (!personIds.length) return map;
  const rows = await db.selectFrom('person_emails').where('person_id', 'in', personIds).select(['person_id', 'email']).orderBy('position').execute();
  for (const r of rows) map.get(r.person_id)?.push(r.email);
  return map;
}

async function hydrate(db: Db, rows: PeopleTable[]): Promise<Person[]> {
  const emails = await emailsOf(db, rows.map((r) => r.id));
  return rows.map((r) => ({
    id: r.id, name: r.name, emails: emails.get(r.id) ?? [], phones: JSON.parse(r.phones) as string[], companyId: r.company_id,
    jobTitle: r.job_title, notes: r.notes, createdAt: r.created_at, updatedAt: r.updated_at,
  }));
}

export async function listPeople(db: Db, workspaceId: string, filter: PageRequest & { q?: string; companyId?: string }): Promise<Page<Person>> {
  const limit = pageLimit(filter);
  let query = db.selectFrom('people').where('workspace_id', '=', workspaceId).selectAll();
  if (filter.companyId) query = query.where('company_id', '=', filter.companyId);
  if (filter.q) {
    const pattern = containsPattern(filter.q);
    query = query.where((eb) =>
      eb.or([
        sql<boolean>`name_lower like ${pattern} escape '\\'`,
        eb.exists(
          eb.selectFrom('person_emails as pe').whereRef('pe.person_id', '=', 'people.id').where(sql<boolean>`pe.email like ${pattern} escape '\\'`).select('pe.person_id'),
        ),
      ]),
    );
  }
  if (filter.cursor) query = query.where(afterCursor('name_lower', 'id', 'asc', filter.cursor));
  const rows = await query.orderBy('name_lower').orderBy('id').limit(limit + 1).execute();
  const page = toPage(rows, limit, (r) => r.name_lower, (rs) => rs);
  return { items: await hydrate(db, page.items), nextCursor: page.nextCursor };
}

export async function getPerson(db: Db, workspaceId: string, id: string): Promise<Person> {
  const row = await db.selectFrom('people').where('workspace_id', '=', workspaceId).where('id', '=', id).selectAll().executeTakeFirst();
  if (!row) throw notFound('person');
  const [person] = await hydrate(db, [row]);
  return person!;
}

/** People by id, in a few statements (absent ids are left out). */
export async function getPeople(db: Db, workspaceId: string, ids: string[]): Promise<Map<string, Person>> {
  const out = new Map<string, Person>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db.selectFrom('people').where('workspace_id', '=', workspaceId).where('id', 'in', unique.slice(i, i + 500)).selectAll().execute();
    for (const p of await hydrate(db, rows)) out.set(p.id, p);
  }
  return out;
}

export async function assertPersonReference(db: Db, workspaceId: string, id: string, field = 'personId'): Promise<void> {
  const row = await db.selectFrom('people').where('workspace_id', '=', workspaceId).where('id', '=', id).select('id').executeTakeFirst();
  if (!row) throw invalid(field, `no person with id ${id} in this workspace`);
}

/** People keyed by each of their (normalized) addresses; for matching mail and meeting attendees. */
export async function findPeopleByEmails(db: Db, workspaceId: string, emails: string[]): Promise<Map<string, Person>> {
  const wanted = [...new Set(emails.map((e) => e.trim().toLowerCase()).filter(Boolean))];
  const result = new Map<string, Person>();
  if (!wanted.length) return result;
  const links = await db.selectFrom('person_emails').where('workspace_id', '=', workspaceId).where('email', 'in', wanted).select(['email', 'person_id']).execute();
  if (!links.length) return result;
  const rows = await db.selectFrom('people').where('workspace_id', '=', workspaceId).where('id', 'in', [...new Set(links.map((l) => l.person_id))]).selectAll().execute();
  const byId = new Map((await hydrate(db, rows)).map((p) => [p.id, p]));
  for (const l of links) {
    const person = byId.get(l.person_id);
    if (person) result.set(l.email, person);
  }
  return result;
}

async function assertEmailsFree(db: Db, workspaceId: string, emails: string[], selfId: string | null): Promise<void> {
  if (!emails.length) return;
  let query = db.selectFrom('person_emails').where('workspace_id', '=', workspaceId).where('email', 'in', emails).select(['email', 'person_id']);
  if (selfId) query = query.where('person_id', '!=', selfId);
  const clash = await query.executeTakeFirst();
  if (clash) throw emailConflict(clash.email, clash.person_id);
}

function emailConflict(email: string, personId: string | null): DomainError {
  return new DomainError('conflict', `The email ${email} already belongs to ${personId ? `person ${personId}` : 'another person'} in this workspace: remove it there first, or use another address.`);
}

/** Replaces the person's addresses and tells the listeners (personAddresses.ts) which came and went. */
async function writeEmails(db: Db, workspaceId: string, personId: string, emails: string[]): Promise<void> {
  const before = (await db.selectFrom('person_emails').where('person_id', '=', personId).select('email').execute()).map((r) => r.email);
  await db.deleteFrom('person_emails').where('person_id', '=', personId).execute();
  if (emails.length) {
    await db.insertInto('person_emails').values(emails.map((email, position) => ({ workspace_id: workspaceId, person_id: personId, email, position }))).execute();
  }
  await personAddressesChanged(db, [{
    workspaceId, personId, added: emails.filter((e) => !before.includes(e)), removed: before.filter((e) => !emails.includes(e)),
  }]);
}

/** Runs a write that may trip UNIQUE(workspace_id, email) in a race the pre-check could not see. */
async function guardEmails<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (isUniqueViolation(err)) throw emailConflict('address', null);
    throw err;
  }
}

/** Who changes a person, for the areas that mirror people elsewhere (personChanges.ts). */
export interface ChangeBy {
  userId?: string;
  origin?: string;
}

/** Runs `write` in the caller's transaction or its own, then tells the listeners it committed. */
async function inTransaction(db: Db, change: PersonChange, write: (trx: Db) => Promise<void>): Promise<void> {
  const run = async (trx: Db) => {
    await write(trx);
    await personChanged(trx, change);
  };
  if (db.isTransaction) return run(db);
  await db.transaction().execute(run);
  await personChangeCommitted(change);
}

export async function createPerson(db: Db, workspaceId: string, input: PersonInput & { name: string }, by: ChangeBy = {}): Promise<Person> {
  const name = cleanName(input.name);
  const emails = normalizeEmails(input.emails ?? []);
  if (input.companyId) await assertCompanyReference(db, workspaceId, input.companyId);
  await assertEmailsFree(db, workspaceId, emails, null);
  const at = nowIso();
  const row: PeopleTable = {
    id: newId(), workspace_id: workspaceId, name, name_lower: name.toLowerCase(), phones: JSON.stringify(cleanPhones(input.phones)),
    company_id: input.companyId ?? null, job_title: input.jobTitle ?? null, notes: input.notes ?? null, created_at: at, updated_at: at,
  };
  const write = async (trx: Db) => {
    await trx.insertInto('people').values(row).execute();
    await writeEmails(trx, workspaceId, row.id, emails);
  };
  const fields: PersonFields = { name, emails, phones: JSON.parse(row.phones) as string[], companyId: row.company_id, jobTitle: row.job_title, notes: row.notes };
  // Inside a caller's transaction (a booking makes its guest's person), that one holds the writes.
  await guardEmails(() => inTransaction(db, { workspaceId, personId: row.id, op: 'create', fields, ...by }, write));
  return getPerson(db, workspaceId, row.id);
}

/**
 * Many people at once inside the caller's transaction (an initial contacts sync makes thousands):
 * the same rules as createPerson, a few statements per hundred people instead of several per person.
 * Ids are the caller's (it links them before the rows exist). Addresses must be normalized and free.
 */
export async function createPeople(trx: Db, workspaceId: string, inputs: Array<PersonInput & { id: string; name: string; emails: string[] }>, by: ChangeBy = {}): Promise<void> {
  const at = nowIso();
  const rows: PeopleTable[] = inputs.map((input) => {
    const name = cleanName(input.name);
    return {
      id: input.id, workspace_id: workspaceId, name, name_lower: name.toLowerCase(), phones: JSON.stringify(cleanPhones(input.phones)),
      company_id: input.companyId ?? null, job_title: input.jobTitle ?? null, notes: input.notes ?? null, created_at: at, updated_at: at,
    };
  });
  for (let i = 0; i < rows.length; i += 100) await trx.insertInto('people').values(rows.slice(i, i + 100)).execute();
  const emails = inputs.flatMap((input) => normalizeEmails(input.emails).map((email, position) => ({ workspace_id: workspaceId, person_id: input.id, email, position })));
  await guardEmails(async () => {
    for (let i = 0; i < emails.length; i += 200) await trx.insertInto('person_emails').values(emails.slice(i, i + 200)).execute();
  });
  await personAddressesChanged(trx, inputs.map((input) => ({ workspaceId, personId: input.id, added: normalizeEmails(input.emails), removed: [] })));
  for (const [i, input] of inputs.entries()) {
    const row = rows[i]!;
    const list = normalizeEmails(input.emails);
    await personChanged(trx, {
      workspaceId, personId: row.id, op: 'create', ...by,
      fields: { name: row.name, emails: list, phones: JSON.parse(row.phones) as string[], companyId: row.company_id, jobTitle: row.job_title, notes: row.notes },
    });
  }
}

function cleanPhones(phones: string[] | undefined): string[] {
  return [...new Set((phones ?? []).map((p) => p.trim()).filter(Boolean))];
}

export async function updatePerson(db: Db, workspaceId: string, id: string, patch: PersonInput, by: ChangeBy = {}): Promise<Person> {
  const before = await getPerson(db, workspaceId, id);
  const set: Partial<PeopleTable> = { updated_at: nowIso() };
  if (patch.name !== undefined) {
    set.name = cleanName(patch.name);
    set.name_lower = set.name.toLowerCase();
  }
  if (patch.phones !== undefined) set.phones = JSON.stringify(cleanPhones(patch.phones));
  if (patch.companyId !== undefined) {
    if (patch.companyId) await assertCompanyReference(db, workspaceId, patch.companyId);
    set.company_id = patch.companyId;
  }
  if (patch.jobTitle !== undefined) set.job_title = patch.jobTitle;
  if (patch.notes !== undefined) set.notes = patch.notes;
  const emails = patch.emails === undefined ? undefined : normalizeEmails(patch.emails);
  if (emails) await assertEmailsFree(db, workspaceId, emails, id);
  const fields = changedFields(before, { ...set, ...(emails ? { emails } : {}) });
  await guardEmails(() =>
    inTransaction(db, { workspaceId, personId: id, op: 'update', fields, ...by }, async (trx) => {
      await trx.updateTable('people').set(set).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
      if (emails) await writeEmails(trx, workspaceId, id, emails);
    }),
  );
  return getPerson(db, workspaceId, id);
}

/**
 * Many updates at once inside the caller's transaction (a contacts page fills in thousands of
 * matched people): the same rules as updatePerson, a few statements per hundred people instead of
 * about fifteen per person. `before` is each person as the caller read them in this transaction;
 * addresses must be free (the caller checked, against the page's other updates too) and company
 * ids the workspace's own. Answers the ids of the people whose fields really changed.
 */
export async function updatePeople(trx: Db, workspaceId: string, updates: Array<{ before: Person; patch: PersonInput }>, by: ChangeBy = {}): Promise<string[]> {
  const at = nowIso();
  const changed: Array<{ before: Person; row: PeopleTable; emails?: string[]; fields: PersonFields }> = [];
  for (const { before, patch } of updates) {
    const name = patch.name !== undefined ? cleanName(patch.name) : before.name;
    const row: PeopleTable = {
      id: before.id, workspace_id: workspaceId, name, name_lower: name.toLowerCase(),
      phones: JSON.stringify(patch.phones !== undefined ? cleanPhones(patch.phones) : before.phones),
      company_id: patch.companyId !== undefined ? patch.companyId : before.companyId, job_title: patch.jobTitle !== undefined ? patch.jobTitle : before.jobTitle,
      notes: patch.notes !== undefined ? patch.notes : before.notes, created_at: before.createdAt, updated_at: at,
    };
    const emails = patch.emails === undefined ? undefined : normalizeEmails(patch.emails);
    const fields = changedFields(before, { ...row, ...(emails ? { emails } : {}) });
    if (Object.keys(fields).length) changed.push({ before, row, emails: fields.emails, fields });
  }
  if (!changed.length) return [];
  // An upsert on the primary key rewrites each row whole: one statement per hundred people.
  for (let i = 0; i < changed.length; i += 100) {
    await trx.insertInto('people').values(changed.slice(i, i + 100).map((c) => c.row)).onConflict((oc) => oc.column('id').doUpdateSet((eb) => ({
      name: eb.ref('excluded.name'), name_lower: eb.ref('excluded.name_lower'), phones: eb.ref('excluded.phones'), company_id: eb.ref('excluded.company_id'),
      job_title: eb.ref('excluded.job_title'), notes: eb.ref('excluded.notes'), updated_at: eb.ref('excluded.updated_at'),
    }))).execute();
  }
  const moving = changed.filter((c) => c.emails);
  await guardEmails(async () => {
    // Every old address goes before any new one comes, so an address passing between two of these people never clashes.
    for (let i = 0; i < moving.length; i += 500) await trx.deleteFrom('person_emails').where('person_id', 'in', moving.slice(i, i + 500).map((c) => c.row.id)).execute();
    const rows = moving.flatMap((c) => c.emails!.map((email, position) => ({ workspace_id: workspaceId, person_id: c.row.id, email, position })));
    for (let i = 0; i < rows.length; i += 200) await trx.insertInto('person_emails').values(rows.slice(i, i + 200)).execute();
  });
  await personAddressesChanged(trx, moving.map((c) => ({
    workspaceId, personId: c.row.id, added: c.emails!.filter((e) => !c.before.emails.includes(e)), removed: c.before.emails.filter((e) => !c.emails!.includes(e)),
  })));
  for (const c of changed) await personChanged(trx, { workspaceId, personId: c.row.id, op: 'update', fields: c.fields, ...by });
  return changed.map((c) => c.row.id);
}

export async function deletePerson(db: Db, workspaceId: string, id: string, by: ChangeBy = {}): Promise<void> {
  await inTransaction(db, { workspaceId, personId: id, op: 'delete', fields: {}, ...by }, async (trx) => {
    const row = await trx.selectFrom('people').where('workspace_id', '=', workspaceId).where('id', '=', id).select('id').executeTakeFirst();
    if (!row) throw notFound('person');
    // Addresses first, while the listeners can still see which they were.
    await writeEmails(trx, workspaceId, id, []);
    await trx.deleteFrom('people').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
  });
}

/** The fields an update really changes (a PATCH repeating a value changes nothing to mirror). */
function changedFields(before: Person, set: Partial<PeopleTable> & { emails?: string[] }): PersonFields {
  const out: PersonFields = {};
  if (set.name !== undefined && set.name !== before.name) out.name = set.name;
  if (set.emails && JSON.stringify(set.emails) !== JSON.stringify(before.emails)) out.emails = set.emails;
  if (set.phones !== undefined && set.phones !== JSON.stringify(before.phones)) out.phones = JSON.parse(set.phones) as string[];
  if (set.company_id !== undefined && set.company_id !== before.companyId) out.companyId = set.company_id;
  if (set.job_title !== undefined && set.job_title !== before.jobTitle) out.jobTitle = set.job_title;
  if (set.notes !== undefined && set.notes !== before.notes) out.notes = set.notes;
  return out;
}
