/** Shared set-up for the calendar tests: connected users with Outlook calendars in the sandbox, and its control API. */
import { randomBytes } from 'node:crypto';
import type { MicrosoftTestEnv } from '../helpers/microsoft.js';
import { accountIdOf, connectMicrosoft } from '../helpers/microsoft.js';
import { control, createTenantWithUsers, type TestSandbox } from '../helpers/sandbox.js';
import type { ApiClient } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';
import { initialDone, type ConnectedUser } from './syncHelpers.js';

export interface CalendarUser extends ConnectedUser {
  address: string;
  workspaceId: string;
}

export interface SandboxEvent {
  id: string;
  iCalUId: string;
  type: string;
  subject: string;
  changeKey: string;
  transactionId: string | null;
  seriesMasterId: string | null;
  start: { dateTime: string; timeZone: string };
  end: { dateTime: string; timeZone: string };
  location?: { displayName?: string };
  isOnlineMeeting: boolean;
  onlineMeeting: { joinUrl: string } | null;
  attendees: Array<{ emailAddress: { address: string; name?: string } }>;
  body?: { content?: string };
}

export interface CalendarStats {
  readsByMailbox: Record<string, number>;
  writesByMailbox: Record<string, number>;
  invitationsSent: number;
  updatesSent: number;
  cancellationsSent: number;
  delayedJoinUrls: number;
  transactionReplays: number;
}

/** A tenant with `names` users (ann, bob, ...); every user's password is `pw-<name>-1`. */
export async function calendarTenant(sandbox: TestSandbox, names: string[] = ['ann']): Promise<Array<{ id: string; upn: string; password: string }>> {
  const domain = `k${randomBytes(4).toString('hex')}.test`;
  const { users } = await createTenantWithUsers(sandbox, { domain, users: names.map((n) => ({ userPrincipalName: n, password: `pw-${n}-1` })) });
  return users.map((u, i) => ({ id: u.id, upn: u.userPrincipalName, password: `pw-${names[i]}-1` }));
}

/**
 * Connects a Tandem user (a new one, or `api` as it is) to a sandbox user with the calendar granted
 * and waits for the initial calendar round to finish.
 */
export async function connectCalendar(env: MicrosoftTestEnv, sandbox: TestSandbox, user: { id: string; upn: string; password: string }, o: { api?: ApiClient; features?: string[] } = {}): Promise<CalendarUser> {
  const api = o.api ?? env.client();
  if (!o.api) await api.signup();
  const r = await connectMicrosoft({ api, sandbox, upn: user.upn, password: user.password, features: o.features ?? ['calendar'] });
  if (!r.ok) throw new Error(`connect failed: ${r.error ?? r.callbackStatus}`);
  const accountId = (await accountIdOf(env, api))!;
  await waitFor(async () => (await initialDone(env, accountId)) && (await calendarStates(env, accountId)) > 0, { timeoutMs: 60_000, message: 'initial calendar sync never finished' });
  const account = (await env.integration.accounts.byId(accountId))!;
  return { api, upn: user.upn, mailboxId: user.id, accountId, address: user.upn.toLowerCase(), workspaceId: account.workspaceId };
}

async function calendarStates(env: MicrosoftTestEnv, accountId: string): Promise<number> {
  const rows = await env.database.db.selectFrom('microsoft_sync_states').select('scope_key').where('account_id', '=', accountId).where('resource', '=', 'calendar').execute();
  return rows.length;
}

/** Makes `member` a member of `owner`'s workspace and switches its session there. */
export async function joinWorkspace(owner: ApiClient, member: ApiClient): Promise<string> {
  const session = await owner.request<{ workspace: { id: string } }>('GET', '/api/session');
  const wsId = session.body.workspace.id;
  const added = await owner.request('POST', `/api/workspaces/${wsId}/members`, { email: member.user!.email });
  if (added.status >= 300) throw new Error(`add member: ${added.status} ${JSON.stringify(added.body)}`);
  const sw = await member.request('POST', '/api/session/workspace', { workspaceId: wsId });
  if (sw.status >= 300) throw new Error(`switch workspace: ${sw.status} ${JSON.stringify(sw.body)}`);
  return wsId;
}

/** An event made "in Outlook" by `user` (organizer), times in UTC wall clock. */
export async function outlookCreate(sandbox: TestSandbox, user: string, body: Record<string, unknown>): Promise<SandboxEvent> {
  return control<SandboxEvent>(sandbox, 'POST', `/control/calendar/${encodeURIComponent(user)}/events`, body);
}

export async function outlookPatch(sandbox: TestSandbox, user: string, id: string, body: Record<string, unknown>): Promise<SandboxEvent> {
  return control<SandboxEvent>(sandbox, 'PATCH' as 'PUT', `/control/calendar/${encodeURIComponent(user)}/events/${id}`, body);
}

export async function outlookDelete(sandbox: TestSandbox, user: string, id: string): Promise<void> {
  await control(sandbox, 'DELETE', `/control/calendar/${encodeURIComponent(user)}/events/${id}`);
}

/** The user's events as the sandbox holds them (series masters and single events; no window: no occurrences). */
export async function outlookEvents(sandbox: TestSandbox, user: string, window?: { start: string; end: string }): Promise<SandboxEvent[]> {
  const q = window ? `?startDateTime=${encodeURIComponent(window.start)}&endDateTime=${encodeURIComponent(window.end)}` : '';
  return (await control<{ value: SandboxEvent[] }>(sandbox, 'GET', `/control/calendar/${encodeURIComponent(user)}/events${q}`)).value;
}

export const calendarStats = (sandbox: TestSandbox) => control<CalendarStats>(sandbox, 'GET', '/control/calendar/stats');
export const writesOf = async (sandbox: TestSandbox, mailbox: string) => (await calendarStats(sandbox)).writesByMailbox[mailbox] ?? 0;

/** A UTC wall-clock body for an event `days` from today at `hour`:00 for an hour. */
export function slot(days: number, hour = 9, minutes = 60): { start: { dateTime: string; timeZone: string }; end: { dateTime: string; timeZone: string } } {
  const day = Math.floor(Date.now() / 86_400_000) * 86_400_000 + days * 86_400_000 + hour * 3_600_000;
  const wall = (ms: number) => new Date(ms).toISOString().slice(0, 19);
  return { start: { dateTime: wall(day), timeZone: 'UTC' }, end: { dateTime: wall(day + minutes * 60_000), timeZone: 'UTC' } };
}

export const iso = (days: number, hour = 9, minutes = 0) => new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000 + days * 86_400_000 + hour * 3_600_000 + minutes * 60_000).toISOString();

/** The account's synced rows of one event by its iCalUId. */
export async function rowsByUid(env: MicrosoftTestEnv, uid: string) {
  return env.database.db.selectFrom('calendar_events').selectAll().where('ical_uid', '=', uid).execute();
}

export async function participantsOf(env: MicrosoftTestEnv, activityId: string): Promise<string[]> {
  return (await env.database.db.selectFrom('activity_participants').select('person_id').where('activity_id', '=', activityId).execute()).map((r) => r.person_id).sort();
}
