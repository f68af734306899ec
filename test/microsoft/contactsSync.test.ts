/**
 * Outlook contacts ↔ CRM people end to end: real Tandem against the real sandbox over HTTP. Matching
 * by email (no duplicate), companies, field-wise edits both ways,
 * delete rules both ways, two users with one contact, the "add people I create" setting, disconnect,
 * and isolation across workspaces.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LiveEvent } from '../../src/events/liveEvents.js';
import { DB_KINDS } from '../helpers/db.js';
import type { MicrosoftTestEnv } from '../helpers/microsoft.js';
import type { ApiClient } from '../helpers/server.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { waitFor } from '../helpers/wait.js';
import { calendarTenant, joinWorkspace } from './calendarHelpers.js';
import {
  contactWrites, outlookContact, outlookContactCreate, outlookContactDelete, outlookContactPatch, outlookContacts, peopleCount, personOfContact,
} from './contactsHelpers.js';
import { startSyncEnv, subscriptionsOf } from './syncHelpers.js';
import { accountIdOf, connectMicrosoft } from '../helpers/microsoft.js';
import { initialDone } from './syncHelpers.js';

let sandbox: TestSandbox;
before(async () => {
  sandbox = await startTestSandbox({ notificationDelayMs: 0 });
});
after(() => sandbox.close());

interface ContactsUser { api: ApiClient; mailboxId: string; accountId: string; workspaceId: string }
interface PersonBody { id: string; name: string; emails: string[]; phones: string[]; companyId: string | null; jobTitle: string | null; notes: string | null }

async function connectContacts(env: MicrosoftTestEnv, user: { id: string; upn: string; password: string }, api?: ApiClient): Promise<ContactsUser> {
  const client = api ?? env.client();
  if (!api) await client.signup();
  const r = await connectMicrosoft({ api: client, sandbox, upn: user.upn, password: user.password, features: ['contacts'] });
  if (!r.ok) throw new Error(`connect failed: ${r.error ?? r.callbackStatus}`);
  const accountId = (await accountIdOf(env, client))!;
  await waitFor(async () => (await initialDone(env, accountId)) && (await env.database.db.selectFrom('microsoft_sync_states').select('scope_key')
    .where('account_id', '=', accountId).where('resource', '=', 'contacts').execute()).length > 0, { timeoutMs: 60_000, message: 'initial contacts sync never finished' });
  const account = (await env.integration.accounts.byId(accountId))!;
  return { api: client, mailboxId: user.id, accountId, workspaceId: account.workspaceId };
}

const person = async (u: ContactsUser, id: string) => (await u.api.request<PersonBody>('GET', `/api/people/${id}`)).body;
const linkedPerson = (env: MicrosoftTestEnv, u: ContactsUser, graphId: string) =>
  waitFor(() => personOfContact(env, u.accountId, graphId), { timeoutMs: 20_000, message: 'the contact never linked to a person' });
const timelineTitles = async (u: ContactsUser, id: string) =>
  ((await u.api.request<{ items: Array<{ title: string | null; body: string | null }> }>('GET', `/api/people/${id}/timeline`)).body.items);
const outboxEmpty = async (env: MicrosoftTestEnv, accountId: string) =>
  !(await env.database.db.selectFrom('microsoft_outbox').select('id').where('account_id', '=', accountId).where('state', '=', 'pending').executeTakeFirst());

for (const kind of DB_KINDS) {
  describe(`Outlook contacts end to end (${kind})`, () => {
    let env: MicrosoftTestEnv;
    before(async () => {
      ({ env } = await startSyncEnv(sandbox, kind));
    });
    after(() => env?.close());

    test('initial sync matches by any email, case-insensitively, with no duplicate; others become people with their company', async () => {
      const [ann] = await calendarTenant(sandbox, ['ann']);
      const api = env.client();
      await api.signup();
      const existing = (await api.request<PersonBody>('POST', '/api/people', { name: 'Dana Existing', emails: ['dana@acme.test'], jobTitle: null })).body;
      await outlookContactCreate(sandbox, ann!.id, { givenName: 'Dana', surname: 'Outlook', jobTitle: 'CTO', emailAddresses: [{ address: 'other@x.test' }, { address: 'DANA@Acme.test' }] });
      await outlookContactCreate(sandbox, ann!.id, { givenName: 'Eve', surname: 'New', companyName: 'Globex', emailAddresses: [{ address: 'eve@globex.test' }], businessPhones: ['+1 555 0100'] });
      const before = await peopleCount(env, (await api.request<{ workspace: { id: string } }>('GET', '/api/session')).body.workspace.id);
      const events: LiveEvent[] = [];
      const stop = env.live.subscribe((e) => events.push(e));
      const u = await connectContacts(env, ann!, api);
      stop();
      assert.equal(await peopleCount(env, u.workspaceId), before + 1, 'one new person (Eve); Dana matched');
      const dana = await person(u, existing.id);
      assert.equal(dana.name, 'Dana Existing', 'the CRM name is kept on a match');
      assert.deepEqual(dana.emails.sort(), ['dana@acme.test', 'other@x.test'], 'the contact\'s other address added');
      assert.equal(dana.jobTitle, 'CTO', 'an empty field is filled');
      const eve = (await api.request<{ items: PersonBody[] }>('GET', '/api/people?q=eve')).body.items[0]!;
      const synced = events.find((e) => e.type === 'people.synced');
      assert.equal(synced?.workspaceId, u.workspaceId, 'open pages of the workspace hear of the people the page changed');
      assert.deepEqual((synced?.data as { ids: string[] }).ids.sort(), [existing.id, eve.id].sort());
      assert.deepEqual(eve.phones, ['+1 555 0100']);
      const company = (await api.request<{ name: string }>('GET', `/api/companies/${eve.companyId}`)).body;
      assert.equal(company.name, 'Globex');
      // A second contact of the same firm finds the company instead of making another.
      const c = await outlookContactCreate(sandbox, ann!.id, { givenName: 'Fay', surname: 'Two', companyName: 'GLOBEX', emailAddresses: [{ address: 'fay@globex.test' }] });
      const fay = await person(u, await linkedPerson(env, u, c.id));
      assert.equal(fay.companyId, eve.companyId);
      assert.equal(await outboxEmpty(env, u.accountId), true, 'nothing is written to Outlook by a sync');
    });

    test('edits both ways are field-wise; an echo changes nothing', async () => {
      const [ann] = await calendarTenant(sandbox, ['ann']);
      const u = await connectContacts(env, ann!);
      const c = await outlookContactCreate(sandbox, ann!.id, { givenName: 'Gus', surname: 'Field', jobTitle: 'Engineer', emailAddresses: [{ address: 'gus@field.test' }] });
      const id = await linkedPerson(env, u, c.id);

      // Outlook changes the job title; the CRM changes the notes: both survive, on both sides.
      const events: LiveEvent[] = [];
      const stop = env.live.subscribe((e) => events.push(e));
      await outlookContactPatch(sandbox, ann!.id, c.id, { jobTitle: 'Lead engineer' });
      await waitFor(async () => (await person(u, id)).jobTitle === 'Lead engineer', { timeoutMs: 20_000, message: 'Outlook edit never reached the person' });
      // An open person page hears of it: the person, to the workspace.
      const updated = await waitFor(() => events.find((e) => e.type === 'person.updated' && (e.data as PersonBody).id === id), { timeoutMs: 10_000, message: 'no person.updated for the Outlook edit' });
      stop();
      assert.equal(updated.workspaceId, u.workspaceId);
      assert.equal((updated.data as PersonBody).jobTitle, 'Lead engineer');
      const writes = await contactWrites(sandbox);
      assert.equal((await u.api.request('PATCH', `/api/people/${id}`, { notes: 'Met at the fair' })).status, 200);
      await waitFor(async () => (await outlookContact(sandbox, ann!.id, c.id)).personalNotes === 'Met at the fair', { timeoutMs: 20_000, message: 'CRM edit never reached Outlook' });
      const inOutlook = await outlookContact(sandbox, ann!.id, c.id);
      assert.equal(inOutlook.jobTitle, 'Lead engineer', 'only the changed field was sent');
      await waitFor(() => outboxEmpty(env, u.accountId));
      assert.equal(await contactWrites(sandbox), writes + 1, 'one write; its echo sends nothing back');
      const p = await person(u, id);
      assert.equal(p.notes, 'Met at the fair');
      assert.equal(p.jobTitle, 'Lead engineer');

    });

    test('deleted in Outlook: a person only the contact made goes; one with history stays, unlinked, with a note. Deleted in the CRM: the contact goes from Outlook', async () => {
      const [ann] = await calendarTenant(sandbox, ['ann']);
      const u = await connectContacts(env, ann!);
      const bare = await outlookContactCreate(sandbox, ann!.id, { givenName: 'Hal', surname: 'Bare', emailAddresses: [{ address: 'hal@bare.test' }] });
      const kept = await outlookContactCreate(sandbox, ann!.id, { givenName: 'Ida', surname: 'Kept', emailAddresses: [{ address: 'ida@kept.test' }] });
      const gone = await outlookContactCreate(sandbox, ann!.id, { givenName: 'Jon', surname: 'Crm', emailAddresses: [{ address: 'jon@crm.test' }] });
      const halId = await linkedPerson(env, u, bare.id);
      const idaId = await linkedPerson(env, u, kept.id);
      const jonId = await linkedPerson(env, u, gone.id);
      assert.equal((await u.api.request('POST', `/api/people/${idaId}/notes`, { body: 'Called her' })).status, 201);

      const events: LiveEvent[] = [];
      const stop = env.live.subscribe((e) => events.push(e));
      await outlookContactDelete(sandbox, ann!.id, bare.id);
      await outlookContactDelete(sandbox, ann!.id, kept.id);
      await waitFor(async () => (await u.api.request('GET', `/api/people/${halId}`)).status === 404, { timeoutMs: 20_000, message: 'the contact-only person was kept' });
      await waitFor(async () => !(await personOfContact(env, u.accountId, kept.id)), { timeoutMs: 20_000 });
      assert.equal((await u.api.request('GET', `/api/people/${idaId}`)).status, 200, 'a person with a note stays');
      assert.ok((await timelineTitles(u, idaId)).some((n) => n.title === 'Removed from Outlook contacts'));
      // Open pages hear of both: the one deleted, and the one kept with a new note (one event each, or one for both).
      const names = (id: string) => events.some((e) => e.workspaceId === u.workspaceId && ((e.data as { id?: string }).id === id || ((e.data as { ids?: string[] }).ids ?? []).includes(id)));
      await waitFor(() => names(halId) && names(idaId), { timeoutMs: 10_000, message: 'no live event for the deleted contacts' });
      stop();

      // What the confirmation says before the delete: whose Outlook contacts lose the contact.
      const mirrors = await u.api.request<{ outlookContacts: Array<{ userName: string }> }>('GET', `/api/microsoft/contacts/people/${jonId}`);
      assert.equal(mirrors.status, 200);
      assert.equal(mirrors.body.outlookContacts.length, 1);
      assert.equal((await u.api.request<{ outlookContacts: unknown[] }>('GET', `/api/microsoft/contacts/people/${idaId}`)).body.outlookContacts.length, 0, 'unlinked: nothing in Outlook to delete');
      assert.equal((await u.api.request('DELETE', `/api/people/${jonId}`)).status, 204);
      await waitFor(async () => !(await outlookContacts(sandbox, ann!.id)).some((x) => x.id === gone.id), { timeoutMs: 20_000, message: 'the contact was never deleted in Outlook' });
      await waitFor(() => outboxEmpty(env, u.accountId));
      assert.equal((await u.api.request('GET', `/api/people/${jonId}`)).status, 404, 'its delete coming back does not bring the person back');
    });

    test('two users of one workspace with the same contact: one person, two links; one user\'s edit never reaches the other\'s Outlook contact list as a new contact', async () => {
      const [ann, bob] = await calendarTenant(sandbox, ['ann', 'bob']);
      const a = await connectContacts(env, ann!);
      const bobApi = env.client();
      await bobApi.signup();
      await joinWorkspace(a.api, bobApi);
      const b = await connectContacts(env, bob!, bobApi);
      const ca = await outlookContactCreate(sandbox, ann!.id, { givenName: 'Kim', surname: 'Shared', emailAddresses: [{ address: 'kim@shared.test' }] });
      const cb = await outlookContactCreate(sandbox, bob!.id, { givenName: 'Kim', surname: 'S.', emailAddresses: [{ address: 'KIM@shared.test' }] });
      const pa = await linkedPerson(env, a, ca.id);
      const pb = await linkedPerson(env, b, cb.id);
      assert.equal(pa, pb, 'one person');
      const links = await env.database.db.selectFrom('microsoft_links').select('account_id').where('resource', '=', 'contacts').where('record_id', '=', pa).execute();
      assert.equal(links.length, 2, 'two links');
      const bobBefore = (await outlookContacts(sandbox, bob!.id)).length;
      assert.equal((await a.api.request('POST', '/api/people', { name: 'Only Ann', emails: ['only@ann.test'] })).status, 201);
      await waitFor(() => outboxEmpty(env, a.accountId));
      assert.equal((await outlookContacts(sandbox, bob!.id)).length, bobBefore, 'nothing new in Bob\'s Outlook');
    });

    test('"Add people I create to Outlook contacts": off by default, validated, and once on a new person lands in the default folder once', async () => {
      const [ann] = await calendarTenant(sandbox, ['ann']);
      const u = await connectContacts(env, ann!);
      assert.deepEqual((await u.api.request('GET', '/api/microsoft/contacts/settings')).body, { addCreatedPeople: false });
      const bad = await u.api.request<{ error: { message: string } }>('PUT', '/api/microsoft/contacts/settings', { addCreatedPeople: 'yes' });
      assert.equal(bad.status, 400);
      assert.match(JSON.stringify(bad.body), /addCreatedPeople/);
      const before = (await outlookContacts(sandbox, ann!.id)).length;
      assert.equal((await u.api.request('POST', '/api/people', { name: 'Not Pushed', emails: ['np@x.test'] })).status, 201);
      assert.equal((await u.api.request('PUT', '/api/microsoft/contacts/settings', { addCreatedPeople: true })).status, 200);
      const made = (await u.api.request<PersonBody>('POST', '/api/people', { name: 'Lea Pushed', emails: ['lea@pushed.test'], jobTitle: 'Buyer' })).body;
      await waitFor(async () => (await outlookContacts(sandbox, ann!.id)).some((x) => x.displayName === 'Lea Pushed'), { timeoutMs: 20_000, message: 'never pushed' });
      await waitFor(() => outboxEmpty(env, u.accountId));
      const all = await outlookContacts(sandbox, ann!.id);
      assert.equal(all.length, before + 1, 'exactly one contact made, and not the person made before the setting');
      const lea = all.find((x) => x.displayName === 'Lea Pushed')!;
      assert.equal(lea.jobTitle, 'Buyer');
      assert.equal(await personOfContact(env, u.accountId, lea.id), made.id, 'linked to the CRM person, no second person');
      assert.equal(await peopleCount(env, u.workspaceId), (await u.api.request<{ items: unknown[] }>('GET', '/api/people?limit=100')).body.items.length);
    });

    test('disconnect: no synced contact row, link or subscription; people only contacts made go, others stay; other workspaces untouched', async () => {
      const [ann, zed] = await calendarTenant(sandbox, ['ann', 'zed']);
      const u = await connectContacts(env, ann!);
      const other = await connectContacts(env, zed!);
      await outlookContactCreate(sandbox, zed!.id, { givenName: 'Mo', surname: 'Other', emailAddresses: [{ address: 'mo@iso.test' }] });
      const only = await outlookContactCreate(sandbox, ann!.id, { givenName: 'Mo', surname: 'Only', emailAddresses: [{ address: 'mo@iso.test' }] });
      const noted = await outlookContactCreate(sandbox, ann!.id, { givenName: 'Ned', surname: 'Noted', emailAddresses: [{ address: 'ned@noted.test' }] });
      const onlyId = await linkedPerson(env, u, only.id);
      const notedId = await linkedPerson(env, u, noted.id);
      const otherId = await waitFor(async () => (await env.database.db.selectFrom('microsoft_links').select('record_id').where('account_id', '=', other.accountId)
        .where('resource', '=', 'contacts').executeTakeFirst())?.record_id, { timeoutMs: 20_000 });
      assert.notEqual(otherId, onlyId, 'the same address in another workspace is another person');
      assert.equal((await u.api.request('POST', `/api/people/${notedId}/notes`, { body: 'Keep me' })).status, 201);

      assert.equal((await u.api.request('POST', '/api/microsoft/disconnect')).status, 202);
      await waitFor(async () => !(await env.integration.accounts.byId(u.accountId)), { timeoutMs: 15_000, message: 'account never deleted' });
      const db = env.database.db;
      assert.equal((await db.selectFrom('contacts_contacts').select('id').where('account_id', '=', u.accountId).execute()).length, 0);
      assert.equal((await db.selectFrom('microsoft_links').select('graph_id').where('account_id', '=', u.accountId).execute()).length, 0);
      assert.equal((await u.api.request('GET', `/api/people/${onlyId}`)).status, 404, 'the person only a contact made went');
      assert.equal((await u.api.request('GET', `/api/people/${notedId}`)).status, 200, 'a person with a note stayed');
      assert.equal((await other.api.request('GET', `/api/people/${otherId}`)).status, 200, 'the other workspace\'s person is untouched');
      await waitFor(async () => !(await subscriptionsOf(sandbox, ann!.id)).some((s) => s.resource.toLowerCase() === '/me/contacts'), { timeoutMs: 15_000, message: 'subscription left' });
      assert.equal((await outlookContacts(sandbox, ann!.id)).length >= 2, true, 'Outlook itself is untouched');
    });
  });
}
