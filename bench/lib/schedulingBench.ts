/** Shared set-up for the scheduling benchmarks: the sandbox in its own process, Tandem on SQLite, an owner with calendar and mail, one open page. */
import type { MicrosoftTestEnv } from '../../test/helpers/microsoft.js';
import { control, type TestSandbox } from '../../test/helpers/sandbox.js';
import { calendarTenant, connectCalendar, type CalendarUser } from '../../test/microsoft/calendarHelpers.js';
import { startSyncEnv } from '../../test/microsoft/syncHelpers.js';
import { openPageBody } from '../../test/scheduling/schedulingHarness.js';
import { startSandboxProcess } from '../env.js';

export interface SchedulingBench {
  sandbox: TestSandbox;
  env: MicrosoftTestEnv;
  owner: CalendarUser;
  slug: string;
  close(): Promise<void>;
}

/** `busyEvents` generated Outlook events over the next 60 days, synced; a page open all day every day, 15-minute slots. */
export async function schedulingBench(busyEvents = 0, features = ['calendar', 'mail', 'sendMail']): Promise<SchedulingBench> {
  const sandbox = await startSandboxProcess({ notificationDelayMs: 0 });
  const { env } = await startSyncEnv(sandbox, 'sqlite', { bookingLimits: { perIpPerMinute: 100_000, perPagePerMinute: 100_000 } });
  const [olga] = await calendarTenant(sandbox, ['olga']);
  if (busyEvents) await control(sandbox, 'POST', `/control/calendar/${olga!.id}/generate`, { events: busyEvents, series: 0, daysBack: 0, daysAhead: 60 });
  const owner = await connectCalendar(env, sandbox, olga!, { features });
  const slug = 'bench-page';
  const res = await owner.api.request('POST', '/api/scheduling/pages', openPageBody(slug, {
    durations: [15], slotInterval: 15, daysAhead: 60, questions: [],
    availability: { source: 'custom', weekly: Object.fromEntries(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((d) => [d, [['00:00', '24:00']]])) },
  }));
  if (res.status !== 201) throw new Error(`page: ${res.status} ${JSON.stringify(res.body)}`);
  return { sandbox, env, owner, slug, async close() { await env.close(); await sandbox.close(); } };
}
