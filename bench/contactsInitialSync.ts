/**
 * Initial contacts sync: BENCH_CONTACTS (default 10,000) contacts over 3 folders in the sandbox (its
 * own process), 30% of them sharing an address with a person already in the CRM; Tandem on SQLite,
 * timed from the connect until every folder's round is live. Reports the people made and matched,
 * and checks no contact made a second person (issue 11: ≤ 5 s, no duplicate).
 */
import { createPerson } from '../src/crm/people.js';
import { control } from '../test/helpers/sandbox.js';
import { waitFor } from '../test/helpers/wait.js';
import { calendarTenant } from '../test/microsoft/calendarHelpers.js';
import { accountIdOf, connectMicrosoft } from '../test/helpers/microsoft.js';
import { initialDone, startSyncEnv } from '../test/microsoft/syncHelpers.js';
import { sized, startSandboxProcess } from './env.js';

const CONTACTS = Number(process.env.BENCH_CONTACTS ?? sized(10_000, 200));

const sandbox = await startSandboxProcess({ notificationDelayMs: 0 });
const { env } = await startSyncEnv(sandbox, 'sqlite');
try {
  const [ann] = await calendarTenant(sandbox, ['ann']);
  const gen = await control<{ contacts: number; ms: number }>(sandbox, 'POST', `/control/contacts/${ann!.id}/generate`, { contacts: CONTACTS, folders: 3 });
  console.log(`sandbox generated ${gen.contacts} contacts over 3 folders in ${(gen.ms / 1000).toFixed(1)} s`);
  const contacts = (await control<{ value: Array<{ emailAddresses: Array<{ address: string }> }> }>(sandbox, 'GET', `/control/contacts/${ann!.id}/contacts`)).value;
  const api = env.client();
  await api.signup();
  const workspaceId = (await api.request<{ workspace: { id: string } }>('GET', '/api/session')).body.workspace.id;
  const db = env.database.db;
  // Every third-or-so contact already known to the CRM by one of its addresses (in upper case: matching ignores case).
  const matching = contacts.filter((c, i) => i % 10 < 3 && c.emailAddresses.length);
  for (const [i, c] of matching.entries()) await createPerson(db, workspaceId, { name: `Known ${i}`, emails: [c.emailAddresses[0]!.address.toUpperCase()] });
  const count = async (table: 'people' | 'microsoft_links') => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n'))
    .where(table === 'people' ? 'workspace_id' : 'resource', '=', table === 'people' ? workspaceId : 'contacts').executeTakeFirstOrThrow()).n);
  const before = await count('people');

  const t0 = performance.now();
  const r = await connectMicrosoft({ api, sandbox, upn: ann!.upn, password: ann!.password, features: ['contacts'] });
  if (!r.ok) throw new Error(`connect failed: ${r.error ?? r.callbackStatus}`);
  const connected = performance.now();
  const accountId = (await accountIdOf(env, api))!;
  await waitFor(async () => {
    const scopes = await db.selectFrom('microsoft_sync_states').select('scope_key').where('account_id', '=', accountId).where('resource', '=', 'contacts').execute();
    return scopes.length >= 3 && (await initialDone(env, accountId));
  }, { timeoutMs: 600_000, intervalMs: 100, message: 'initial contacts sync never finished' });
  const done = performance.now();

  const people = await count('people');
  const links = await count('microsoft_links');
  const linkedPeople = Number((await db.selectFrom('microsoft_links').select((eb) => eb.fn.count<number>('record_id').distinct().as('n')).where('resource', '=', 'contacts').executeTakeFirstOrThrow()).n);
  const created = people - before;
  // One person per contact: links to distinct people equal the contacts, and the new people are exactly the unmatched ones.
  const duplicates = links - linkedPeople + Math.abs(created - (CONTACTS - matching.length));
  console.log(`initial contacts sync of ${CONTACTS} contacts in 3 folders (${matching.length} matching existing people): ${((done - t0) / 1000).toFixed(1)} s from connect ` +
    `(${((done - connected) / 1000).toFixed(1)} s after the callback); ${links} links, ${created} people created, ${duplicates} duplicates`);
} finally {
  await env.close();
  await sandbox.close();
}
