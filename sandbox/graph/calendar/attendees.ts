import type { SandboxContext } from '../../core/context.js';
import type { DirectoryUser } from '../../core/directory.js';
import { ensureMailbox, folderByKey } from '../mail/mailbox.js';
import { insertMessage } from '../mail/store.js';
import { newEventId, occurrenceId } from './ids.js';
import type { Attendee } from './input.js';
import type { EventRow, NewEventRow } from './schema.js';
import { countSent } from './stats.js';
import { copiesOf, ensureCalendar, exceptionsOf, insertEvent, updateEvent } from './store.js';

/** What the organizer's change sends to attendees: a meeting request, an update, or nothing. */
export type Sending = 'invite' | 'update' | 'none';

/** The organizer's fields every attendee's copy mirrors; the attendee's own response and categories stay theirs. */
const MIRRORED = ['ical_uid', 'type', 'original_start', 'start_ms', 'end_ms', 'start_tz', 'end_tz', 'span_start', 'span_end', 'is_all_day', 'subject',
  'body_type', 'body', 'location', 'attendees_json', 'organizer_json', 'recurrence_json', 'cancelled_json', 'importance', 'sensitivity',
  'is_online', 'provider', 'online_json'] as const;

function sandboxUsers(ctx: SandboxContext, row: EventRow): DirectoryUser[] {
  const seen = new Set<string>([row.user_id]);
  const out: DirectoryUser[] = [];
  for (const a of JSON.parse(row.attendees_json) as Attendee[]) {
    const u = ctx.directory.userByEmail(a.emailAddress.address);
    if (u && !seen.has(u.id)) {
      seen.add(u.id);
      out.push(u);
    }
  }
  return out;
}

/** Outlook's meeting mail, through the mail store's own insert path so mail delta and notifications see it. */
function meetingMail(ctx: SandboxContext, organizer: EventRow, to: DirectoryUser, subject: string): void {
  ensureMailbox(ctx, to.id);
  const from = (JSON.parse(organizer.organizer_json) as { emailAddress: { name: string; address: string } }).emailAddress;
  insertMessage(ctx, folderByKey(ctx.db, to.id, 'inbox')!, {
    subject, bodyType: organizer.body_type === 'html' ? 'html' : 'text', body: organizer.body, from,
    to: [{ name: to.displayName, address: to.mail }], isRead: false, isDraft: false,
  });
}

const pick = (row: EventRow): Partial<NewEventRow> => Object.fromEntries(MIRRORED.map((k) => [k, row[k]])) as Partial<NewEventRow>;

/**
 * Carries an organizer's event to every attendee who is a sandbox user (any seeded tenant): each
 * gets their own copy (same iCalUId, another id, isOrganizer false) and, when something is sent,
 * the meeting mail in their inbox. Attendees who were dropped get their copy cancelled.
 */
export function mirrorToAttendees(ctx: SandboxContext, org: EventRow, sending: Sending): void {
  if (!org.is_organizer) return;
  const db = ctx.db;
  const users = sandboxUsers(ctx, org);
  const copies = copiesOf(db, org.pk);
  const external = (JSON.parse(org.attendees_json) as Attendee[]).length;
  if (sending === 'invite') countSent(ctx, 'invitationsSent', external);
  if (sending === 'update') countSent(ctx, 'updatesSent', external);
  for (const u of users) {
    let existing = copies.find((c) => c.user_id === u.id);
    if (!existing && org.type === 'exception') {
      // The attendee may have edited that occurrence themselves: the organizer's change lands on it.
      const masterCopy = copiesOf(db, org.master_pk!).find((c) => c.user_id === u.id);
      existing = masterCopy ? exceptionsOf(db, masterCopy.pk).find((e) => e.original_start === org.original_start) : undefined;
    }
    if (existing) {
      const updated = updateEvent(ctx, existing, { ...pick(org), is_cancelled: org.is_cancelled, org_pk: org.pk });
      if (sending !== 'none') meetingMail(ctx, updated, u, updated.subject);
      continue;
    }
    const cal = ensureCalendar(ctx, u.id);
    let masterPk: number | null = null;
    let id = newEventId();
    if (org.type === 'exception') {
      const masterCopy = copiesOf(db, org.master_pk!).find((c) => c.user_id === u.id);
      if (!masterCopy) continue;
      masterPk = masterCopy.pk;
      id = occurrenceId(masterCopy.id, org.original_start!);
    }
    const { pk: _pk, seq: _seq, change_key: _ck, created: _c, modified: _m, ...base } = org;
    insertEvent(ctx, {
      ...base, ...pick(org), user_id: u.id, calendar_id: cal.id, id,
      master_pk: masterPk, is_organizer: 0, response: 'notResponded', show_as: 'tentative', transaction_id: null, org_pk: org.pk,
      categories_json: '[]', is_cancelled: org.is_cancelled,
    });
    if (sending !== 'none' || org.type === 'exception') meetingMail(ctx, org, u, org.subject);
  }
  for (const c of copies) {
    if (!users.some((u) => u.id === c.user_id) && !c.is_cancelled) cancelCopy(ctx, c);
  }
}

/** The organizer cancelled (or dropped this attendee): the copy stays, marked cancelled, as Outlook shows it until removed. */
export function cancelCopy(ctx: SandboxContext, copy: EventRow): void {
  const updated = updateEvent(ctx, copy, { is_cancelled: 1, subject: copy.subject.startsWith('Canceled: ') ? copy.subject : `Canceled: ${copy.subject}` });
  countSent(ctx, 'cancellationsSent');
  const user = ctx.directory.userById(copy.user_id);
  if (user) meetingMail(ctx, updated, user, updated.subject);
}

export function cancelAllCopies(ctx: SandboxContext, org: EventRow): void {
  if (!org.is_organizer) return;
  for (const c of copiesOf(ctx.db, org.pk)) if (!c.is_cancelled) cancelCopy(ctx, c);
}
