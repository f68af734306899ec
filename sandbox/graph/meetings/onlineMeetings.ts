import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../../core/context.js';
import { GraphError } from '../http/errors.js';
import { graphBase, graphRoute, type GraphCall } from '../http/route.js';
import { refuseConsumer, refuseWithoutTeams } from './eligibility.js';
import { takeMeetingFailure } from './failures.js';
import { buildMeeting } from './meeting.js';
import { deleteMeeting, insertMeeting, meetingOf, onlineMeetingsSchema, type MeetingJson } from './store.js';

export { onlineMeetingsSchema };

const context = (call: GraphCall) => `${graphBase(call.ctx, call.req)}/v1.0/$metadata#users('${call.userId}')/onlineMeetings/$entity`;

/** POST /me/onlineMeetings: a join link and nothing else; no calendar event is created. */
function create(call: GraphCall) {
  refuseConsumer(call.ctx, call.userId);
  refuseWithoutTeams(call.ctx, call.userId);
  takeMeetingFailure(call.ctx, call.userId);
  const meeting = buildMeeting(call.ctx, call.ctx.directory.userById(call.userId)!, call.body);
  insertMeeting(call.ctx.db, call.userId, meeting);
  call.reply.code(201);
  return { '@odata.context': context(call), ...meeting };
}

function find(call: GraphCall): MeetingJson {
  refuseConsumer(call.ctx, call.userId);
  const meeting = meetingOf(call.ctx.db, call.userId, call.params.meetingId ?? '');
  if (!meeting) throw new GraphError(404, 'NotFound', 'The onlineMeeting was not found.');
  return meeting;
}

/** Standalone Teams meetings (`/me/onlineMeetings`), behind the same pipeline as every Outlook route. */
export function registerOnlineMeetingRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const permissions = ['OnlineMeetings.ReadWrite'] as const;
  graphRoute(app, ctx, { method: 'POST', path: '/onlineMeetings', permissions: [...permissions], handler: create });
  graphRoute(app, ctx, {
    method: 'GET', path: '/onlineMeetings/:meetingId', permissions: [...permissions],
    handler: (call) => ({ '@odata.context': context(call), ...find(call) }),
  });
  graphRoute(app, ctx, {
    method: 'DELETE', path: '/onlineMeetings/:meetingId', permissions: [...permissions],
    handler: (call) => {
      deleteMeeting(call.ctx.db, find(call).id);
      return call.reply.code(204).send();
    },
  });
}
