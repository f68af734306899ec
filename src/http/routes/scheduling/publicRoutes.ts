import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { openPage, bookSlot } from '../../../app/scheduling/book.js';
import { pageSlots } from '../../../app/scheduling/availability.js';
import type { SchedulingDeps } from '../../../app/scheduling/deps.js';
import type { GuestInput } from '../../../app/scheduling/guestInput.js';
import { guestBookingView, publicPageView } from '../../../app/scheduling/guestViews.js';
import { bookingByToken, cancelByGuest, rescheduleByGuest } from '../../../app/scheduling/manage.js';
import { DomainError, invalid } from '../../../crm/errors.js';
import { instant } from '../../../crm/meetingInput.js';
import { isMicrosoftError } from '../../../microsoft/graph/errors.js';
import { sendError } from '../../errors.js';
import { RequestLimiter } from '../../rateLimit.js';
import { guestBookingSchema, publicPageSchema, withErrors } from './schemas.js';

const tags = ['booking (public)'];
const slugParams = { type: 'object', properties: { slug: { type: 'string', minLength: 1, maxLength: 60 } }, required: ['slug'], additionalProperties: false } as const;
const tokenParams = { type: 'object', properties: { token: { type: 'string', minLength: 1, maxLength: 200 } }, required: ['token'], additionalProperties: false } as const;
const DAY = 86_400_000;

/**
 * /api/public/book: what a guest uses, with no sign-in. Rate-limited per address and per page; a
 * missing, disabled or unknown page all answer the same 404, so nothing tells whether a slug exists.
 */
export function publicBookingRoutes(deps: SchedulingDeps) {
  const reads = new RequestLimiter(240, 60_000);
  const { perIpPerMinute, perPagePerMinute } = deps.integration.config.bookingLimits;
  const writesPerIp = new RequestLimiter(perIpPerMinute, 60_000);
  const writesPerPage = new RequestLimiter(perPagePerMinute, 60_000);
  const limit = (ok: boolean) => {
    if (!ok) throw new DomainError('rate_limited', 'Too many requests: wait a minute and try again.');
  };
  const write = (request: FastifyRequest, page: string) => {
    limit(writesPerIp.take(request.ip));
    limit(writesPerPage.take(page));
  };

  return async (app: FastifyInstance): Promise<void> => {
    app.addHook('onRequest', async (request) => limit(reads.take(request.ip)));
    app.setErrorHandler((err: FastifyError, request, reply) => {
      if (isMicrosoftError(err)) {
        request.log.warn({ kind: err.kind, graphStatus: err.status, graphCode: err.code }, 'Microsoft 365 refused a booking call');
        return sendError(reply, 503, 'unavailable', 'The booking could not be completed right now. Please try again in a minute.');
      }
      throw err;
    });

    app.get<{ Params: { slug: string } }>('/api/public/book/:slug', { schema: { tags, params: slugParams, response: withErrors({ 200: publicPageSchema }) } }, async (request) => {
      const { page, account } = await openPage(deps, request.params.slug);
      return publicPageView(deps, page, account);
    });

    app.get<{ Params: { slug: string }; Querystring: { from: string; to: string; duration?: string; except?: string } }>('/api/public/book/:slug/slots', {
      schema: {
        tags, params: slugParams,
        querystring: {
          type: 'object',
          properties: {
            from: { type: 'string', maxLength: 64 }, to: { type: 'string', maxLength: 64 }, duration: { type: 'string', pattern: '^[0-9]{1,3}$' },
            except: { type: 'string', maxLength: 200, description: 'a guest token: when rescheduling, that booking does not block its own time' },
          },
          required: ['from', 'to'], additionalProperties: false,
        },
        response: withErrors({ 200: { type: 'object', properties: { duration: { type: 'integer' }, slots: { type: 'array', items: { type: 'string' } } }, required: ['duration', 'slots'] } }),
      },
    }, async (request) => {
      const { page, account } = await openPage(deps, request.params.slug);
      const from = Date.parse(instant('from', request.query.from));
      const to = Date.parse(instant('to', request.query.to));
      if (to <= from) throw invalid('to', 'must be after from');
      if (to - from > 62 * DAY) throw invalid('to', 'must be at most 62 days after from');
      const duration = request.query.duration ? Number(request.query.duration) : page.durations[0]!;
      if (!page.durations.includes(duration)) throw invalid('duration', `must be one of ${page.durations.join(', ')} minutes`);
      const except = request.query.except ? await bookingByToken(deps, request.query.except) : undefined;
      return pageSlots(deps, page, account, { from, to, duration, ...(except && except.pageId === page.id ? { exceptBookingId: except.id, exceptMeetingId: except.meetingId ?? undefined } : {}) });
    });

    app.post<{ Params: { slug: string }; Body: GuestInput }>('/api/public/book/:slug', {
      schema: {
        tags, params: slugParams,
        body: {
          type: 'object',
          properties: {
            start: { type: 'string', minLength: 1, maxLength: 64 }, duration: { type: 'integer' },
            name: { type: 'string', minLength: 1, maxLength: 200 }, email: { type: 'string', minLength: 3, maxLength: 254 },
            timeZone: { type: 'string', minLength: 1, maxLength: 64 },
            answers: { type: 'object', maxProperties: 10, additionalProperties: { type: 'string', maxLength: 2_000 } },
          },
          required: ['start', 'name', 'email', 'timeZone'], additionalProperties: false,
        },
        response: withErrors({ 201: guestBookingSchema, 202: guestBookingSchema }),
        description: '201 once confirmed (or failed cleanly, with a message); 202 while still being confirmed: poll /api/public/bookings/{id}',
      },
    }, async (request, reply) => {
      write(request, request.params.slug.toLowerCase());
      const booking = await bookSlot(deps, request.params.slug, request.body);
      return reply.status(booking.status === 'pending' ? 202 : 201).send(await guestBookingView(deps, booking));
    });

    app.get<{ Params: { token: string } }>('/api/public/bookings/:token', { schema: { tags, params: tokenParams, response: withErrors({ 200: guestBookingSchema }) } },
      async (request) => guestBookingView(deps, await bookingByToken(deps, request.params.token)));

    app.post<{ Params: { token: string }; Body: { start: string } }>('/api/public/bookings/:token/reschedule', {
      schema: {
        tags, params: tokenParams,
        body: { type: 'object', properties: { start: { type: 'string', minLength: 1, maxLength: 64 } }, required: ['start'], additionalProperties: false },
        response: withErrors({ 200: guestBookingSchema }),
      },
    }, async (request) => {
      write(request, `token:${request.params.token}`);
      return guestBookingView(deps, await rescheduleByGuest(deps, request.params.token, request.body.start));
    });

    app.post<{ Params: { token: string } }>('/api/public/bookings/:token/cancel', { schema: { tags, params: tokenParams, response: withErrors({ 200: guestBookingSchema }) } }, async (request) => {
      write(request, `token:${request.params.token}`);
      return guestBookingView(deps, await cancelByGuest(deps, request.params.token));
    });
  };
}
