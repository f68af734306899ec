import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../core/context.js';
import { badRequest } from './http/errors.js';
import { graphBase, graphRoute } from './http/route.js';
import { zoneOr400 } from './calendar/zones.js';
import { readSettings, writeSettings, type MailboxSettingsData } from './mail/mailbox.js';

const STATUSES = ['disabled', 'alwaysEnabled', 'scheduled'];
const AUDIENCES = ['none', 'contactsOnly', 'all'];

/** Validates and merges an automaticRepliesSetting change (from PATCH or the control API). */
export function mergeAutomaticReplies(current: MailboxSettingsData, change: Record<string, unknown>): MailboxSettingsData {
  if (change.status !== undefined && !STATUSES.includes(String(change.status))) throw badRequest(`Invalid status '${String(change.status)}'.`);
  if (change.externalAudience !== undefined && !AUDIENCES.includes(String(change.externalAudience))) throw badRequest('Invalid externalAudience.');
  const allowed = ['status', 'externalAudience', 'scheduledStartDateTime', 'scheduledEndDateTime', 'internalReplyMessage', 'externalReplyMessage'];
  const picked = Object.fromEntries(Object.entries(change).filter(([k]) => allowed.includes(k)));
  return { ...current, automaticRepliesSetting: { ...current.automaticRepliesSetting, ...picked } as MailboxSettingsData['automaticRepliesSetting'] };
}

export function registerMailboxSettingsRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  graphRoute(app, ctx, {
    method: 'GET', path: '/mailboxSettings', permissions: ['MailboxSettings.Read'],
    handler: (c) => ({
      '@odata.context': `${graphBase(c.ctx, c.req)}/v1.0/$metadata#users('${c.userId}')/mailboxSettings`,
      ...readSettings(c.ctx.db, c.userId),
    }),
  });
  graphRoute(app, ctx, {
    method: 'GET', path: '/mailboxSettings/automaticRepliesSetting', permissions: ['MailboxSettings.Read'],
    handler: (c) => ({
      '@odata.context': `${graphBase(c.ctx, c.req)}/v1.0/$metadata#users('${c.userId}')/mailboxSettings/automaticRepliesSetting`,
      ...readSettings(c.ctx.db, c.userId).automaticRepliesSetting,
    }),
  });
  graphRoute(app, ctx, {
    method: 'PATCH', path: '/mailboxSettings', permissions: ['MailboxSettings.ReadWrite'],
    handler: (c) => {
      let s = readSettings(c.ctx.db, c.userId);
      const b = c.body;
      if (b.automaticRepliesSetting && typeof b.automaticRepliesSetting === 'object') s = mergeAutomaticReplies(s, b.automaticRepliesSetting as Record<string, unknown>);
      // Windows or IANA names, as for events; anything else is refused like an event's unknown zone.
      if (typeof b.timeZone === 'string') {
        zoneOr400(b.timeZone);
        s = { ...s, timeZone: b.timeZone };
      }
      if (b.workingHours && typeof b.workingHours === 'object') {
        const wh = b.workingHours as { timeZone?: { name?: unknown } };
        if (wh.timeZone?.name !== undefined) zoneOr400(wh.timeZone.name);
        s = { ...s, workingHours: { ...s.workingHours, ...(b.workingHours as object) } };
      }
      writeSettings(c.ctx.db, c.userId, s);
      return s;
    },
  });
}
