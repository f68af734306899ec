/** Shared set-up for the calendar benchmarks: the sandbox in its own process, Tandem on SQLite, one user with the calendar granted. */
import { fetch } from 'undici';
import type { MicrosoftTestEnv } from '../../test/helpers/microsoft.js';
import { calendarTenant, connectCalendar, type CalendarUser } from '../../test/microsoft/calendarHelpers.js';
import { control, type TestSandbox } from '../../test/helpers/sandbox.js';
import { startSyncEnv } from '../../test/microsoft/syncHelpers.js';
import { startSandboxProcess } from '../env.js';

export interface CalendarBench {
  sandbox: TestSandbox;
  env: MicrosoftTestEnv;
  user: CalendarUser;
  close(): Promise<void>;
}

/** A calendar of `events` generated events (`series` of them weekly series) in the sandbox, connected and synced. */
export async function calendarBench(events: number, series = 0): Promise<CalendarBench> {
  const sandbox = await startSandboxProcess({ notificationDelayMs: 0 });
  const { env } = await startSyncEnv(sandbox, 'sqlite');
  const [ann] = await calendarTenant(sandbox, ['ann']);
  if (events) await control(sandbox, 'POST', `/control/calendar/${ann!.id}/generate`, { events, series });
  const user = await connectCalendar(env, sandbox, ann!);
  return { sandbox, env, user, async close() { await env.close(); await sandbox.close(); } };
}

/**
 * An SSE client of Tandem's /api/events: calls `on` with each event of `type`, with the time its
 * bytes arrived (taken before anything else is done with them).
 */
export async function sseClient(env: MicrosoftTestEnv, cookie: string, type: string, on: (data: unknown, at: number) => Promise<void> | void): Promise<AbortController> {
  const controller = new AbortController();
  const res = await fetch(`${env.url}/api/events`, { headers: { cookie: `tandem_session=${cookie}` }, signal: controller.signal });
  if (res.status !== 200 || !res.body) throw new Error(`SSE answered ${res.status}`);
  void (async () => {
    let buf = '';
    for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
      const at = performance.now();
      buf += Buffer.from(chunk).toString();
      for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
        const frame = buf.slice(0, i);
        buf = buf.slice(i + 2);
        if (!frame.startsWith(`event: ${type}`)) continue;
        await on(JSON.parse(frame.slice(frame.indexOf('data: ') + 6)), at);
      }
    }
  })().catch(() => undefined);
  return controller;
}

export const setGraphLatency = (sandbox: TestSandbox, latencyMs: number) => control(sandbox, 'PUT', '/control/mail/throttling', { latencyMs });

export async function loadAverage(): Promise<string> {
  const { loadavg } = await import('node:os');
  return loadavg().map((n) => n.toFixed(2)).join(', ');
}
