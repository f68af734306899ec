/**
 * Initial calendar sync: BENCH_EVENTS (default 10,000) events, BENCH_SERIES (default 200) of them
 * weekly series, generated over the default window (90 days back, 365 ahead) in the sandbox (its
 * own process), connected to Tandem on SQLite; timed from the connect until every calendar's round
 * is live. Reports the rows and activities made and the Graph requests (sandbox and client side).
 */
import { control } from '../test/helpers/sandbox.js';
import { waitFor } from '../test/helpers/wait.js';
import { calendarTenant } from '../test/microsoft/calendarHelpers.js';
import { accountIdOf, connectMicrosoft } from '../test/helpers/microsoft.js';
import { initialDone, startSyncEnv } from '../test/microsoft/syncHelpers.js';
import { sized, startSandboxProcess } from './env.js';
import { loadAverage } from './lib/calendarBench.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? sized(10_000, 300));
const SERIES = Number(process.env.BENCH_SERIES ?? sized(200, 6));

const sandbox = await startSandboxProcess({ notificationDelayMs: 0 });
const { env } = await startSyncEnv(sandbox, 'sqlite');
try {
  const [ann] = await calendarTenant(sandbox, ['ann']);
  const gen = await control<{ events: number; series: number; ms: number }>(sandbox, 'POST', `/control/calendar/${ann!.id}/generate`, { events: EVENTS, series: SERIES });
  console.log(`sandbox generated ${gen.events} events (${gen.series} series) in ${(gen.ms / 1000).toFixed(1)} s`);
  await control(sandbox, 'POST', '/control/calendar/stats/reset');
  const api = env.client();
  await api.signup();
  const db = env.database.db;

  const t0 = performance.now();
  const r = await connectMicrosoft({ api, sandbox, upn: ann!.upn, password: ann!.password, features: ['calendar'] });
  if (!r.ok) throw new Error(`connect failed: ${r.error ?? r.callbackStatus}`);
  const connected = performance.now();
  const accountId = (await accountIdOf(env, api))!;
  await waitFor(async () => {
    const calendar = await db.selectFrom('microsoft_sync_states').select('scope_key').where('account_id', '=', accountId).where('resource', '=', 'calendar').executeTakeFirst();
    return calendar && (await initialDone(env, accountId));
  }, { timeoutMs: 600_000, intervalMs: 100, message: 'initial calendar sync never finished' });
  const done = performance.now();

  const count = async (where: (q: ReturnType<typeof base>) => ReturnType<typeof base>) => Number((await where(base()).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const base = () => db.selectFrom('calendar_events').where('account_id', '=', accountId);
  const rows = await count((q) => q);
  const occurrences = await count((q) => q.where('type', 'in', ['occurrence', 'exception']));
  const masters = await count((q) => q.where('type', '=', 'seriesMaster'));
  const activities = Number((await db.selectFrom('activities').select((eb) => eb.fn.countAll<number>().as('n')).where('source_type', '=', 'outlook-event').executeTakeFirstOrThrow()).n);
  const stats = await control<{ readsByMailbox: Record<string, number>; writesByMailbox: Record<string, number> }>(sandbox, 'GET', '/control/calendar/stats');
  const clientCalls = env.integration.graph.stats().byAccount.get(accountId) ?? 0;
  console.log(`initial calendar sync of ${EVENTS} events (${SERIES} series): ${((done - t0) / 1000).toFixed(1)} s from connect ` +
    `(${((done - connected) / 1000).toFixed(1)} s after the callback); ${rows} rows (${masters} series masters, ${occurrences} occurrences), ${activities} meeting activities`);
  console.log(`Graph requests: ${clientCalls} sent by Tandem's Graph client, ${stats.readsByMailbox[ann!.id] ?? 0} event reads counted by the sandbox; ` +
    `${stats.writesByMailbox[ann!.id] ?? 0} writes to Outlook`);
  const graph = await control<{ handlerTimes: Record<string, unknown> }>(sandbox, 'GET', '/control/mail/stats');
  const page = Object.entries(graph.handlerTimes).find(([k]) => k.includes('calendarView/delta'));
  if (page) console.log(`sandbox time per calendarView delta page: ${JSON.stringify(page[1])}`);
  console.log(`load average: ${await loadAverage()}`);
} finally {
  await env.close();
  await sandbox.close();
}
