/**
 * Scheduling pages end to end: real Tandem against the real sandbox over HTTP, on SQLite and
 * PostgreSQL. A guest books a Teams slot on the public API; the Outlook event (Teams, guest as
 * attendee, transactionId) is made through the write-back, the guest is emailed from the owner's
 * mailbox with an invite.ics that ical.js reads back; the race on one slot has one winner; bad input
 * is refused with what to fix; cancel by the guest's signed link deletes the event and sends METHOD:CANCEL.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ICAL from 'ical.js';
import { DB_KINDS } from '../helpers/db.js';
import type { MicrosoftTestEnv } from '../helpers/microsoft.js';
import { control, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { waitFor } from '../helpers/wait.js';
import { outlookEvents, type CalendarUser } from '../microsoft/calendarHelpers.js';
import { startSyncEnv } from '../microsoft/syncHelpers.js';
import { asGuest, connectOwner, guest, openPageBody, tokenOf, utcAt, type GuestBooking } from './schedulingHarness.js';

let sandbox: TestSandbox;
before(async () => {
  sandbox = await startTestSandbox({ notificationDelayMs: 0 });
});
after(() => sandbox.close());

interface SentMessage { id: string; subject: string; toRecipients: Array<{ emailAddress: { address: string } }>; body: { content: string } }

async function sentTo(env: MicrosoftTestEnv, owner: CalendarUser, address: string): Promise<SentMessage[]> {
  const page = await env.integration.graph.get<{ value: SentMessage[] }>(owner.accountId, '/me/mailFolders/sentitems/messages?$select=subject,toRecipients,body&$top=50');
  return page.value.filter((m) => m.toRecipients.some((r) => r.emailAddress.address.toLowerCase() === address));
}

async function icsOf(env: MicrosoftTestEnv, owner: CalendarUser, messageId: string): Promise<ICAL.Component> {
  const atts = await env.integration.graph.get<{ value: Array<{ name: string; contentBytes: string }> }>(owner.accountId, `/me/messages/${messageId}/attachments`);
  const ics = atts.value.find((a) => a.name === 'invite.ics');
  assert.ok(ics, 'the email carries invite.ics');
  return new ICAL.Component(ICAL.parse(Buffer.from(ics.contentBytes, 'base64').toString('utf8')));
}

for (const kind of DB_KINDS) {
  describe(`scheduling pages and Teams bookings (${kind})`, () => {
    let env: MicrosoftTestEnv;
    let owner: CalendarUser;
    const slug = `intro-${kind}-${Date.now().toString(36)}`;
    before(async () => {
      ({ env } = await startSyncEnv(sandbox, kind, { bookingLimits: { perIpPerMinute: 1_000, perPagePerMinute: 1_000 } }));
      owner = await connectOwner(env, sandbox);
      const created = await owner.api.request<{ publicUrl: string }>('POST', '/api/scheduling/pages', openPageBody(slug));
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.body.publicUrl, `${env.url}/book/${slug}`);
    });
    after(() => env?.close());

    test('a guest books a Teams slot: one Outlook event with the guest and a join URL, an email with the link and an invite.ics that parses', async () => {
      const page = await asGuest<{ title: string; isTeams: boolean; bookable: boolean }>(env, 'GET', `/api/public/book/${slug}`);
      assert.equal(page.status, 200);
      assert.deepEqual([page.body.title, page.body.isTeams, page.body.bookable], ['Intro call', true, true]);
      const slots = await asGuest<{ slots: string[] }>(env, 'GET', `/api/public/book/${slug}/slots?from=${utcAt(1, 0)}&to=${utcAt(2, 0)}&duration=30`);
      assert.equal(slots.status, 200);
      assert.equal(slots.body.slots.length, 20, '08:00 to 17:30 every half hour');
      const start = utcAt(1, 10);
      assert.ok(slots.body.slots.includes(start));

      const booked = await asGuest<GuestBooking>(env, 'POST', `/api/public/book/${slug}`, guest(start));
      assert.equal(booked.status, 201, JSON.stringify(booked.body));
      assert.equal(booked.body.status, 'confirmed');
      assert.ok(booked.body.joinUrl?.startsWith('https://'), 'the guest sees the join link');
      assert.ok(booked.body.manageUrl);

      const events = (await outlookEvents(sandbox, owner.mailboxId)).filter((e) => e.start.dateTime.startsWith(start.slice(0, 16)));
      assert.equal(events.length, 1, 'exactly one Outlook event');
      const event = events[0]!;
      assert.equal(event.isOnlineMeeting, true);
      assert.equal(event.onlineMeeting?.joinUrl, booked.body.joinUrl);
      assert.ok(event.transactionId, 'created with a transactionId');
      assert.deepEqual(event.attendees.map((a) => a.emailAddress.address), ['gina@outside.example']);

      await waitFor(async () => (await sentTo(env, owner, 'gina@outside.example')).length === 1, { message: 'no confirmation email' });
      const [mail] = await sentTo(env, owner, 'gina@outside.example');
      assert.match(mail!.subject, /^Confirmed: Intro call with /);
      assert.ok(mail!.body.content.includes(booked.body.joinUrl!), 'the email body carries the join URL');
      assert.match(mail!.body.content, /America\/New_York/, 'the time is given in the guest’s zone');
      const cal = await icsOf(env, owner, mail!.id);
      assert.equal(cal.getFirstPropertyValue('method'), 'REQUEST');
      const vevent = cal.getFirstSubcomponent('vevent')!;
      assert.equal(vevent.getFirstPropertyValue('uid'), event.iCalUId);
      assert.equal(String(vevent.getFirstPropertyValue('location')), booked.body.joinUrl);
      assert.equal(String(vevent.getFirstPropertyValue('url')), booked.body.joinUrl);
      assert.ok(String(vevent.getFirstPropertyValue('description')).includes(booked.body.joinUrl!));
      assert.equal(vevent.getFirstPropertyValue('sequence'), 0);
      assert.equal((vevent.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString(), start);
      assert.match(String(vevent.getFirstPropertyValue('attendee')), /gina@outside\.example/i);
      // What the guest at the outside address received, as the sandbox's outbound log recorded it.
      const outbound = await control<{ value: Array<{ subject: string; external: string[]; attachments: Array<{ name: string; text?: string }> }> }>(sandbox, 'GET', '/control/mail/outbound?to=gina@outside.example');
      const received = outbound.value.find((m) => m.subject.startsWith('Confirmed:'))!;
      assert.ok(received.external.includes('gina@outside.example'));
      const ics = received.attachments.find((x) => x.name === 'invite.ics')!;
      assert.equal(new ICAL.Component(ICAL.parse(ics.text!)).getFirstSubcomponent('vevent')!.getFirstPropertyValue('uid'), event.iCalUId);

      // The guest is a CRM person now, and the slot is gone from the list.
      const people = await owner.api.request<{ items: Array<{ emails: string[] }> }>('GET', '/api/people?q=gina');
      assert.ok(people.body.items.some((p) => p.emails.includes('gina@outside.example')));
      const after = await asGuest<{ slots: string[] }>(env, 'GET', `/api/public/book/${slug}/slots?from=${utcAt(1, 0)}&to=${utcAt(2, 0)}&duration=30`);
      assert.ok(!after.body.slots.includes(start));
    });

    test('twelve guests race for one slot: exactly one booking and one event; the others hear the time was just taken', async () => {
      const start = utcAt(1, 14);
      const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => asGuest<GuestBooking & { message?: string }>(env, 'POST', `/api/public/book/${slug}`, guest(start, { email: `racer${i}@outside.example`, name: `Racer ${i}` }))));
      const won = answers.filter((a) => a.status === 201);
      const lost = answers.filter((a) => a.status === 409);
      assert.equal(won.length, 1, JSON.stringify(answers.map((a) => a.status)));
      assert.equal(lost.length, 11);
      for (const l of lost) assert.match(JSON.stringify(l.body), /This time was just taken/);
      const events = (await outlookEvents(sandbox, owner.mailboxId)).filter((e) => e.start.dateTime.startsWith(start.slice(0, 16)));
      assert.equal(events.length, 1);
    });

    test('bad input on every public field answers 4xx with what to fix; an unknown slug and a disabled page answer alike', async () => {
      const ok = guest(utcAt(2, 9));
      const cases: Array<[Record<string, unknown>, number, RegExp]> = [
        [{ ...ok, start: utcAt(2, 9, 10) }, 400, /Check start: this page does not offer that time/],
        [{ ...ok, start: utcAt(-1, 9) }, 400, /Check start: it is in the past/],
        [{ ...ok, start: '2026-12-01T09:00:00' }, 400, /needs a time zone offset/],
        [{ ...ok, email: 'not-an-address' }, 400, /Check email/],
        [{ ...ok, name: '   ' }, 400, /Check name/],
        [{ ...ok, timeZone: 'Mars/Olympus' }, 400, /Check timeZone/],
        [{ ...ok, duration: 45 }, 400, /Check duration: it must be one of 30, 60/],
        [{ ...ok, answers: {} }, 400, /Check answers\.topic: it is required/],
        [{ ...ok, answers: { topic: 'x'.repeat(2_001) } }, 400, /answers/],
        [{ ...ok, answers: { topic: 'a', other: 'b' } }, 400, /Check answers\.other: it is not a question/],
        [{ ...ok, extra: 1 }, 400, /extra/],
      ];
      for (const [body, status, message] of cases) {
        const r = await asGuest(env, 'POST', `/api/public/book/${slug}`, body);
        assert.equal(r.status, status, `${JSON.stringify(body).slice(0, 120)} → ${JSON.stringify(r.body)}`);
        assert.match(JSON.stringify(r.body), message);
      }
      const unknown = await asGuest(env, 'GET', '/api/public/book/no-such-page');
      const other = await owner.api.request<{ id: string }>('POST', '/api/scheduling/pages', openPageBody(`${slug}-off`, { enabled: false }));
      const disabled = await asGuest(env, 'GET', `/api/public/book/${slug}-off`);
      assert.equal(unknown.status, 404);
      assert.deepEqual(disabled, unknown, 'nothing tells a disabled page from a missing one');
      assert.ok(other.body.id);
    });

    test('the guest cancels with the signed link: the Outlook event goes, METHOD:CANCEL is sent, the slot is free again; a forged link is refused', async () => {
      const start = utcAt(3, 11);
      const booked = await asGuest<GuestBooking>(env, 'POST', `/api/public/book/${slug}`, guest(start, { email: 'carl@outside.example', name: 'Carl' }));
      assert.equal(booked.body.status, 'confirmed');
      const token = tokenOf(booked.body.manageUrl!);
      const forged = await asGuest(env, 'POST', `/api/public/bookings/${token.slice(0, -2)}xx/cancel`);
      assert.equal(forged.status, 404);
      const cancelled = await asGuest<GuestBooking>(env, 'POST', `/api/public/bookings/${token}/cancel`);
      assert.equal(cancelled.status, 200);
      assert.equal(cancelled.body.status, 'cancelled');
      await waitFor(async () => (await outlookEvents(sandbox, owner.mailboxId)).every((e) => !e.start.dateTime.startsWith(start.slice(0, 16))), { message: 'the event stayed in Outlook' });
      await waitFor(async () => (await sentTo(env, owner, 'carl@outside.example')).some((m) => m.subject.startsWith('Cancelled:')), { message: 'no cancellation email' });
      const mail = (await sentTo(env, owner, 'carl@outside.example')).find((m) => m.subject.startsWith('Cancelled:'))!;
      const cal = await icsOf(env, owner, mail.id);
      assert.equal(cal.getFirstPropertyValue('method'), 'CANCEL');
      assert.equal(cal.getFirstSubcomponent('vevent')!.getFirstPropertyValue('sequence'), 1);
      const slots = await asGuest<{ slots: string[] }>(env, 'GET', `/api/public/book/${slug}/slots?from=${utcAt(3, 0)}&to=${utcAt(4, 0)}&duration=30`);
      assert.ok(slots.body.slots.includes(start), 'the slot is free again');
      const again = await asGuest(env, 'POST', `/api/public/bookings/${token}/cancel`);
      assert.equal(again.status, 409);
    });
  });
}
