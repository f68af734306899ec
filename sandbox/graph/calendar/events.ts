import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../../core/context.js';
import { graphBase, graphRoute, type GraphCall } from '../http/route.js';
import { parseSkip, parseTop } from '../odata/query.js';
import { badRequest } from '../http/errors.js';
import { calendarOr404, checkConcurrency, eventOr404, eventView, reading, writing } from './common.js';
import { rowInstance } from './instances.js';
import type { EventRow } from './schema.js';
import { eventJson, eventObject } from './serialize.js';
import { cancelEvent, createEvent, deleteInstance, patchEvent } from './write.js';

/** Query options the sandbox does not evaluate on event lists are refused rather than ignored. */
export function refuseUnsupported(call: GraphCall, names: string[]): void {
  for (const n of names) {
    if (call.query[n] !== undefined) throw badRequest(`The query option '${n}' is not supported by the sandbox on this collection.`, 'ErrorInvalidUrlQuery');
  }
}

/** GET /events: single events and series masters (not occurrences), by start; $top/$skip paging. */
function list(call: GraphCall) {
  reading(call);
  refuseUnsupported(call, ['$filter', '$search', '$orderby', '$expand']);
  const cal = call.params.calendarId !== undefined || call.req.url.includes('/calendar/') ? calendarOr404(call) : undefined;
  const top = parseTop(call.query.$top, 10, 1000);
  const skip = parseSkip(call.query.$skip);
  const scope = cal ? 'calendar_id = ?' : 'user_id = ?';
  const rows = call.ctx.db.prepare(`SELECT * FROM ge_event WHERE ${scope} AND type != 'exception' ORDER BY start_ms, pk LIMIT ? OFFSET ?`)
    .all(cal ? cal.id : call.userId, top + 1, skip) as EventRow[];
  const v = eventView(call);
  const base = graphBase(call.ctx, call.req);
  const body: Record<string, unknown> = { '@odata.context': `${base}/v1.0/$metadata#users('${call.userId}')/events` };
  if (rows.length > top) {
    const next = new URLSearchParams();
    for (const [k, val] of Object.entries(call.query)) if (k !== '$skip' && val !== undefined) next.set(k, val);
    next.set('$skip', String(skip + top));
    body['@odata.nextLink'] = `${base}${call.req.url.split('?')[0]}?${next.toString()}`;
  }
  const head = JSON.stringify(body);
  call.reply.type('application/json; charset=utf-8');
  return `${head.slice(0, -1)},"value":[${rows.slice(0, top).map((r) => eventJson(rowInstance(call.ctx.db, r), v)).join(',')}]}`;
}

function create(call: GraphCall) {
  writing(call);
  const { row } = createEvent(call.ctx, calendarOr404(call), call.body);
  call.reply.code(201);
  return eventObject(rowInstance(call.ctx.db, row), eventView(call, undefined));
}

function patch(call: GraphCall) {
  writing(call);
  const inst = eventOr404(call);
  checkConcurrency(call, inst.row);
  return eventObject(patchEvent(call.ctx, inst, call.body), eventView(call, undefined));
}

function remove(call: GraphCall) {
  writing(call);
  const inst = eventOr404(call);
  checkConcurrency(call, inst.row);
  deleteInstance(call.ctx, inst);
  return call.reply.code(204).send();
}

export function registerEventRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const read = ['Calendars.ReadBasic'] as const;
  const write = ['Calendars.ReadWrite'] as const;
  for (const prefix of ['', '/calendar', '/calendars/:calendarId']) {
    graphRoute(app, ctx, { method: 'GET', path: `${prefix}/events`, permissions: [...read], handler: list });
    graphRoute(app, ctx, { method: 'POST', path: `${prefix}/events`, permissions: [...write], handler: create });
    graphRoute(app, ctx, {
      method: 'GET', path: `${prefix}/events/:eventId`, permissions: [...read],
      handler: (call) => {
        reading(call);
        return eventObject(eventOr404(call), eventView(call));
      },
    });
    graphRoute(app, ctx, { method: 'PATCH', path: `${prefix}/events/:eventId`, permissions: [...write], handler: patch });
    graphRoute(app, ctx, { method: 'DELETE', path: `${prefix}/events/:eventId`, permissions: [...write], handler: remove });
    graphRoute(app, ctx, {
      method: 'POST', path: `${prefix}/events/:eventId/cancel`, permissions: [...write],
      handler: (call) => {
        writing(call);
        cancelEvent(call.ctx, eventOr404(call));
        return call.reply.code(202).send();
      },
    });
  }
}
