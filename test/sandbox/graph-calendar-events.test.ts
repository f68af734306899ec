import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CAL, at, post, type EventJson, type Page } from './calendarHarness.js';
import { USERS, startGraphHarness, type GraphHarness } from './graphHarness.js';

describe('sandbox Graph calendar: calendars, events, write rules, scopes', () => {
  let h: GraphHarness;
  let ann: string;
  before(async () => {
    h = await startGraphHarness();
    ann = h.token(USERS.ann, CAL);
  });
  after(() => h.close());

  test('/me/calendar carries the online meeting providers; the control API sets them per user', async () => {
    const cal = await h.call<Record<string, unknown>>('GET', '/v1.0/me/calendar', ann);
    assert.equal(cal.status, 200);
    assert.deepEqual(cal.body.allowedOnlineMeetingProviders, ['teamsForBusiness']);
    assert.equal(cal.body.defaultOnlineMeetingProvider, 'teamsForBusiness');
    assert.equal(cal.body.isDefaultCalendar, true);
    const set = await h.ctl('PUT', `/control/calendar/${USERS.zed.userPrincipalName}/online-meeting-providers`, { allowed: ['unknown'] });
    assert.equal(set.status, 200);
    const zed = await h.call<Record<string, unknown>>('GET', '/v1.0/me/calendar', h.token(USERS.zed, CAL));
    assert.deepEqual(zed.body.allowedOnlineMeetingProviders, ['unknown']);
    assert.equal(zed.body.defaultOnlineMeetingProvider, 'unknown');
  });

  test('/me/calendars lists, creates and gets calendars; events live in the calendar they were created in', async () => {
    const created = await h.call<{ id: string; name: string }>('POST', '/v1.0/me/calendars', ann, { body: { name: 'Projects' } });
    assert.equal(created.status, 201);
    const dup = await h.call('POST', '/v1.0/me/calendars', ann, { body: { name: 'projects' } });
    assert.equal(dup.status, 400);
    const list = await h.call<{ value: Array<{ name: string }> }>('GET', '/v1.0/me/calendars', ann);
    assert.deepEqual(list.body.value.map((c) => c.name), ['Calendar', 'Projects']);
    const one = await h.call<{ name: string }>('GET', `/v1.0/me/calendars/${created.body.id}`, ann);
    assert.equal(one.body.name, 'Projects');
    const ev = await post(h, ann, at('In projects', '2026-12-10T10:00:00', '2026-12-10T11:00:00'), `/v1.0/me/calendars/${created.body.id}/events`);
    const inCal = await h.call<Page>('GET', `/v1.0/me/calendars/${created.body.id}/events`, ann);
    assert.deepEqual(inCal.body.value.map((e) => e.id), [ev.id]);
    const viaOther = await h.call('GET', `/v1.0/me/calendars/${(await h.call<{ id: string }>('GET', '/v1.0/me/calendar', ann)).body.id}/events/${ev.id}`, ann);
    assert.equal(viaOther.status, 404);
    assert.equal((await h.call('GET', '/v1.0/me/calendars/nope', ann)).status, 404);
  });

  test('event CRUD: POST 201, GET, PATCH, DELETE 204 then 404; /users/{upn} works for oneself only', async () => {
    const ev = await post(h, ann, at('Crud', '2026-12-03T09:00:00', '2026-12-03T09:30:00', { location: { displayName: 'Room 1' }, body: { contentType: 'text', content: 'Agenda' } }));
    assert.equal(ev.type, 'singleInstance');
    assert.equal(ev.isOrganizer, true);
    assert.deepEqual(ev.start, { dateTime: '2026-12-03T09:00:00.0000000', timeZone: 'UTC' });
    const got = await h.call<EventJson>('GET', `/v1.0/users/${USERS.ann.userPrincipalName}/events/${ev.id}`, ann);
    assert.equal(got.status, 200);
    assert.equal((got.body.location as { displayName: string }).displayName, 'Room 1');
    const patched = await h.call<EventJson>('PATCH', `/v1.0/me/events/${ev.id}`, ann, { body: { subject: 'Crud 2' } });
    assert.equal(patched.body.subject, 'Crud 2');
    assert.equal(patched.body.id, ev.id);
    assert.equal((await h.call('GET', `/v1.0/users/${USERS.bob.userPrincipalName}/events`, ann)).status, 403);
    assert.equal((await h.call('DELETE', `/v1.0/me/events/${ev.id}`, ann)).status, 204);
    assert.equal((await h.call('GET', `/v1.0/me/events/${ev.id}`, ann)).status, 404);
    const bad = await h.call<{ error: { code: string } }>('POST', '/v1.0/me/events', ann, { body: at('Backwards', '2026-12-03T10:00:00', '2026-12-03T09:00:00') });
    assert.equal(bad.status, 400);
  });

  test('GET /me/events pages with $top and a $skip nextLink, and refuses $filter rather than ignoring it', async () => {
    const bob = h.token(USERS.bob, CAL);
    for (let i = 0; i < 12; i++) await post(h, bob, at(`p${i}`, `2026-11-${String(10 + i).padStart(2, '0')}T09:00:00`, `2026-11-${String(10 + i).padStart(2, '0')}T10:00:00`));
    const first = await h.call<Page>('GET', '/v1.0/me/events', bob);
    assert.equal(first.body.value.length, 10);
    assert.match(first.body['@odata.nextLink']!, /(\$|%24)skip=10/);
    const second = await h.call<Page>('GET', first.body['@odata.nextLink']!, bob);
    assert.equal(second.body.value.length, 2);
    assert.equal(second.body['@odata.nextLink'], undefined);
    const sel = await h.call<Page>('GET', '/v1.0/me/events?$top=1&$select=subject', bob);
    assert.deepEqual(Object.keys(sel.body.value[0]!).sort(), ['@odata.etag', 'id', 'subject']);
    assert.equal((await h.call('GET', "/v1.0/me/events?$filter=subject eq 'p1'", bob)).status, 400);
  });

  test('transactionId: a retried POST returns the same event, no duplicate', async () => {
    const cat = h.token(USERS.cat, CAL);
    const body = at('Once', '2026-12-04T09:00:00', '2026-12-04T10:00:00', { transactionId: 'txn-7f1c' });
    const a = await post(h, cat, body);
    const b = await post(h, cat, body);
    assert.equal(b.id, a.id);
    assert.equal(a.transactionId, 'txn-7f1c');
    const list = await h.call<Page>('GET', '/v1.0/me/events', cat);
    assert.equal(list.body.value.filter((e) => e.subject === 'Once').length, 1);
    const stats = await h.ctl<{ transactionReplays: number }>('GET', '/control/calendar/stats');
    assert.ok(stats.body.transactionReplays >= 1);
  });

  test('changeKey and @odata.etag change with each edit; a stale If-Match or changeKey answers 412 ErrorIrresolvableConflict', async () => {
    const ev = await post(h, ann, at('Versioned', '2026-12-05T09:00:00', '2026-12-05T10:00:00'));
    assert.equal(ev['@odata.etag'], `W/"${ev.changeKey}"`);
    const v2 = (await h.call<EventJson>('PATCH', `/v1.0/me/events/${ev.id}`, ann, { body: { subject: 'v2' }, headers: { 'If-Match': ev['@odata.etag'] } })).body;
    assert.notEqual(v2.changeKey, ev.changeKey);
    assert.notEqual(v2['@odata.etag'], ev['@odata.etag']);
    const stale = await h.call<{ error: { code: string } }>('PATCH', `/v1.0/me/events/${ev.id}`, ann, { body: { subject: 'v3' }, headers: { 'If-Match': ev['@odata.etag'] } });
    assert.equal(stale.status, 412);
    assert.equal(stale.body.error.code, 'ErrorIrresolvableConflict');
    const staleKey = await h.call<{ error: { code: string } }>('PATCH', `/v1.0/me/events/${ev.id}`, ann, { body: { subject: 'v3', changeKey: ev.changeKey } });
    assert.equal(staleKey.status, 412);
    assert.equal(staleKey.body.error.code, 'ErrorIrresolvableConflict');
    const staleDelete = await h.call('DELETE', `/v1.0/me/events/${ev.id}`, ann, { headers: { 'If-Match': ev['@odata.etag'] } });
    assert.equal(staleDelete.status, 412);
    assert.equal((await h.call<EventJson>('GET', `/v1.0/me/events/${ev.id}`, ann)).body.subject, 'v2');
    const ok = await h.call('PATCH', `/v1.0/me/events/${ev.id}`, ann, { body: { subject: 'v3', changeKey: v2.changeKey }, headers: { 'If-Match': '*' } });
    assert.equal(ok.status, 200);
  });

  test('scopes: reads need Calendars.ReadBasic or more (no body with ReadBasic), writes need Calendars.ReadWrite; else 403 ErrorAccessDenied', async () => {
    const ev = await post(h, ann, at('Scoped', '2026-12-06T09:00:00', '2026-12-06T10:00:00', { body: { contentType: 'text', content: 'secret' } }));
    const mailOnly = h.token(USERS.ann, ['Mail.ReadWrite', 'User.Read']);
    const denied = await h.call<{ error: { code: string } }>('GET', '/v1.0/me/events', mailOnly);
    assert.equal(denied.status, 403);
    assert.equal(denied.body.error.code, 'ErrorAccessDenied');
    const reader = h.token(USERS.ann, ['Calendars.Read']);
    assert.equal((await h.call<EventJson>('GET', `/v1.0/me/events/${ev.id}`, reader)).body.bodyPreview, 'secret');
    assert.equal((await h.call('POST', '/v1.0/me/events', reader, { body: at('x', '2026-12-06T09:00:00', '2026-12-06T10:00:00') })).status, 403);
    assert.equal((await h.call('PATCH', `/v1.0/me/events/${ev.id}`, reader, { body: { subject: 'x' } })).status, 403);
    assert.equal((await h.call('DELETE', `/v1.0/me/events/${ev.id}`, reader)).status, 403);
    const basic = h.token(USERS.ann, ['Calendars.ReadBasic']);
    const b = await h.call<EventJson>('GET', `/v1.0/me/events/${ev.id}`, basic);
    assert.equal(b.status, 200);
    assert.equal(b.body.body, undefined);
    assert.equal(b.body.bodyPreview, undefined);
    assert.equal((await h.call('GET', '/v1.0/me/calendarView/delta?startDateTime=2026-12-01T00:00:00Z&endDateTime=2026-12-31T00:00:00Z', basic)).status, 200);
  });

  test('statistics count event writes and reads per mailbox', async () => {
    await h.ctl('POST', '/control/calendar/stats/reset');
    const ev = await post(h, ann, at('Counted', '2026-12-07T09:00:00', '2026-12-07T10:00:00'));
    await h.call('PATCH', `/v1.0/me/events/${ev.id}`, ann, { body: { subject: 'Counted 2' } });
    await h.call('GET', `/v1.0/me/events/${ev.id}`, ann);
    await h.call('GET', '/v1.0/me/calendarView?startDateTime=2026-12-01T00:00:00Z&endDateTime=2026-12-31T00:00:00Z', ann);
    const s = await h.ctl<{ writesByMailbox: Record<string, number>; readsByMailbox: Record<string, number> }>('GET', '/control/calendar/stats');
    assert.equal(s.body.writesByMailbox[USERS.ann.id], 2);
    assert.equal(s.body.readsByMailbox[USERS.ann.id], 2);
    const mail = await h.ctl<{ callsByEndpoint: Record<string, number> }>('GET', '/control/mail/stats');
    assert.ok((mail.body.callsByEndpoint['PATCH /me/events/:eventId'] ?? 0) >= 1);
  });
});
