/**
 * What can go otherwise with a Teams booking (issue 10): a delayed join URL, a join URL that never
 * comes (the booking fails cleanly), Teams not allowed for the calendar, no Mail.Send (the guest is
 * not emailed and both sides are told), and a reschedule that keeps the same Outlook event and
 * Teams meeting with SEQUENCE + 1. Real Tandem against the real sandbox, on SQLite.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ICAL from 'ical.js';
import type { MicrosoftTestEnv } from '../helpers/microsoft.js';
import { control, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { waitFor } from '../helpers/wait.js';
import { outlookEvents } from '../microsoft/calendarHelpers.js';
import { startSyncEnv } from '../microsoft/syncHelpers.js';
import { asGuest, connectOwner, guest, openPageBody, tokenOf, utcAt, type GuestBooking } from './schedulingHarness.js';

let sandbox: TestSandbox;
let env: MicrosoftTestEnv;
before(async () => {
  sandbox = await startTestSandbox({ notificationDelayMs: 0 });
  ({ env } = await startSyncEnv(sandbox, 'sqlite', { bookingLimits: { perIpPerMinute: 1_000, perPagePerMinute: 1_000 } }));
});
after(async () => {
  await env?.close();
  await sandbox?.close();
});

const delayJoinUrls = (share: number, ms: number) => control(sandbox, 'PUT', '/control/calendar/online-meetings', { delayedJoinUrlShare: share, delayedJoinUrlMs: ms });

describe('Teams bookings when things go otherwise', () => {
  test('a join URL that comes late: the booking waits for it and the guest gets it', async () => {
    const owner = await connectOwner(env, sandbox);
    await owner.api.request('POST', '/api/scheduling/pages', openPageBody('late-link'));
    await delayJoinUrls(1, 1_500);
    try {
      const booked = await asGuest<GuestBooking>(env, 'POST', '/api/public/book/late-link', guest(utcAt(1, 9)));
      assert.equal(booked.body.status, 'confirmed', JSON.stringify(booked.body));
      const event = (await outlookEvents(sandbox, owner.mailboxId)).find((e) => e.start.dateTime.startsWith(utcAt(1, 9).slice(0, 16)))!;
      assert.equal(booked.body.joinUrl, event.onlineMeeting?.joinUrl);
      const stats = await control<{ delayedJoinUrls: number }>(sandbox, 'GET', '/control/calendar/stats');
      assert.ok(stats.delayedJoinUrls >= 1, 'the sandbox really delayed it');
    } finally {
      await delayJoinUrls(0, 300);
    }
  });

  test('a join URL that never comes: the booking fails cleanly, the event is deleted, the slot is free, no email', async () => {
    const owner = await connectOwner(env, sandbox);
    await owner.api.request('POST', '/api/scheduling/pages', openPageBody('no-link'));
    await delayJoinUrls(1, 600_000);
    try {
      const start = utcAt(1, 11);
      const booked = await asGuest<GuestBooking>(env, 'POST', '/api/public/book/no-link', guest(start));
      const final = booked.body.status === 'pending'
        ? await (async () => {
          let b = booked.body;
          await waitFor(async () => {
            const list = await owner.api.request<{ items: Array<{ status: string }> }>('GET', `/api/scheduling/pages/${(await owner.api.request<{ items: Array<{ id: string }> }>('GET', '/api/scheduling/pages')).body.items[0]!.id}/bookings`);
            b = { ...b, status: list.body.items[0]!.status };
            return b.status !== 'pending';
          }, { timeoutMs: 30_000, message: 'the booking never settled' });
          return b;
        })()
        : booked.body;
      assert.equal(final.status, 'failed');
      await waitFor(async () => (await outlookEvents(sandbox, owner.mailboxId)).every((e) => !e.start.dateTime.startsWith(start.slice(0, 16))), { message: 'the half-made event stayed' });
      const slots = await asGuest<{ slots: string[] }>(env, 'GET', `/api/public/book/no-link/slots?from=${utcAt(1, 0)}&to=${utcAt(2, 0)}&duration=30`);
      assert.ok(slots.body.slots.includes(start), 'the slot is free again');
      const sent = await env.integration.graph.get<{ value: unknown[] }>(owner.accountId, '/me/mailFolders/sentitems/messages?$select=subject');
      assert.equal(sent.value.length, 0, 'no confirmation without a working link');
    } finally {
      await delayJoinUrls(0, 300);
    }
  });

  test('Teams not allowed for the calendar: the page cannot offer it, and says why', async () => {
    const owner = await connectOwner(env, sandbox);
    await control(sandbox, 'PUT', `/control/calendar/${encodeURIComponent(owner.mailboxId)}/online-meeting-providers`, { allowed: ['unknown'] });
    const options = await owner.api.request<{ teams: { available: boolean; reason: string } }>('GET', '/api/scheduling/options');
    assert.equal(options.body.teams.available, false);
    assert.match(options.body.teams.reason, /does not allow Teams meetings/);
    const refused = await owner.api.request('POST', '/api/scheduling/pages', openPageBody('no-teams'));
    assert.equal(refused.status, 400);
    assert.match(JSON.stringify(refused.body), /Check location: Microsoft Teams is not available/);
    const inPerson = await owner.api.request('POST', '/api/scheduling/pages', openPageBody('in-person', { location: { kind: 'inPerson', address: '1 Main St' } }));
    assert.equal(inPerson.status, 201);
  });

  test('no Mail.Send: the booking is confirmed, the guest is told no email came, the owner is told why', async () => {
    const owner = await connectOwner(env, sandbox, ['calendar']);
    await owner.api.request('POST', '/api/scheduling/pages', openPageBody('no-mail'));
    const booked = await asGuest<GuestBooking>(env, 'POST', '/api/public/book/no-mail', guest(utcAt(2, 9)));
    assert.equal(booked.body.status, 'confirmed');
    assert.equal(booked.body.emailed, false);
    assert.match(booked.body.message ?? '', /no confirmation email could be sent/);
    assert.ok(booked.body.joinUrl);
    const pages = await owner.api.request<{ items: Array<{ id: string }> }>('GET', '/api/scheduling/pages');
    const list = await owner.api.request<{ items: Array<{ confirmation: string; problem: string }> }>('GET', `/api/scheduling/pages/${pages.body.items[0]!.id}/bookings`);
    assert.equal(list.body.items[0]!.confirmation, 'not_sent');
    assert.match(list.body.items[0]!.problem, /Send mail is not enabled/);
  });

  test('a reschedule moves the same Outlook event, keeps its Teams meeting, and sends the new time with SEQUENCE 1', async () => {
    const owner = await connectOwner(env, sandbox);
    await owner.api.request('POST', '/api/scheduling/pages', openPageBody('move-me'));
    const booked = await asGuest<GuestBooking>(env, 'POST', '/api/public/book/move-me', guest(utcAt(1, 13), { email: 'mo@outside.example' }));
    assert.equal(booked.body.status, 'confirmed');
    const before = (await outlookEvents(sandbox, owner.mailboxId)).find((e) => e.onlineMeeting?.joinUrl === booked.body.joinUrl)!;
    const token = tokenOf(booked.body.manageUrl!);
    const moved = await asGuest<GuestBooking>(env, 'POST', `/api/public/bookings/${token}/reschedule`, { start: utcAt(1, 15) });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    assert.equal(moved.body.start, utcAt(1, 15));
    await waitFor(async () => (await outlookEvents(sandbox, owner.mailboxId)).some((e) => e.id === before.id && e.start.dateTime.startsWith(utcAt(1, 15).slice(0, 16))), { message: 'the event never moved' });
    const after = (await outlookEvents(sandbox, owner.mailboxId)).find((e) => e.id === before.id)!;
    assert.equal(after.onlineMeeting?.joinUrl, booked.body.joinUrl, 'the same Teams meeting');
    assert.equal((await outlookEvents(sandbox, owner.mailboxId)).filter((e) => e.isOnlineMeeting).length, 1, 'no second event');
    type Sent = { id: string; subject: string };
    let mail: Sent | undefined;
    await waitFor(async () => {
      const sent = await env.integration.graph.get<{ value: Sent[] }>(owner.accountId, '/me/mailFolders/sentitems/messages?$select=subject');
      mail = sent.value.find((m) => m.subject.startsWith('New time:'));
      return !!mail;
    }, { message: 'no new-time email' });
    const atts = await env.integration.graph.get<{ value: Array<{ contentBytes: string }> }>(owner.accountId, `/me/messages/${mail!.id}/attachments`);
    const vevent = new ICAL.Component(ICAL.parse(Buffer.from(atts.value[0]!.contentBytes, 'base64').toString('utf8'))).getFirstSubcomponent('vevent')!;
    assert.equal(vevent.getFirstPropertyValue('sequence'), 1);
    assert.equal(vevent.getFirstPropertyValue('uid'), before.iCalUId);
    assert.equal((vevent.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString(), utcAt(1, 15));
    const taken = await asGuest(env, 'POST', `/api/public/bookings/${token}/reschedule`, { start: utcAt(1, 15, 10) });
    assert.equal(taken.status, 400, 'a time the page never offered');
  });

  test('across the DST change: the page’s 09:00 Berlin is 08:00Z before and 07:00Z after, in the slots and in the invite; the guest’s timeline shows the meeting', async () => {
    const owner = await connectOwner(env, sandbox);
    const every = Object.fromEntries(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((d) => [d, [['09:00', '10:00']]]));
    await owner.api.request('POST', '/api/scheduling/pages', openPageBody('berlin', { timeZone: 'Europe/Berlin', daysAhead: 365, availability: { source: 'custom', weekly: every } }));
    const slots = await asGuest<{ slots: string[] }>(env, 'GET', '/api/public/book/berlin/slots?from=2027-03-26T00:00:00Z&to=2027-03-30T00:00:00Z&duration=30');
    assert.deepEqual(slots.body.slots.filter((x) => x.endsWith(':00:00.000Z')), ['2027-03-26T08:00:00.000Z', '2027-03-27T08:00:00.000Z', '2027-03-28T07:00:00.000Z', '2027-03-29T07:00:00.000Z']);
    const booked = await asGuest<GuestBooking & { id: string }>(env, 'POST', '/api/public/book/berlin', guest('2027-03-29T07:00:00Z', { email: 'dora@outside.example', name: 'Dora' }));
    assert.equal(booked.body.status, 'confirmed');
    type Sent = { id: string; subject: string };
    let mail: Sent | undefined;
    await waitFor(async () => {
      mail = (await env.integration.graph.get<{ value: Sent[] }>(owner.accountId, '/me/mailFolders/sentitems/messages?$select=subject')).value[0];
      return !!mail;
    }, { message: 'no confirmation' });
    const atts = await env.integration.graph.get<{ value: Array<{ contentBytes: string }> }>(owner.accountId, `/me/messages/${mail!.id}/attachments`);
    const vevent = new ICAL.Component(ICAL.parse(Buffer.from(atts.value[0]!.contentBytes, 'base64').toString('utf8'))).getFirstSubcomponent('vevent')!;
    assert.equal((vevent.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString(), '2027-03-29T07:00:00.000Z');
    assert.equal((vevent.getFirstPropertyValue('dtend') as ICAL.Time).toJSDate().toISOString(), '2027-03-29T07:30:00.000Z');
    const people = await owner.api.request<{ items: Array<{ id: string; emails: string[] }> }>('GET', '/api/people?q=dora');
    const dora = people.body.items.find((p) => p.emails.includes('dora@outside.example'))!;
    const timeline = await owner.api.request<{ items: Array<{ kind: string; title: string }> }>('GET', `/api/people/${dora.id}/timeline`);
    assert.ok(timeline.body.items.some((a) => a.kind === 'meeting' && a.title.startsWith('Intro call')), JSON.stringify(timeline.body.items));
  });

  test('Graph briefly failing: the booking is retried and confirmed, with one Outlook event and one email', async () => {
    const owner = await connectOwner(env, sandbox);
    await owner.api.request('POST', '/api/scheduling/pages', openPageBody('flaky'));
    assert.equal((await asGuest<{ bookable: boolean }>(env, 'GET', '/api/public/book/flaky')).body.bookable, true);
    await control(sandbox, 'POST', '/control/mail/faults', { mailbox: owner.mailboxId, status: 503, count: 2 });
    const start = utcAt(4, 9);
    const booked = await asGuest<GuestBooking>(env, 'POST', '/api/public/book/flaky', guest(start, { email: 'flo@outside.example' }));
    assert.ok([201, 202].includes(booked.status), JSON.stringify(booked.body));
    const pages = await owner.api.request<{ items: Array<{ id: string }> }>('GET', '/api/scheduling/pages');
    await waitFor(async () => {
      const list = await owner.api.request<{ items: Array<{ status: string; confirmation: string }> }>('GET', `/api/scheduling/pages/${pages.body.items[0]!.id}/bookings`);
      return list.body.items[0]?.status === 'confirmed' && list.body.items[0]?.confirmation === 'sent';
    }, { timeoutMs: 30_000, message: 'the booking was never confirmed after the outage' });
    assert.equal((await outlookEvents(sandbox, owner.mailboxId)).filter((e) => e.start.dateTime.startsWith(start.slice(0, 16))).length, 1, 'one event, not two');
    const sent = await env.integration.graph.get<{ value: Array<{ subject: string }> }>(owner.accountId, '/me/mailFolders/sentitems/messages?$select=subject');
    assert.equal(sent.value.filter((m) => m.subject.startsWith('Confirmed:')).length, 1, 'one confirmation');
  });

  test('Outlook working hours: with Mailbox settings the page offers the mailbox’s hours (Mon–Fri 08:00–17:00 UTC in the sandbox); without it, it refuses and says why', async () => {
    const owner = await connectOwner(env, sandbox, ['calendar', 'mail', 'sendMail', 'mailboxSettings']);
    const created = await owner.api.request<{ availability: { source: string } }>('POST', '/api/scheduling/pages', openPageBody('outlook-hours', { availability: { source: 'mailbox', weekly: {} } }));
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const DAY = 86_400_000;
    const today = Math.floor(Date.now() / DAY) * DAY;
    const monday = today + (((8 - new Date(today).getUTCDay()) % 7) || 7) * DAY;
    const day = (t: number) => new Date(t).toISOString();
    const mon = await asGuest<{ slots: string[] }>(env, 'GET', `/api/public/book/outlook-hours/slots?from=${day(monday)}&to=${day(monday + DAY)}&duration=30`);
    assert.equal(mon.body.slots[0], day(monday + 8 * 3_600_000));
    assert.equal(mon.body.slots.at(-1), day(monday + 16.5 * 3_600_000));
    const sat = await asGuest<{ slots: string[] }>(env, 'GET', `/api/public/book/outlook-hours/slots?from=${day(monday - 2 * DAY)}&to=${day(monday - DAY)}&duration=30`);
    assert.deepEqual(sat.body.slots, [], 'no working hours on Saturday, though the page’s own hours cover it');

    const without = await connectOwner(env, sandbox, ['calendar']);
    const options = await without.api.request<{ workingHours: { available: boolean; reason: string } }>('GET', '/api/scheduling/options');
    assert.equal(options.body.workingHours.available, false);
    const refused = await without.api.request('POST', '/api/scheduling/pages', openPageBody('no-hours', { availability: { source: 'mailbox', weekly: {} } }));
    assert.equal(refused.status, 400);
    assert.match(JSON.stringify(refused.body), /Check availability\.source: Using your Outlook working hours needs Mailbox settings/);
  });
});
