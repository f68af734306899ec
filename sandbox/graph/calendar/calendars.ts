import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../../core/context.js';
import { badRequest } from '../http/errors.js';
import { graphBase, graphRoute } from '../http/route.js';
import { calendarOr404 } from './common.js';
import { newCalendarId, newChangeKey } from './ids.js';
import type { CalendarRow } from './schema.js';
import { calendarsOf, ensureCalendar } from './store.js';

export function calendarJson(ctx: SandboxContext, c: CalendarRow) {
  const owner = ctx.directory.userById(c.user_id);
  return {
    id: c.id,
    name: c.name,
    color: c.color,
    hexColor: '',
    isDefaultCalendar: c.is_default === 1,
    changeKey: c.change_key,
    canShare: true,
    canViewPrivateItems: true,
    canEdit: true,
    allowedOnlineMeetingProviders: JSON.parse(c.allowed_json) as string[],
    defaultOnlineMeetingProvider: c.default_provider,
    isTallyingResponses: true,
    isRemovable: c.is_default !== 1,
    owner: { name: owner?.displayName ?? '', address: owner?.mail ?? '' },
  };
}

export function registerCalendarRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const read = ['Calendars.ReadBasic'] as const;
  graphRoute(app, ctx, {
    method: 'GET', path: '/calendar', permissions: [...read],
    handler: (c) => ({ '@odata.context': `${graphBase(c.ctx, c.req)}/v1.0/$metadata#users('${c.userId}')/calendar/$entity`, ...calendarJson(c.ctx, ensureCalendar(c.ctx, c.userId)) }),
  });
  graphRoute(app, ctx, {
    method: 'GET', path: '/calendars/:calendarId', permissions: [...read],
    handler: (c) => ({ '@odata.context': `${graphBase(c.ctx, c.req)}/v1.0/$metadata#users('${c.userId}')/calendars/$entity`, ...calendarJson(c.ctx, calendarOr404(c)) }),
  });
  graphRoute(app, ctx, {
    method: 'GET', path: '/calendars', permissions: [...read],
    handler: (c) => {
      ensureCalendar(c.ctx, c.userId);
      return { '@odata.context': `${graphBase(c.ctx, c.req)}/v1.0/$metadata#users('${c.userId}')/calendars`, value: calendarsOf(c.ctx.db, c.userId).map((r) => calendarJson(c.ctx, r)) };
    },
  });
  graphRoute(app, ctx, {
    method: 'POST', path: '/calendars', permissions: ['Calendars.ReadWrite'],
    handler: (c) => {
      const name = typeof c.body.name === 'string' ? c.body.name.trim() : '';
      if (!name) throw badRequest("A calendar needs a 'name'.", 'ErrorInvalidRequest');
      const def = ensureCalendar(c.ctx, c.userId);
      if (calendarsOf(c.ctx.db, c.userId).some((r) => r.name.toLowerCase() === name.toLowerCase())) {
        throw badRequest('A folder with the specified name already exists.', 'ErrorFolderExists');
      }
      const id = newCalendarId();
      c.ctx.db.prepare(`INSERT INTO ge_calendar (id, user_id, name, is_default, color, change_key, allowed_json, default_provider, created)
        VALUES (?, ?, ?, 0, 'auto', ?, ?, ?, ?)`).run(id, c.userId, name, newChangeKey(), def.allowed_json, def.default_provider, c.ctx.now());
      c.reply.code(201);
      return calendarJson(c.ctx, calendarOr404({ ...c, params: { ...c.params, calendarId: id } }));
    },
  });
}

/** Sets which online meeting providers a user's calendars (or one of them) allow (control API): e.g. ['unknown'] for no Teams. */
export function setProviders(ctx: SandboxContext, userId: string, allowed: string[], defaultProvider: string, calendarId?: string): void {
  ensureCalendar(ctx, userId);
  ctx.db.prepare('UPDATE ge_calendar SET allowed_json = ?, default_provider = ?, change_key = ? WHERE user_id = ? AND (? IS NULL OR id = ?)')
    .run(JSON.stringify(allowed), defaultProvider, newChangeKey(), userId, calendarId ?? null, calendarId ?? null);
}
