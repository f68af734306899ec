/**
 * Echo: BENCH_EDITS (default 1,000) CRM edits of synced Outlook events through the REST API (50
 * events, edited round-robin, 4 at a time), each written back to Outlook, each coming back through
 * notification and delta. Loops: Graph writes once every edit is written and the echoes have
 * settled (a further full round and a pause must add none). Reports writes per edit and the reads.
 */
import { control } from '../test/helpers/sandbox.js';
import { waitFor } from '../test/helpers/wait.js';
import { runSync } from '../src/app/microsoft/sync/syncJob.js';
import { syncEngineOf } from '../src/app/microsoft/sync/install.js';
import { iso } from '../test/microsoft/calendarHelpers.js';
import { sized } from './env.js';
import { calendarBench, loadAverage } from './lib/calendarBench.js';

const EDITS = Number(process.env.BENCH_EDITS ?? sized(1_000, 20));
const TARGETS = Math.min(50, EDITS);
const CONCURRENCY = 4;

const b = await calendarBench(200);
try {
  const { env, sandbox, user } = b;
  const db = env.database.db;
  const rows = await db.selectFrom('calendar_events').select('id').where('account_id', '=', user.accountId).where('type', '=', 'singleInstance')
    .where('start_utc', '>', iso(1)).orderBy('start_utc').limit(TARGETS).execute();
  if (rows.length < TARGETS) throw new Error(`only ${rows.length} events to edit`);
  const stats = () => control<{ readsByMailbox: Record<string, number>; writesByMailbox: Record<string, number>; invitationsSent: number }>(sandbox, 'GET', '/control/calendar/stats');
  await control(sandbox, 'POST', '/control/calendar/stats/reset');
  const requests0 = env.integration.graph.stats().byAccount.get(user.accountId) ?? 0;
  const t0 = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    for (let i = next++; i < EDITS; i = next++) {
      const row = rows[i % TARGETS]!;
      const r = await user.api.request('PATCH', `/api/calendar/events/${row.id}`, { subject: `edit #${i}` });
      if (r.status !== 200) throw new Error(`PATCH answered ${r.status}: ${JSON.stringify(r.body)}`);
    }
  }));
  const outboxEmpty = async () => !(await db.selectFrom('microsoft_outbox').select('id').where('account_id', '=', user.accountId).executeTakeFirst());
  await waitFor(outboxEmpty, { timeoutMs: 300_000, intervalMs: 100, message: 'the outbox never drained' });
  const written = performance.now();
  // Every echo comes back: a full round over every calendar, then the writes must stay where they are.
  await runSync(syncEngineOf(env.integration)!, { accountId: user.accountId, resource: 'calendar', all: true });
  const settled = (await stats()).writesByMailbox[user.mailboxId] ?? 0;
  await runSync(syncEngineOf(env.integration)!, { accountId: user.accountId, resource: 'calendar', all: true });
  const s = await stats();
  const writes = s.writesByMailbox[user.mailboxId] ?? 0;
  const loops = writes - settled;
  const lastSubjects = await db.selectFrom('calendar_events').select('subject').where('id', 'in', rows.map((r) => r.id)).execute();
  const finalOk = lastSubjects.every((r) => /^edit #\d+$/.test(r.subject ?? ''));
  const requests = (env.integration.graph.stats().byAccount.get(user.accountId) ?? 0) - requests0;
  console.log(`echo: ${EDITS} CRM edits over ${TARGETS} events in ${((written - t0) / 1000).toFixed(1)} s: ${loops} loops, ${writes} Graph writes (${(writes / EDITS).toFixed(3)} per edit), ` +
    `${s.readsByMailbox[user.mailboxId] ?? 0} event reads (${((s.readsByMailbox[user.mailboxId] ?? 0) / EDITS).toFixed(2)} per edit), ${requests} Graph requests in all, ` +
    `${s.invitationsSent} invitations; final subjects ${finalOk ? 'the CRM’s' : 'WRONG'}`);
  console.log(`load average: ${await loadAverage()}`);
} finally {
  await b.close();
}
