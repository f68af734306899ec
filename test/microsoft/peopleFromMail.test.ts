/**
 * People from mail end to end: real Tandem against the real sandbox over HTTP, on SQLite and
 * PostgreSQL. A mailbox with mail sent to outside people, no-reply senders, a colleague and a
 * public-domain address fills the People page with exactly the expected people and companies; the
 * workspace setting ('sent', 'all', colleagues, 'off') decides who; a second user with the same
 * correspondent makes no duplicate; a re-run makes nothing; a person a user deleted is not made again;
 * disconnect removes the mail-only people.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createPeopleFromMail } from '../../src/microsoft/sync/mail/people/createFromMail.js';
import { DB_KINDS } from '../helpers/db.js';
import { accountIdOf, connectMicrosoft, type MicrosoftTestEnv } from '../helpers/microsoft.js';
import { control, type TestSandbox, startTestSandbox } from '../helpers/sandbox.js';
import type { ApiClient } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';
import { calendarTenant, joinWorkspace } from './calendarHelpers.js';
import { initialDone, startSyncEnv } from './syncHelpers.js';

let sandbox: TestSandbox;
before(async () => {
  sandbox = await startTestSandbox({ notificationDelayMs: 0 });
});
after(() => sandbox.close());

interface PersonBody { id: string; name: string; emails: string[]; companyId: string | null; origin: string | null }
interface Mailbox { api: ApiClient; accountId: string; upn: string; id: string }
type Address = { name?: string; address: string };

const sent = (mailbox: string, to: Address[], cc: Address[] = [], bcc: Address[] = []) =>
  control(sandbox, 'POST', '/control/mail/sent', { mailbox, to, cc, bcc, subject: 'Proposal', body: 'Hi' });
const received = (mailbox: string, from: Address, cc: Address[] = []) =>
  control(sandbox, 'POST', '/control/mail/deliver', { mailbox, from, cc, subject: 'Hello', body: 'Hi' });

async function connect(env: MicrosoftTestEnv, user: { id: string; upn: string; password: string }, api?: ApiClient): Promise<Mailbox> {
  const client = api ?? env.client();
  if (!api) await client.signup();
  const r = await connectMicrosoft({ api: client, sandbox, upn: user.upn, password: user.password, features: ['mail'] });
  if (!r.ok) throw new Error(`connect failed: ${r.error ?? r.callbackStatus}`);
  const accountId = (await accountIdOf(env, client))!;
  await waitFor(() => initialDone(env, accountId), { timeoutMs: 30_000, message: 'initial mail sync never finished' });
  return { api: client, accountId, upn: user.upn.toLowerCase(), id: user.id };
}

/** Every synced message of the mailbox has been looked at by the people-from-mail job. */
async function scanned(env: MicrosoftTestEnv, accountId: string, atLeast: number): Promise<boolean> {
  const rows = await env.database.db.selectFrom('emails').select('people_scanned').where('account_id', '=', accountId).where('is_draft', '=', 0).execute();
  return rows.length >= atLeast && rows.every((r) => r.people_scanned === 1);
}

async function people(api: ApiClient): Promise<PersonBody[]> {
  const res = await api.request<{ items: PersonBody[] }>('GET', '/api/people?limit=200');
  assert.equal(res.status, 200);
  return res.body.items;
}

const byAddress = (list: PersonBody[]) => new Map(list.flatMap((p) => p.emails.map((e) => [e, p] as const)));

async function companyOf(api: ApiClient, p: PersonBody | undefined): Promise<{ name: string; domain: string | null } | null> {
  if (!p?.companyId) return null;
  return (await api.request<{ name: string; domain: string | null }>('GET', `/api/companies/${p.companyId}`)).body;
}

