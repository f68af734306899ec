import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../../core/context.js';
import { joinUrl } from '../calendar/ids.js';
import { ensureCalendar } from '../calendar/store.js';
import { GraphError } from '../http/errors.js';
import { graphRoute, type GraphCall } from '../http/route.js';

/** Standalone Teams meetings (`/me/onlineMeetings`): a join link with no calendar event. */
export const onlineMeetingsSchema = `
CREATE TABLE IF NOT EXISTS om_meeting (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  json TEXT NOT NULL
);`;

const HOUR = 3_600_000;

function time(call: GraphCall, field: string, fallback: number): number {
  const v = call.body[field];
  if (v === undefined || v === null) return fallback;
  const t = typeof v === 'string' ? Date.parse(v) : NaN;
  if (Number.isNaN(t)) throw new GraphError(400, 'BadRequest', `Invalid value for '${field}'.`);
  return t;
}

function create(call: GraphCall) {
  const user = call.ctx.directory.userById(call.userId)!;
  // Teams needs a work or school account whose calendar allows Teams (the calendar's providers stand in for the licence).
  const allowed = JSON.parse(ensureCalendar(call.ctx, call.userId).allowed_json) as string[];
  if (!allowed.includes('teamsForBusiness')) {
    throw new GraphError(403, 'Forbidden', 'The user is not licensed to create Microsoft Teams meetings.');
  }
  const start = time(call, 'startDateTime', call.ctx.now());
  const end = time(call, 'endDateTime', start + HOUR);
  if (end <= start) throw new GraphError(400, 'BadRequest', "'endDateTime' must be after 'startDateTime'.");
  const id = `MSo${randomBytes(40).toString('base64url')}`;
  const url = joinUrl(user.tenantId, user.id);
  const meeting = {
    id,
    creationDateTime: new Date(call.ctx.now()).toISOString(),
    startDateTime: new Date(start).toISOString(),
    endDateTime: new Date(end).toISOString(),
    joinWebUrl: url,
    subject: typeof call.body.subject === 'string' ? call.body.subject : null,
    chatInfo: { threadId: decodeURIComponent(url.split('/')[5] ?? ''), messageId: '0', replyChainMessageId: null },
    joinMeetingIdSettings: { joinMeetingId: String(100_000_000_000 + (randomBytes(4).readUInt32BE() % 900_000_000_000)), passcode: randomBytes(4).toString('hex'), isPasscodeRequired: true },
    participants: { organizer: { upn: user.userPrincipalName, role: 'presenter', identity: { user: { id: user.id, displayName: user.displayName, tenantId: user.tenantId } } }, attendees: [] },
  };
  call.ctx.db.prepare('INSERT INTO om_meeting (id, user_id, json) VALUES (?, ?, ?)').run(id, call.userId, JSON.stringify(meeting));
  call.reply.code(201);
  return { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users/onlineMeetings/$entity', ...meeting };
}

function find(call: GraphCall): { json: string } {
  const row = call.ctx.db.prepare('SELECT json FROM om_meeting WHERE id = ? AND user_id = ?').get(call.params.meetingId, call.userId) as { json: string } | undefined;
  if (!row) throw new GraphError(404, 'NotFound', 'The onlineMeeting was not found.');
  return row;
}

export function registerOnlineMeetingRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  graphRoute(app, ctx, { method: 'POST', path: '/onlineMeetings', permissions: ['OnlineMeetings.ReadWrite'], handler: create });
  graphRoute(app, ctx, { method: 'GET', path: '/onlineMeetings/:meetingId', permissions: ['OnlineMeetings.ReadWrite'], handler: (call) => JSON.parse(find(call).json) as unknown });
  graphRoute(app, ctx, {
    method: 'DELETE', path: '/onlineMeetings/:meetingId', permissions: ['OnlineMeetings.ReadWrite'],
    handler: (call) => {
      find(call);
      call.ctx.db.prepare('DELETE FROM om_meeting WHERE id = ?').run(call.params.meetingId);
      call.reply.code(204);
      return null;
    },
  });
}
