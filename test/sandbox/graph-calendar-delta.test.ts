import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CAL, at, deltaRound, post, type EventJson, type Page } from './calendarHarness.js';
import { USERS, startGraphHarness, type GraphHarness } from './graphHarness.js';

const WINDOW = 'startDateTime=2026-12-01T00:00:00Z&endDateTime=2027-01-01T00:00:00Z';
const DELTA = `/v1.0/me/calendarView/delta?${WINDOW}`;

describe('sandbox Graph calendar: calendarView delta', () => {
  let h: GraphHarness;
  let ann: string;
  before(async () => {
    h = await startGraphHarness();
    ann = h.token(USERS.ann, CAL);
    await h.ctl('PUT', '/control/delta/replays', { resource: 'calendar', mode: 'off', emptyPages: false });
    for (let i = 0; i < 23; i++) await post(h, ann, at(`e${i}`, `2026-12-${String(1 + i).padStart(2, '0')}T09:00:00`, `2026-12-${String(1 + i).padStart(2, '0')}T10:00:00`));
    await post(h, ann, at('outside', '2027-02-01T09:00:00', '2027-02-01T10:00:00'));
  });
  after(() => h.close());

  test('initial round: default page size 10, sealed opaque tokens that keep the window, ends in a deltaLink', async () => {
    const r = await deltaRound(h, ann, DELTA);
    assert.deepEqual(r.pages.map((p) => p.body.value.length), [10, 10, 3]);
    assert.equal(new Set(r.items.map((i) => i.id)).size, 23);
    assert.ok(!r.items.some((i) => i.subject === 'outside'));
    assert.equal(r.items[0]!['@odata.type'], '#microsoft.graph.event');
    const next = r.pages[0]!.body['@odata.nextLink']!;
    assert.match(next, /^https:\/\/graph\.test\/v1\.0\/me\/calendarView\/delta\?\$skiptoken=[A-Za-z0-9_-]{40,}$/);
    assert.match(r.deltaLink, /\/v1\.0\/me\/calendarView\/delta\?\$deltatoken=[A-Za-z0-9_-]{40,}$/);
    assert.ok(!/startDateTime|2026/.test(next + r.deltaLink), 'the window lives inside the token');
  });

  test('page size comes only from Prefer: odata.maxpagesize; query options are refused with 400', async () => {
    const r = await deltaRound(h, ann, DELTA, { Prefer: 'odata.maxpagesize=7' });
    assert.deepEqual(r.pages.map((p) => p.body.value.length), [7, 7, 7, 2]);
    assert.equal(r.pages[0]!.headers['preference-applied'], 'odata.maxpagesize=7');
    for (const opt of ['$select=subject', '$filter=subject%20eq%20%27e1%27', '$orderby=start/dateTime', '$expand=attachments', '$search=%22e1%22', '$top=5']) {
      const bad = await h.call('GET', `${DELTA}&${opt}`, ann);
      assert.equal(bad.status, 400, opt);
    }
  });

  test('incremental round: created, updated, deleted, and moved out of the window (@removed)', async () => {
    const base = await deltaRound(h, ann, DELTA, { Prefer: 'odata.maxpagesize=100' });
    const [a, b, c] = base.items;
    const added = await post(h, ann, at('fresh', '2026-12-28T09:00:00', '2026-12-28T10:00:00'));
    await h.call('PATCH', `/v1.0/me/events/${a!.id}`, ann, { body: { subject: 'renamed' } });
    await h.call('DELETE', `/v1.0/me/events/${b!.id}`, ann);
    await h.call('PATCH', `/v1.0/me/events/${c!.id}`, ann, { body: { start: { dateTime: '2027-03-01T09:00:00', timeZone: 'UTC' }, end: { dateTime: '2027-03-01T10:00:00', timeZone: 'UTC' } } });
    await post(h, ann, at('still outside', '2027-02-02T09:00:00', '2027-02-02T10:00:00'));
    const inc = await deltaRound(h, ann, base.deltaLink);
    const live = inc.items.filter((i) => !i['@removed']);
    const gone = inc.items.filter((i) => i['@removed']);
    assert.deepEqual(live.map((i) => i.subject).sort(), ['fresh', 'renamed']);
    assert.ok(live.some((i) => i.id === added.id));
    assert.deepEqual(gone.map((i) => i.id).sort(), [b!.id, c!.id].sort());
    assert.ok(gone.every((i) => i['@removed']!.reason === 'deleted' && Object.keys(i).length === 3));
    const quiet = await deltaRound(h, ann, inc.deltaLink);
    assert.equal(quiet.items.length, 0);
  });

  test('series: occurrences and exceptions in the window; a cancelled occurrence comes back as @removed', async () => {
    const bob = h.token(USERS.bob, CAL);
    const s = await post(h, bob, at('Daily', '2026-12-01T08:00:00', '2026-12-01T08:15:00', { recurrence: { pattern: { type: 'daily', interval: 1 }, range: { type: 'noEnd', startDate: '2026-12-01' } } }));
    const base = await deltaRound(h, bob, DELTA, { Prefer: 'odata.maxpagesize=8' });
    assert.equal(base.items.length, 31);
    assert.ok(base.items.every((i) => i.type === 'occurrence' && i.seriesMasterId === s.id));
    assert.equal(new Set(base.items.map((i) => i.id)).size, 31, 'a page boundary inside a series loses nothing and repeats nothing');
    const victim = base.items[4]!;
    const edited = base.items[6]!;
    await h.call('DELETE', `/v1.0/me/events/${victim.id}`, bob);
    await h.call('PATCH', `/v1.0/me/events/${edited.id}`, bob, { body: { subject: 'Special' } });
    const inc = await deltaRound(h, bob, base.deltaLink, { Prefer: 'odata.maxpagesize=1000' });
    assert.deepEqual(inc.items.filter((i) => i['@removed']).map((i) => i.id), [victim.id]);
    const ex = inc.items.find((i) => i.id === edited.id && !i['@removed']);
    assert.equal(ex?.type, 'exception');
    assert.equal(ex?.subject, 'Special');
  });

  test('per-calendar delta, and a token is bound to its calendar', async () => {
    const cal = (await h.call<{ id: string }>('GET', '/v1.0/me/calendar', ann)).body.id;
    const r = await deltaRound(h, ann, `/v1.0/me/calendars/${cal}/calendarView/delta?${WINDOW}`, { Prefer: 'odata.maxpagesize=100' });
    assert.ok(r.items.length > 20);
    const other = await h.call<{ id: string }>('POST', '/v1.0/me/calendars', ann, { body: { name: 'Other' } });
    const token = r.deltaLink.split('$deltatoken=')[1]!;
    const wrong = await h.call<{ error: { code: string } }>('GET', `/v1.0/me/calendars/${other.body.id}/calendarView/delta?$deltatoken=${token}`, ann);
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.error.code, 'ErrorInvalidSyncStateData');
    const tampered = await h.call('GET', `${DELTA.split('?')[0]}?$deltatoken=${token.slice(0, -3)}abc`, ann);
    assert.equal(tampered.status, 400);
  });

  test('eviction: earlier tokens answer 410 with a Location that restarts the same window', async () => {
    const base = await deltaRound(h, ann, DELTA, { Prefer: 'odata.maxpagesize=100' });
    const ev = await h.ctl('POST', '/control/delta/evict', { resource: 'calendar', mailbox: USERS.ann.userPrincipalName, code: 'resyncRequired' });
    assert.equal(ev.status, 200);
    const gone = await h.call<{ error: { code: string } }>('GET', base.deltaLink, ann);
    assert.equal(gone.status, 410);
    assert.equal(gone.body.error.code, 'resyncRequired');
    const location = String(gone.headers.location);
    assert.match(location, /^https:\/\/graph\.test\/v1\.0\/me\/calendarView\/delta\?startDateTime=2026-12-01T00:00:00\.000Z&endDateTime=2027-01-01T00:00:00\.000Z$/);
    const again = await deltaRound(h, ann, location, { Prefer: 'odata.maxpagesize=100' });
    assert.equal(again.items.length, base.items.length);
    // Mail's tokens are untouched by a calendar eviction.
    assert.equal((await h.call('GET', '/v1.0/me/mailFolders/inbox/messages/delta', h.token(USERS.ann, ['Mail.Read']))).status, 200);
  });

  test('replays and empty pages are per resource: items may repeat, a round still ends complete', async () => {
    await h.ctl('PUT', '/control/delta/replays', { resource: 'calendar', mode: 'always', emptyPages: true });
    const r = await deltaRound(h, ann, DELTA, { Prefer: 'odata.maxpagesize=5' });
    assert.equal(r.pages[0]!.body.value.length, 0);
    assert.ok(r.pages[0]!.body['@odata.nextLink']);
    assert.ok(r.items.length > new Set(r.items.map((i) => i.id)).size, 'some items were replayed');
    const clean = await deltaRound(h, ann, DELTA, { Prefer: 'odata.maxpagesize=100' });
    assert.deepEqual(new Set(r.items.map((i) => i.id)), new Set(clean.items.map((i) => i.id)));
    const mail = await h.ctl<{ mode: string }>('PUT', '/control/mail/delta/replays', {});
    assert.notEqual(mail.body.mode, 'always');
    await h.ctl('PUT', '/control/delta/replays', { resource: 'calendar', mode: 'off', emptyPages: false });
  });

  test('a large initial round is cheap: 2,000 events and 40 series in pages of 1,000', async () => {
    const gen = await h.ctl<{ ms: number }>('POST', `/control/calendar/${USERS.cat.id}/generate`, { events: 2000, series: 40, daysBack: 30, daysAhead: 60 });
    assert.equal(gen.status, 200);
    const cat = h.token(USERS.cat, CAL);
    const now = Date.now();
    const from = new Date(now - 31 * 86_400_000).toISOString();
    const to = new Date(now + 61 * 86_400_000).toISOString();
    const started = performance.now();
    const r = await deltaRound(h, cat, `/v1.0/me/calendarView/delta?startDateTime=${from}&endDateTime=${to}`, { Prefer: 'odata.maxpagesize=1000' });
    const ms = performance.now() - started;
    assert.ok(r.items.length > 2000);
    assert.equal(new Set(r.items.map((i: EventJson) => i.id)).size, r.items.length);
    assert.ok(ms < 5000, `initial round took ${Math.round(ms)} ms`);
    const listed = await h.call<Page>('GET', `/v1.0/me/calendarView?startDateTime=${from}&endDateTime=${to}&$top=5`, cat);
    assert.equal(listed.body.value.length, 5);
  });
});
