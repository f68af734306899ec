import type { Event } from '@microsoft/microsoft-graph-types';
import { unlinkMeeting } from '../../../crm/meetings.js';
import { isMicrosoftError, MicrosoftError } from '../../graph/errors.js';
import type { SyncContext } from '../contract.js';
import type { LinkRow, OutboxEntry, WriteBack, WriteResult } from '../writeBack.js';
import { defaultCalendarId } from './calendars.js';
import { bodyKeepingJoinBlock, graphEventBody, type EventWrite } from './eventPayload.js';
import { recordWritten } from './writeResult.js';
import { UTC_PREFERENCE } from './calendarResource.js';

/** A write's answer with the event Graph returned, for `applied` (ids, iCalUId, join URL). */
export interface EventWriteResult extends WriteResult {
  event: Event | null;
}

const utc = { prefer: UTC_PREFERENCE };
const path = (id: string) => `/me/events/${encodeURIComponent(id)}`;

/**
 * CRM meetings to Outlook: create (idempotent by transactionId), field-wise update, cancel.
 * A Teams meeting created without its join URL is not waited for here: the write-back is serial
 * per account, and seconds of waiting would hold up every write behind it. Outlook's later update
 * brings the URL through delta; a caller that needs it at once (a booking) reads it itself.
 */
export function calendarWriteBack(): WriteBack {
  return {
    async send(ctx, entry, link) {
      const w = (entry.payload ?? {}) as EventWrite;
      if (entry.op === 'create') return create(ctx, entry, w);
      const target = w.seriesMasterGraphId ?? link?.graph_id;
      if (!target) throw new MicrosoftError('notFound', 'the meeting never reached Outlook', { status: 404 });
      if (entry.op === 'delete') {
        // DELETE, not /cancel: it works for organizer and attendee alike, and on the organizer's
        // calendar Outlook itself sends the attendees the cancellation.
        await ctx.graph.request(ctx.account.id, { method: 'DELETE', path: path(target) });
        return null;
      }
      const body = graphEventBody(w, w.timeZone ?? 'UTC');
      if (w.notes !== undefined) {
        const current = await ctx.graph.get<Event>(ctx.account.id, `${path(target)}?$select=body,isOnlineMeeting`, utc);
        body.body = bodyKeepingJoinBlock(w.notes, current.body?.content ?? null);
      }
      // If-Match only on the item whose changeKey Tandem holds; a series master has none linked.
      const ifMatch: Record<string, string> = !w.seriesMasterGraphId && link?.change_key ? { 'if-match': `W/"${link.change_key}"` } : {};
      const res = await ctx.graph.request<Event>(ctx.account.id, { method: 'PATCH', path: path(target), body, headers: { ...utc, ...ifMatch } });
      if (w.seriesMasterGraphId) return { id: link?.graph_id ?? target, changeKey: link?.change_key ?? null, event: null } satisfies EventWriteResult;
      const event = res.body && typeof res.body === 'object' && res.body.id ? res.body : await ctx.graph.get<Event>(ctx.account.id, path(target), utc);
      return { id: event.id ?? target, changeKey: event.changeKey ?? null, event } satisfies EventWriteResult;
    },

    async refresh(ctx, _entry: OutboxEntry, link: LinkRow) {
      try {
        const fresh = await ctx.graph.get<Event>(ctx.account.id, `${path(link.graph_id)}?$select=id,changeKey`, utc);
        return { changeKey: fresh.changeKey ?? null };
      } catch (err) {
        if (isMicrosoftError(err, 'notFound')) return 'gone';
        throw err;
      }
    },

    applied: (trx, ctx, entry, result) => recordWritten(trx, ctx, entry, result as EventWriteResult),

    async gone(trx, _ctx, entry) {
      if (entry.recordType === 'meeting') await unlinkMeeting(trx as never, entry.recordId);
    },
  };
}

async function create(ctx: SyncContext, entry: OutboxEntry, w: EventWrite): Promise<EventWriteResult> {
  const calendar = await defaultCalendarId(ctx);
  const body = {
    ...graphEventBody(w, w.timeZone ?? 'UTC'),
    body: { contentType: 'text', content: w.notes ?? '' },
    // Graph answers a retried create carrying the same transactionId with the event it already made.
    transactionId: entry.idempotencyKey,
  };
  const at = calendar ? `/me/calendars/${encodeURIComponent(calendar)}/events` : '/me/events';
  const event = (await ctx.graph.request<Event>(ctx.account.id, { method: 'POST', path: at, body, headers: utc })).body;
  if (!event?.id) throw new MicrosoftError('fatal', 'Graph created the event without answering its id');
  return { id: event.id!, changeKey: event.changeKey ?? null, event };
}
