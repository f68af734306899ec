/**
 * A race on one slot: 50 guests book the same time at once. Exactly one booking, one Outlook event
 * and one confirmation must come of it, and 49 clear refusals: on SQLite (one process) and on
 * PostgreSQL with two Tandem processes sharing the database, the guests split between them.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshDatabaseUrl } from '../test/helpers/db.js';
import { connectMicrosoft } from '../test/helpers/microsoft.js';
import { startTandemOnFreePort, type TandemProcess } from '../test/helpers/process.js';
import { registerApp, type TestSandbox } from '../test/helpers/sandbox.js';
import { ApiClient } from '../test/helpers/server.js';
import { waitFor } from '../test/helpers/wait.js';
import { calendarTenant, outlookEvents } from '../test/microsoft/calendarHelpers.js';
import { guest, openPageBody, utcAt } from '../test/scheduling/schedulingHarness.js';
import { SMOKE } from './env.js';
import { loadAverage } from './lib/calendarBench.js';
import { schedulingBench } from './lib/schedulingBench.js';
import { startSandboxProcess } from './env.js';

const GUESTS = SMOKE ? 10 : 50;
const START = utcAt(2, 10);

interface Outcome { won: number; refused: number; other: string[]; events: number; confirmations: number; ms: number }

async function race(urls: string[], slug: string): Promise<Omit<Outcome, 'events' | 'confirmations'>> {
  const t0 = performance.now();
  const answers = await Promise.all(Array.from({ length: GUESTS }, (_, i) => fetch(`${urls[i % urls.length]}/api/public/book/${slug}`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...guest(START, { email: `racer${i}@outside.example`, name: `Racer ${i}`, answers: {} }), duration: 15 }),
  }).then(async (r) => ({ status: r.status, text: await r.text() }))));
  const ms = performance.now() - t0;
  return {
    won: answers.filter((a) => a.status === 201 && a.text.includes('"confirmed"')).length,
    refused: answers.filter((a) => a.status === 409 && a.text.includes('This time was just taken')).length,
    other: answers.filter((a) => !(a.status === 201 && a.text.includes('"confirmed"')) && !(a.status === 409 && a.text.includes('just taken'))).map((a) => `${a.status} ${a.text.slice(0, 120)}`),
    ms,
  };
}

async function countAfter(sandbox: TestSandbox, mailbox: string, confirmations: () => Promise<number>): Promise<{ events: number; confirmations: number }> {
  await waitFor(async () => (await confirmations()) >= 1, { timeoutMs: 30_000, message: 'the winner was never emailed' });
  const events = (await outlookEvents(sandbox, mailbox)).filter((e) => e.start.dateTime.startsWith(START.slice(0, 16))).length;
  return { events, confirmations: await confirmations() };
}

const report = (label: string, o: Outcome) => console.log(`${label}: ${GUESTS} concurrent bookings of one slot → ${o.won} booked, ${o.refused} refused ("This time was just taken"), ` +
  `${o.other.length} other${o.other.length ? ` (${o.other.join('; ')})` : ''}; ${o.events} Outlook event, ${o.confirmations} confirmation sent; all answered in ${o.ms.toFixed(0)} ms`);

// SQLite, one process (Tandem in this process).
{
  const b = await schedulingBench();
  try {
    const o = await race([b.env.url], b.slug);
    const c = await countAfter(b.sandbox, b.owner.mailboxId, async () => Number((await b.env.database.db.selectFrom('bookings').select((eb) => eb.fn.countAll().as('n')).where('confirmation', '=', 'sent').executeTakeFirst())?.n ?? 0));
    report('SQLite, 1 process', { ...o, ...c });
  } finally {
    await b.close();
  }
}

// PostgreSQL, two processes.
{
  process.env.TEST_PG_URL ??= execFileSync('bash', ['scripts/test-env.sh'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n').pop()!;
  const sandbox = await startSandboxProcess({ notificationDelayMs: 0 });
  const procs: TandemProcess[] = [];
  try {
    const databaseUrl = await freshDatabaseUrl('postgres');
    const [olga] = await calendarTenant(sandbox, ['olga']);
    const shared = {
      DATABASE_URL: databaseUrl, TANDEM_SECRET_KEY: randomBytes(32).toString('hex'), MS_LOGIN_URL: sandbox.urls.login, MS_GRAPH_URL: sandbox.urls.graph,
      MS_CA_FILE: sandbox.caFile, BOOKING_LIMIT_PER_IP: '100000', BOOKING_LIMIT_PER_PAGE: '100000', LOG_LEVEL: 'error',
    };
    let app: { clientId: string; clientSecret: string } | undefined;
    for (let i = 0; i < 2; i++) {
      procs.push(await startTandemOnFreePort(async (port) => {
        const publicUrl = `http://127.0.0.1:${port}`;
        app ??= await registerApp(sandbox, { redirectUris: [`${publicUrl}/auth/microsoft/callback`] });
        return { ...shared, PUBLIC_URL: publicUrl, TANDEM_DATA_DIR: mkdtempSync(join(tmpdir(), `tandem-race-${i}-`)), MS_CLIENT_ID: app.clientId, MS_CLIENT_SECRET: app.clientSecret };
      }));
    }
    const api = new ApiClient(procs[0]!.url);
    await api.signup();
    const connected = await connectMicrosoft({ api, sandbox, upn: olga!.upn, password: olga!.password, features: ['calendar', 'mail', 'sendMail'] });
    if (!connected.ok) throw new Error(`connect failed: ${connected.error ?? connected.callbackStatus}`);
    const page = await api.request<{ id: string }>('POST', '/api/scheduling/pages', openPageBody('race', { durations: [15], slotInterval: 15, questions: [] }));
    if (page.status !== 201) throw new Error(`page: ${page.status} ${JSON.stringify(page.body)}`);
    // The owner's calendar must be synced before free times are known to both processes.
    await waitFor(async () => (await api.request<{ slots: string[] }>('GET', `/api/public/book/race/slots?from=${utcAt(2, 0)}&to=${utcAt(3, 0)}&duration=15`)).body.slots?.includes(START), { timeoutMs: 30_000 });
    const o = await race(procs.map((p) => p.url), 'race');
    const c = await countAfter(sandbox, olga!.id, async () => {
      const list = await api.request<{ items: Array<{ confirmation: string }> }>('GET', `/api/scheduling/pages/${page.body.id}/bookings`);
      return list.body.items.filter((x) => x.confirmation === 'sent').length;
    });
    report('PostgreSQL, 2 processes', { ...o, ...c });
  } finally {
    for (const p of procs) await p.stop();
    await sandbox.close();
  }
}
console.log(`load average: ${await loadAverage()}`);
