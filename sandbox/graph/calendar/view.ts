import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../../core/context.js';
import { badRequest, itemNotFound } from '../http/errors.js';
import { graphBase, graphRoute, type GraphCall } from '../http/route.js';
import { parseSkip, parseTop } from '../odata/query.js';
import { calendarOr404, eventOr404, eventView, reading } from './common.js';
import { refuseUnsupported } from './events.js';
import { instancesOf, rowInstance, type Instance } from './instances.js';
import { eventJson } from './serialize.js';
import { exceptionsOf } from './store.js';
import { parseInstant } from './time.js';
import { windowInstances } from './window.js';

export function windowOf(call: GraphCall): { from: number; to: number } {
  const q = call.query;
  const from = parseInstant(q.startDateTime ?? q.startdatetime, 'startDateTime');
  const to = parseInstant(q.endDateTime ?? q.enddatetime, 'endDateTime');
  if (to <= from) throw badRequest('The end of the time window must be after its start.', 'ErrorInvalidParameter');
  return { from, to };
}

/** A page of instances with $top/$skip, as calendarView and instances answer. */
function pageOf(call: GraphCall, all: Instance[], context: string) {
  refuseUnsupported(call, ['$filter', '$search', '$orderby', '$expand']);
  const top = parseTop(call.query.$top, 10, 1000);
  const skip = parseSkip(call.query.$skip);
  const v = eventView(call);
  const base = graphBase(call.ctx, call.req);
  const body: Record<string, unknown> = { '@odata.context': `${base}/v1.0/$metadata#${context}` };
  if (all.length > skip + top) {
    const next = new URLSearchParams();
    for (const [k, val] of Object.entries(call.query)) if (k !== '$skip' && val !== undefined) next.set(k, val);
    next.set('$skip', String(skip + top));
    body['@odata.nextLink'] = `${base}${call.req.url.split('?')[0]}?${next.toString()}`;
  }
  const head = JSON.stringify(body);
  call.reply.type('application/json; charset=utf-8');
  return `${head.slice(0, -1)},"value":[${all.slice(skip, skip + top).map((i) => eventJson(i, v)).join(',')}]}`;
}

function calendarView(call: GraphCall) {
  reading(call);
  const { from, to } = windowOf(call);
  const cal = calendarOr404(call);
  return pageOf(call, windowInstances(call.ctx.db, cal.id, from, to), `users('${call.userId}')/calendarView`);
}

/** GET /events/{masterId}/instances: a series' occurrences and exceptions in the window. */
function instances(call: GraphCall) {
  reading(call);
  const { from, to } = windowOf(call);
  const inst = eventOr404(call);
  if (inst.kind !== 'seriesMaster') throw itemNotFound();
  const master = inst.row;
  const db = call.ctx.db;
  const all = [...instancesOf(db, master, from, to), ...exceptionsOf(db, master.pk).flatMap((e) => instancesOf(db, e, from, to).map(() => rowInstance(db, e, master)))];
  return pageOf(call, all.sort((a, b) => a.start - b.start), `users('${call.userId}')/events('${master.id}')/instances`);
}

export function registerViewRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  for (const prefix of ['', '/calendar', '/calendars/:calendarId']) {
    graphRoute(app, ctx, { method: 'GET', path: `${prefix}/calendarView`, permissions: ['Calendars.ReadBasic'], handler: calendarView });
    graphRoute(app, ctx, { method: 'GET', path: `${prefix}/events/:eventId/instances`, permissions: ['Calendars.ReadBasic'], handler: instances });
  }
}
