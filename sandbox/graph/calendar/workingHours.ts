import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../../core/context.js';
import { ensureMailbox, readSettings, writeSettings, type MailboxSettingsData } from '../mail/mailbox.js';
import { ianaOf } from './zones.js';

const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const fail = (status: number, message: string) => Object.assign(new Error(message), { statusCode: status });

/** `9:00`, `09:00:00` or Graph's own `09:00:00.0000000`, answered in Graph's form. */
function timeOfDay(value: unknown, field: string): string {
  const m = typeof value === 'string' ? /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d{1,7})?)?$/.exec(value.trim()) : null;
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59 || Number(m[3] ?? 0) > 59) throw fail(400, `'${field}' must be a time of day such as 09:00`);
  return `${m[1]!.padStart(2, '0')}:${m[2]}:${m[3] ?? '00'}.0000000`;
}

/** Applies a `{daysOfWeek?, startTime?, endTime?, timeZone?}` change; only what is given changes. */
export function mergeWorkingHours(current: MailboxSettingsData['workingHours'], b: Record<string, unknown>): MailboxSettingsData['workingHours'] {
  const next = { ...current };
  if (b.daysOfWeek !== undefined) {
    const days = Array.isArray(b.daysOfWeek) ? b.daysOfWeek.map((d) => String(d).toLowerCase()) : null;
    if (!days || days.some((d) => !DAYS.includes(d))) throw fail(400, `'daysOfWeek' must list days among ${DAYS.join(', ')}`);
    next.daysOfWeek = DAYS.filter((d) => days.includes(d));
  }
  if (b.startTime !== undefined) next.startTime = timeOfDay(b.startTime, 'startTime');
  if (b.endTime !== undefined) next.endTime = timeOfDay(b.endTime, 'endTime');
  if (next.endTime <= next.startTime) throw fail(400, "'endTime' must be after 'startTime'");
  if (b.timeZone !== undefined) {
    const name = typeof b.timeZone === 'string' ? b.timeZone : (b.timeZone as { name?: unknown } | null)?.name;
    if (typeof name !== 'string' || !ianaOf(name)) throw fail(400, "'timeZone' must be a Windows or IANA time zone name (or {name})");
    next.timeZone = { name };
  }
  return next;
}

/**
 * The user setting their working hours in Outlook: mailboxSettings.workingHours, which
 * getSchedule answers with. Tandem's app may only read them.
 */
export function registerWorkingHoursControl(app: FastifyInstance, ctx: SandboxContext): void {
  const user = (key: string): string => {
    const u = ctx.directory.userById(key) ?? ctx.directory.userByEmail(key);
    if (!u) throw fail(404, `no such user: ${key}`);
    ensureMailbox(ctx, u.id);
    return u.id;
  };
  app.get('/control/calendar/:user/working-hours', async (req) => {
    const userId = user((req.params as { user: string }).user);
    return { user: userId, workingHours: readSettings(ctx.db, userId).workingHours };
  });
  app.put('/control/calendar/:user/working-hours', async (req) => {
    const userId = user((req.params as { user: string }).user);
    const settings = readSettings(ctx.db, userId);
    const workingHours = mergeWorkingHours(settings.workingHours, (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>);
    writeSettings(ctx.db, userId, { ...settings, workingHours });
    return { user: userId, workingHours };
  });
}
