/**
 * Outlook → an open person page: a linked contact edited in the sandbox ("in Outlook", through its
 * control API) until the SSE event naming its person reaches a connected client, at Graph latency
 * 50 ms (notification delay 0; issue 11: p99 ≤ 250 ms). 5 edits a second, BENCH_EDITS (≥ 200) of
 * them, each on its own contact of a 1,000-contact address book.
 */
import { control } from '../test/helpers/sandbox.js';
import { waitFor } from '../test/helpers/wait.js';
import { outlookContactPatch, outlookContacts } from '../test/microsoft/contactsHelpers.js';
import { accountIdOf, connectMicrosoft } from '../test/helpers/microsoft.js';
import { calendarTenant } from '../test/microsoft/calendarHelpers.js';
import { startSyncEnv } from '../test/microsoft/syncHelpers.js';
import { pct, sized, SMOKE, startSandboxProcess } from './env.js';
import { loadAverage, setGraphLatency, sseClient } from './lib/calendarBench.js';

const EDITS = SMOKE ? 5 : Math.max(200, Number(process.env.BENCH_EDITS ?? 200));
const CONTACTS = sized(1_000, 20);
const PER_SECOND = 5;
const GRAPH_LATENCY_MS = 50;

const sandbox = await startSandboxProcess({ notificationDelayMs: 0 });
const { env } = await startSyncEnv(sandbox, 'sqlite');
const streams: AbortController[] = [];
try {
  const [ann] = await calendarTenant(sandbox, ['ann']);
  // Generated before the connect: the initial sync brings them in (generation sends no notification).
  await control(sandbox, 'POST', `/control/contacts/${ann!.id}/generate`, { contacts: CONTACTS, folders: 1 });
  const api = env.client();
  await api.signup();
  const r = await connectMicrosoft({ api, sandbox, upn: ann!.upn, password: ann!.password, features: ['contacts'] });
  if (!r.ok) throw new Error(`connect failed: ${r.error ?? r.callbackStatus}`);
  const user = { api, mailboxId: ann!.id, accountId: (await accountIdOf(env, api))! };
  const db = env.database.db;
  const contacts = (await outlookContacts(sandbox, user.mailboxId)).slice(0, EDITS);
  const personOf = new Map<string, string>();
  await waitFor(async () => {
    const rows = await db.selectFrom('microsoft_links').select(['graph_id', 'record_id']).where('account_id', '=', user.accountId).where('resource', '=', 'contacts').execute();
    for (const r of rows) personOf.set(r.graph_id, r.record_id);
    return contacts.every((c) => personOf.has(c.id));
  }, { timeoutMs: 120_000, message: 'contacts never became people' });
  await waitFor(async () => !!(await db.selectFrom('microsoft_subscriptions').select('graph_id').where('account_id', '=', user.accountId)
    .where('resource_kind', '=', 'contacts').where('status', '=', 'active').executeTakeFirst()), { timeoutMs: 20_000, message: 'no contacts subscription' });

  const sent = new Map<string, number>();
  const latency = new Map<string, number>();
  const arrived = (personId: string, at: number) => {
    const t0 = sent.get(personId);
    if (t0 !== undefined && !latency.has(personId)) latency.set(personId, at - t0);
  };
  let batched = 0;
  streams.push(await sseClient(env, user.api.cookie!, 'person.updated', (data, at) => arrived((data as { id: string }).id, at)));
  // Several edits in one delta page come as one people.synced.
  streams.push(await sseClient(env, user.api.cookie!, 'people.synced', (data, at) => {
    batched += 1;
    for (const id of (data as { ids: string[] }).ids) arrived(id, at);
  }));

  await setGraphLatency(sandbox, GRAPH_LATENCY_MS);
  const requests0 = env.integration.graph.stats().byAccount.get(user.accountId) ?? 0;
  const start = performance.now();
  for (const [i, c] of contacts.entries()) {
    const wait = start + (i * 1000) / PER_SECOND - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    sent.set(personOf.get(c.id)!, performance.now());
    await outlookContactPatch(sandbox, user.mailboxId, c.id, { jobTitle: `Edited in Outlook #${i}` });
  }
  const people = contacts.map((c) => personOf.get(c.id)!);
  await waitFor(() => people.every((id) => latency.has(id)), { timeoutMs: 60_000, message: `no SSE event for ${people.filter((id) => !latency.has(id)).length} edits` });
  const xs = people.map((id) => latency.get(id)!);
  const requests = (env.integration.graph.stats().byAccount.get(user.accountId) ?? 0) - requests0;
  const edited = Number((await db.selectFrom('people').select((eb) => eb.fn.countAll<number>().as('n')).where('id', 'in', people)
    .where('job_title', 'like', 'Edited in Outlook #%').executeTakeFirstOrThrow()).n);
  console.log(`Outlook contact edit → person over SSE at Graph latency ${GRAPH_LATENCY_MS} ms: ${xs.length} of ${EDITS} edits at ${PER_SECOND}/s, p50 ${pct(xs, 50).toFixed(0)} ms, ` +
    `p99 ${pct(xs, 99).toFixed(0)} ms, max ${Math.max(...xs).toFixed(0)} ms; ${edited} people edited; ${batched} batched events; ${(requests / EDITS).toFixed(2)} Graph requests per edit`);
  console.log(`load average: ${await loadAverage()}`);
} finally {
  for (const s of streams) s.abort();
  await env.close();
  await sandbox.close();
}