for (const kind of DB_KINDS) {
  describe(`people from mail (${kind})`, () => {
    let env: MicrosoftTestEnv;
    before(async () => {
      ({ env } = await startSyncEnv(sandbox, kind));
    });
    after(() => env?.close());

    test('people I send mail to (the default): outside To and Cc get people with companies by domain; no colleague, public domain company, Bcc, own address or robot', async () => {
      const [ann, bob] = await calendarTenant(sandbox, ['ann', 'bob']);
      await sent(ann!.id, [{ name: 'Dana Client', address: 'Dana@Contoso-Corp.test' }, { name: 'Bob Colleague', address: bob!.upn }, { address: 'gina.home@gmail.com' }],
        [{ name: '"Eli Client"', address: 'eli@contoso-corp.test' }, { name: 'Ann', address: ann!.upn }], [{ name: 'Hidden', address: 'hidden@secret.test' }]);
      await sent(ann!.id, [{ name: 'No Reply', address: 'noreply@contoso-corp.test' }]);
      await received(ann!.id, { name: 'Frank Sender', address: 'frank@fabrikam.test' }, [{ name: 'Hal', address: 'hal@fabrikam.test' }]);
      await received(ann!.id, { name: 'Shop', address: 'no-reply@shop.test' });
      await received(ann!.id, { name: 'GitHub', address: 'notifications@github.test' });

      const u = await connect(env, ann!);
      const settings = await u.api.request<{ mode: string; includeColleagues: boolean }>('GET', '/api/workspace/people-from-mail');
      assert.deepEqual(settings.body, { mode: 'sent', includeColleagues: false }, 'the default');
      await waitFor(() => scanned(env, u.accountId, 5), { timeoutMs: 20_000, message: 'the people-from-mail job never looked at the mail' });
      const list = await people(u.api);
      assert.deepEqual(list.flatMap((p) => p.emails).sort(), ['dana@contoso-corp.test', 'eli@contoso-corp.test', 'gina.home@gmail.com']);
      const found = byAddress(list);
      assert.equal(found.get('dana@contoso-corp.test')!.name, 'Dana Client', 'the name mail carried');
      assert.equal(found.get('eli@contoso-corp.test')!.name, 'Eli Client', 'quotes around a name are not part of it');
      assert.equal(found.get('gina.home@gmail.com')!.name, 'gina.home@gmail.com', 'no name: the address');
      const contoso = await companyOf(u.api, found.get('dana@contoso-corp.test'));
      assert.deepEqual(contoso, { ...contoso, name: 'Contoso-corp', domain: 'contoso-corp.test' });
      assert.equal(found.get('eli@contoso-corp.test')!.companyId, found.get('dana@contoso-corp.test')!.companyId, 'one company per domain');
      assert.equal(found.get('gina.home@gmail.com')!.companyId, null, 'a public mail domain gives no company');
      for (const p of list) assert.equal(p.origin, `From mail — ${u.upn}'s mailbox`);
      const one = await u.api.request<PersonBody>('GET', `/api/people/${found.get('dana@contoso-corp.test')!.id}`);
      assert.equal(one.body.origin, `From mail — ${u.upn}'s mailbox`, 'the person API says where they came from');

      // The emails are linked to the people made after them: their timelines show the mail.
      const timeline = await u.api.request<{ items: Array<{ kind: string }> }>('GET', `/api/people/${found.get('dana@contoso-corp.test')!.id}/timeline`);
      assert.equal(timeline.body.items.filter((i) => i.kind === 'email').length, 1);

      // New mail sent later: its recipient becomes a person too.
      await sent(ann!.id, [{ name: 'Ivy New', address: 'ivy@northwind.test' }]);
      const ivy = await waitFor(async () => byAddress(await people(u.api)).get('ivy@northwind.test'), { timeoutMs: 20_000, message: 'new sent mail made no person' });
      assert.equal(ivy.name, 'Ivy New');
      assert.equal((await companyOf(u.api, ivy))?.name, 'Northwind');

      // A re-run over the same messages makes nothing.
      await env.database.db.updateTable('emails').set({ people_scanned: 0 }).where('account_id', '=', u.accountId).execute();
      const again = await createPeopleFromMail(env.database.db, u.accountId);
      assert.equal(again.created.length, 0);
      assert.equal((await people(u.api)).length, 4);

      // A person from mail that a user deleted stays deleted, even when the mail is looked at again.
      assert.equal((await u.api.request('DELETE', `/api/people/${ivy.id}`)).status, 204);

      // Everyone I exchange mail with: senders and others on received mail, never robots.
      const bad = await u.api.request('PUT', '/api/workspace/people-from-mail', { mode: 'everyone', includeColleagues: false });
      assert.equal(bad.status, 400);
      assert.equal((await u.api.request('PUT', '/api/workspace/people-from-mail', { mode: 'all' })).status, 400, 'both fields are required');
      const put = await u.api.request('PUT', '/api/workspace/people-from-mail', { mode: 'all', includeColleagues: false });
      assert.deepEqual(put.body, { mode: 'all', includeColleagues: false });
      const all = await waitFor(async () => {
        const l = byAddress(await people(u.api));
        return l.has('frank@fabrikam.test') && l.has('hal@fabrikam.test') && (await scanned(env, u.accountId, 6)) ? l : undefined;
      }, { timeoutMs: 20_000, message: "'all' never picked up the senders" });
      assert.deepEqual([...all.keys()].sort(), ['dana@contoso-corp.test', 'eli@contoso-corp.test', 'frank@fabrikam.test', 'gina.home@gmail.com', 'hal@fabrikam.test']);
      assert.equal((await companyOf(u.api, all.get('frank@fabrikam.test')))?.name, 'Fabrikam');

      // Colleagues when asked for.
      await u.api.request('PUT', '/api/workspace/people-from-mail', { mode: 'all', includeColleagues: true });
      const bobP = await waitFor(async () => byAddress(await people(u.api)).get(bob!.upn.toLowerCase()), { timeoutMs: 20_000, message: 'the colleague never became a person' });
      assert.equal(bobP.name, 'Bob Colleague');
      assert.equal(byAddress(await people(u.api)).has(u.upn), false, 'never the mailbox owner');
    });

    test("'off' creates nothing, for the initial sync or new mail", async () => {
      const [cat] = await calendarTenant(sandbox, ['cat']);
      await sent(cat!.id, [{ name: 'Olga Off', address: 'olga@off-corp.test' }]);
      const api = env.client();
      await api.signup();
      assert.equal((await api.request('PUT', '/api/workspace/people-from-mail', { mode: 'off', includeColleagues: true })).status, 200);
      const u = await connect(env, cat!, api);
      await sent(cat!.id, [{ name: 'Otto Off', address: 'otto@off-corp.test' }]);
      await waitFor(async () => (await env.database.db.selectFrom('emails').select('id').where('account_id', '=', u.accountId).execute()).length >= 2, { timeoutMs: 20_000 });
      // The job runs after each committed page; give it the time it takes to run.
      await new Promise((r) => setTimeout(r, 1_000));
      assert.equal((await people(u.api)).length, 0);
      assert.equal((await createPeopleFromMail(env.database.db, u.accountId)).scanned, 0, 'off: the mail is not even read');
    });

    test('two users of a workspace with the same correspondent: one person; disconnect removes the people only that mailbox made', async () => {
      const [ann, zed] = await calendarTenant(sandbox, ['ann', 'zed']);
      await sent(ann!.id, [{ name: 'Sam Shared', address: 'sam@shared-corp.test' }, { name: 'Mia Mine', address: 'mia@mine-corp.test' }]);
      await sent(ann!.id, [{ name: 'Ned Noted', address: 'ned@mine-corp.test' }, { name: 'Eda Edited', address: 'eda@mine-corp.test' }]);
      await sent(zed!.id, [{ name: 'SAM', address: 'SAM@shared-corp.test' }]);
      const a = await connect(env, ann!);
      const memberApi = env.client();
      await memberApi.signup();
      await joinWorkspace(a.api, memberApi);
      const z = await connect(env, zed!, memberApi);
      await waitFor(async () => (await scanned(env, a.accountId, 2)) && (await scanned(env, z.accountId, 1)), { timeoutMs: 20_000 });
      // Both jobs again at once over the same mail: still one person per address.
      for (const id of [a.accountId, z.accountId]) await env.database.db.updateTable('emails').set({ people_scanned: 0 }).where('account_id', '=', id).execute();
      await Promise.all([createPeopleFromMail(env.database.db, a.accountId), createPeopleFromMail(env.database.db, z.accountId)]);
      const list = await people(a.api);
      assert.deepEqual(list.flatMap((p) => p.emails).sort(), ['eda@mine-corp.test', 'mia@mine-corp.test', 'ned@mine-corp.test', 'sam@shared-corp.test']);
      assert.equal((await people(memberApi)).length, 4, 'the member sees the same people');
      const found = byAddress(list);
      const sam = found.get('sam@shared-corp.test')!;

      assert.equal((await a.api.request('POST', `/api/people/${found.get('ned@mine-corp.test')!.id}/notes`, { body: 'Called him' })).status, 201);
      assert.equal((await a.api.request('PATCH', `/api/people/${found.get('eda@mine-corp.test')!.id}`, { jobTitle: 'Buyer' })).status, 200);

      assert.equal((await a.api.request('POST', '/api/microsoft/disconnect')).status, 202);
      await waitFor(async () => !(await env.integration.accounts.byId(a.accountId)), { timeoutMs: 15_000, message: 'account never deleted' });
      const left = byAddress(await people(memberApi));
      assert.equal(left.has('mia@mine-corp.test'), false, 'a person only that mailbox made went');
      assert.equal(left.has('ned@mine-corp.test'), true, 'a person with a note stayed');
      assert.equal(left.has('eda@mine-corp.test'), true, 'a person a user edited stayed');
      assert.equal(left.has('sam@shared-corp.test'), true, "a person in another user's mail stayed");
      assert.equal(left.get('sam@shared-corp.test')!.id, sam.id);
      for (const p of left.values()) {
        if (p.origin) assert.equal(p.origin, `From mail — ${z.upn}'s mailbox`, 'the kept people of the disconnected mailbox lose its label');
      }
      assert.equal(left.get('ned@mine-corp.test')!.origin, null);
      const origins = await env.database.db.selectFrom('mail_person_origins').select('person_id').where('account_id', '=', a.accountId).execute();
      assert.equal(origins.length, 0);
      const receipt = await a.api.request<{ lastDisconnect: { removed: Array<{ resource: string; count: number; what: string }> } | null }>('GET', '/api/microsoft');
      assert.deepEqual(receipt.body.lastDisconnect?.removed.find((x) => x.resource === 'people-from-mail'), { resource: 'people-from-mail', count: 1, what: 'person made from your mail' });
    });
  });
}
