import type { Message } from '@microsoft/microsoft-graph-types';
import { findBooking, updateBookingAt } from '../../crm/scheduling/bookings.js';
import type { MicrosoftAccount } from '../../microsoft/accounts/accounts.js';
import { missingScopes } from '../../microsoft/catalogue.js';
import { isMicrosoftError } from '../../microsoft/graph/errors.js';
import type { SchedulingDeps } from './deps.js';

export interface OutgoingEmail {
  /** The booking's sequence this email is about: a newer state (moved, cancelled) makes it stale. */
  sequence: number;
  to: { name: string; address: string };
  subject: string;
  html: string;
  ics: { method: 'REQUEST' | 'CANCEL'; content: string };
}

export const canSendMail = (account: MicrosoftAccount): boolean => missingScopes('sendMail', account.grantedScopes).length === 0;

const msg = (id: string) => `/me/messages/${encodeURIComponent(id)}`;

/**
 * Sends a booking's email from the owner's mailbox. With Mail.ReadWrite, at most once: a draft is made and its id
 * recorded before anything is sent; a retry finds that draft and sends it only while it is still a
 * draft (once sent, Outlook moves it to Sent Items, where it reads as sent, or answers 404).
 * Mail.Send is required; without it (or when Microsoft refuses) the booking says the guest was not emailed.
 */
export async function sendGuestEmail(deps: SchedulingDeps, account: MicrosoftAccount, bookingId: string, email: OutgoingEmail): Promise<'sent' | 'not_sent' | 'stale'> {
  const db = deps.integration.database.db;
  const graph = deps.integration.graph;
  if (!canSendMail(account)) {
    await updateBookingAt(db, bookingId, email.sequence, { confirmation: 'not_sent', problem: 'Tandem could not email the guest: Send mail is not enabled for your Microsoft 365 account (Settings → Integrations). Share the meeting details with them yourself.' });
    return 'not_sent';
  }
  try {
    if (missingScopes('mail', account.grantedScopes).length === 0) return await viaDraft(deps, account, bookingId, email);
    // Mail.Send alone cannot make drafts: one sendMail. A crash between Graph's answer and the
    // commit below sends it again on retry; with Mail.ReadWrite the draft path never does.
    await graph.request(account.id, {
      method: 'POST', path: '/me/sendMail',
      body: { message: { ...message(email), attachments: [invite(email)] }, saveToSentItems: true },
    });
    return await markSent(deps, bookingId, email.sequence);
  } catch (err) {
    if (!isMicrosoftError(err, 'forbidden')) throw err;
    await updateBookingAt(db, bookingId, email.sequence, { confirmation: 'not_sent', problem: 'Tandem could not email the guest: Microsoft 365 refused to send from your mailbox. Share the meeting details with them yourself.' });
    return 'not_sent';
  }
}

const message = (email: OutgoingEmail) => ({ subject: email.subject, body: { contentType: 'html', content: email.html }, toRecipients: [{ emailAddress: email.to }] });

const invite = (email: OutgoingEmail) => ({
  '@odata.type': '#microsoft.graph.fileAttachment', name: 'invite.ics', contentType: `text/calendar; method=${email.ics.method}; charset=UTF-8`,
  contentBytes: Buffer.from(email.ics.content, 'utf8').toString('base64'),
});

async function viaDraft(deps: SchedulingDeps, account: MicrosoftAccount, bookingId: string, email: OutgoingEmail): Promise<'sent' | 'stale'> {
  const db = deps.integration.database.db;
  const graph = deps.integration.graph;
  const booking = await findBooking(db, bookingId);
  if (!booking || booking.sequence !== email.sequence) return 'stale';
  let draftId = booking.confirmationDraftId;
  if (draftId) {
    try {
      const current = await graph.get<Message>(account.id, `${msg(draftId)}?$select=isDraft`);
      if (current.isDraft === false) return markSent(deps, bookingId, email.sequence);
    } catch (err) {
      if (!isMicrosoftError(err, 'notFound')) throw err;
      return markSent(deps, bookingId, email.sequence);
    }
  } else {
    const draft = await graph.request<Message>(account.id, { method: 'POST', path: '/me/messages', body: message(email) });
    draftId = draft.body?.id ?? null;
    if (!draftId) throw new Error('Graph created the draft without answering its id');
    if (!(await updateBookingAt(db, bookingId, email.sequence, { confirmation_draft_id: draftId }))) {
      // Moved or cancelled meanwhile: this email is out of date, and its draft goes unsent.
      await graph.request(account.id, { method: 'DELETE', path: msg(draftId) });
      return 'stale';
    }
  }
  const attached = await graph.get<{ value: Array<{ name?: string }> }>(account.id, `${msg(draftId)}/attachments`);
  if (!attached.value.some((a) => a.name === 'invite.ics')) {
    await graph.request(account.id, { method: 'POST', path: `${msg(draftId)}/attachments`, body: invite(email) });
  }
  if ((await findBooking(db, bookingId))?.sequence !== email.sequence) return 'stale';
  await graph.request(account.id, { method: 'POST', path: `${msg(draftId)}/send` });
  return markSent(deps, bookingId, email.sequence);
}

async function markSent(deps: SchedulingDeps, bookingId: string, sequence: number): Promise<'sent' | 'stale'> {
  const current = await updateBookingAt(deps.integration.database.db, bookingId, sequence, { confirmation: 'sent', confirmation_draft_id: null });
  return current ? 'sent' : 'stale';
}
