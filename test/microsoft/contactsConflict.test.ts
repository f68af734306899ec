/**
 * The same field of a linked contact changed in Outlook and in the CRM before either side saw the
 * other: the later change wins on both sides, and the person's timeline records the value it
 * overwrote. Tandem's jobs are stopped so the order is the test's; it then drives the engine's own
 * write-back and sync runs.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { syncEngineOf } from '../../src/app/microsoft/sync/install.js';
import type { LiveEvent } from '../../src/events/liveEvents.js';
import { runSync } from '../../src/app/microsoft/sync/syncJob.js';
import { runWriteBack } from '../../src/app/microsoft/sync/writeBackJob.js';
import { DB_KINDS, type DbKind } from '../helpers/db.js';
import { accountIdOf, connectMicrosoft, type MicrosoftTestEnv } from '../helpers/microsoft.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { waitFor } from '../helpers/wait.js';
import { calendarTenant } from './calendarHelpers.js';
import { outlookContact, outlookContactCreate, outlookContactPatch, personOfContact } from './contactsHelpers.js';
import { initialDone, startSyncEnv } from './syncHelpers.js';

let sandbox: TestSandbox;
before(async () => {
  sandbox = await startTestSandbox({ notificationDelayMs: 0 });
});
after(() => sandbox.close());

/** A connected user with one linked contact, and Tandem's jobs stopped. */
async function linkedContact(kind: DbKind) {
  const { env } = await startSyncEnv(sandbox, kind);
  const [ann] = await calendarTenant(sandbox, ['ann']);
  const api = env.client();
  await api.signup();
  const r = await connectMicrosoft({ api, sandbox, upn: ann!.upn, password: ann!.password, features: ['contacts'] });
  if (!r.ok) throw new Error(`connect failed: ${r.error ?? r.callbackStatus}`);
  const accountId = (await accountIdOf(env, api))!;
  await waitFor(() => initialDone(env, accountId), { timeoutMs: 60_000 });
  const c = await outlookContactCreate(sandbox, ann!.id, { givenName: 'Olga', surname: 'Clash', jobTitle: 'Analyst', emailAddresses: [{ address: 'olga@clash.test' }] });
  const personId = await waitFor(() => personOfContact(env, accountId, c.id), { timeoutMs: 20_000 });
  await env.queue.stop();
  return { env, api, accountId, mailbox: ann!.id, contactId: c.id, personId };
}

const notesOf = async (env: MicrosoftTestEnv, personId: string) =>
  env.database.db.selectFrom('activities').select(['title', 'body']).where('person_id', '=', personId).execute();
const jobTitle = async (env: MicrosoftTestEnv, personId: string) =>
  (await env.database.db.selectFrom('people').select('job_title').where('id', '=', personId).executeTakeFirstOrThrow()).job_title;

for (const kind of DB_KINDS) {
  describe(`Outlook contacts: the same field changed on both sides (${kind})`, () => {
    test('Outlook changed it later: Outlook wins, the CRM change never reaches Outlook, the note keeps the CRM value', async () => {
      const t = await linkedContact(kind);
      try {
        assert.equal((await t.api.request('PATCH', `/api/people/${t.personId}`, { jobTitle: 'CRM title' })).status, 200);
        const crmAt = Date.parse((await t.env.database.db.selectFrom('microsoft_outbox').select('created_at').where('account_id', '=', t.accountId).executeTakeFirstOrThrow()).created_at);
        // Outlook's lastModifiedDateTime has whole seconds: its change must fall in a later second.
        await waitFor(() => Date.now() >= crmAt + 1_000, { timeoutMs: 3_000 });
        await outlookContactPatch(sandbox, t.mailbox, t.contactId, { jobTitle: 'Outlook title' });
        const engine = syncEngineOf(t.env.integration)!;
        await runSync(engine, { accountId: t.accountId, resource: 'contacts', all: true });
        await runWriteBack(engine, { accountId: t.accountId, resource: 'contacts' });
        assert.equal(await jobTitle(t.env, t.personId), 'Outlook title');
        assert.equal((await outlookContact(sandbox, t.mailbox, t.contactId)).jobTitle, 'Outlook title', 'the earlier CRM value was not written over it');
        const note = (await notesOf(t.env, t.personId)).find((n) => n.title === 'Job title changed in Outlook and in the CRM');
        assert.ok(note, 'a timeline note');
        assert.match(note.body ?? '', /later change in Outlook wins: "Outlook title".*overwritten value was "CRM title"/);
      } finally {
        await t.env.close();
      }
    });

    test('the CRM changed it later: its write meets a 412, re-reads, and wins; the note keeps Outlook\'s value; another field Outlook changed survives', async () => {
      const t = await linkedContact(kind);
      try {
        const changed = await outlookContactPatch(sandbox, t.mailbox, t.contactId, { jobTitle: 'Outlook title', personalNotes: 'From Outlook' });
        await waitFor(() => Date.now() >= Date.parse(changed.lastModifiedDateTime) + 1_000, { timeoutMs: 3_000 });
        assert.equal((await t.api.request('PATCH', `/api/people/${t.personId}`, { jobTitle: 'CRM title' })).status, 200);
        // The write-back goes first, against the changeKey Tandem knew: Outlook refuses it (412).
        await runWriteBack(syncEngineOf(t.env.integration)!, { accountId: t.accountId, resource: 'contacts' });
        const inOutlook = await outlookContact(sandbox, t.mailbox, t.contactId);
        assert.equal(inOutlook.jobTitle, 'CRM title', 'the later CRM change reached Outlook');
        assert.equal(inOutlook.personalNotes, 'From Outlook', 'Outlook\'s other change survived');
        const person = await t.env.database.db.selectFrom('people').select(['job_title', 'notes']).where('id', '=', t.personId).executeTakeFirstOrThrow();
        assert.deepEqual(person, { job_title: 'CRM title', notes: 'From Outlook' });
        const note = (await notesOf(t.env, t.personId)).find((n) => n.title === 'Job title changed in Outlook and in the CRM');
        assert.ok(note, 'a timeline note');
        assert.match(note.body ?? '', /later change in the CRM wins: "CRM title".*overwritten value was "Outlook title"/);
      } finally {
        await t.env.close();
      }
    });

    test('delta brings an earlier Outlook change while the later CRM one waits: nothing changes on the person, yet the open page hears of the note', async () => {
      const t = await linkedContact(kind);
      try {
        const changed = await outlookContactPatch(sandbox, t.mailbox, t.contactId, { jobTitle: 'Outlook title' });
        await waitFor(() => Date.now() >= Date.parse(changed.lastModifiedDateTime) + 1_000, { timeoutMs: 3_000 });
        assert.equal((await t.api.request('PATCH', `/api/people/${t.personId}`, { jobTitle: 'CRM title' })).status, 200);
        const events: LiveEvent[] = [];
        const stop = t.env.live.subscribe((e) => events.push(e));
        await runSync(syncEngineOf(t.env.integration)!, { accountId: t.accountId, resource: 'contacts', all: true });
        stop();
        assert.equal(await jobTitle(t.env, t.personId), 'CRM title', 'the later CRM change stays');
        assert.ok((await notesOf(t.env, t.personId)).some((n) => n.title === 'Job title changed in Outlook and in the CRM'), 'a timeline note');
        const heard = events.filter((e) => e.type === 'person.updated' && (e.data as { id: string }).id === t.personId);
        assert.equal(heard.length, 1, 'one person.updated, so the open page reloads its timeline');
      } finally {
        await t.env.close();
      }
    });
  });
}
