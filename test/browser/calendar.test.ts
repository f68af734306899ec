/**
 * The calendar in Chromium against the real server and the sandbox tenant (issue 8, section 3):
 * connect Microsoft 365 without the calendar, see the Calendar page say so and offer "Enable",
 * run that incremental consent; then schedule a meeting from a person page, find it in the
 * sandbox's Outlook calendar, change it "in Outlook" through the sandbox's control API, and watch
 * the change arrive live (no reload) on the Calendar page and on the person's timeline.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { addDays, instantOf, parseDay, todayIn } from '../../web/src/calendar/zone.js';
import { signUpThroughUi } from '../helpers/browser.js';
import { startMicrosoftBrowser, type MicrosoftBrowser } from '../helpers/microsoftBrowser.js';
import { control, createTenantWithUsers, type TestSandbox } from '../helpers/sandbox.js';
import { waitFor } from '../helpers/wait.js';

const TIMEOUT = 20_000;
const SHOTS = process.env.TANDEM_SCREENSHOTS ?? '/tmp';

/** An event as the sandbox's calendar control API lists it (Graph's event shape). */
interface SandboxEvent {
  id: string;
  subject: string;
  start: { dateTime: string; timeZone: string };
  end: { dateTime: string; timeZone: string };
  attendees?: { emailAddress: { address: string } }[];
}

/** Graph dateTime + timeZone "UTC" → epoch ms. */
const utcMs = (t: { dateTime: string; timeZone: string }) => {
  assert.equal(t.timeZone, 'UTC', 'the control API reports times in UTC');
  return Date.parse(`${t.dateTime.replace(/Z$/, '').slice(0, 19)}Z`);
};

describe('calendar in Chromium: Enable, schedule from a person, Outlook changes arrive live', { timeout: 300_000 }, () => {
  let sb: TestSandbox;
  let app: MicrosoftBrowser;
  let page: Page;
  let ada: { upn: string };
  let bob: { upn: string; mail: string };
  const password = 'Passw0rd!';
  const pageErrors: string[] = [];
  const subject = `Pipeline review ${randomUUID().slice(0, 8)}`;
  const moved = `Pipeline review, moved ${randomUUID().slice(0, 8)}`;

  const sandboxEvents = (upn: string) => control<{ value: SandboxEvent[] }>(sb, 'GET', `/control/calendar/${encodeURIComponent(upn)}/events`);
  /** What the user does "in Outlook": the control API changes the event as its organizer. */
  const changeInOutlook = async (upn: string, id: string, patch: Record<string, unknown>) => {
    const res = await sb.fetch(`${sb.urls.control}/control/calendar/${encodeURIComponent(upn)}/events/${encodeURIComponent(id)}`, {
      method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(patch),
    });
    assert.equal(res.status, 200, await res.text());
  };

  before(async () => {
    app = await startMicrosoftBrowser(pageErrors, TIMEOUT);
    ({ sb, page } = app);
    const { users } = await createTenantWithUsers(sb, {
      domain: 'calendar.onmicrosoft.com',
      users: [{ userPrincipalName: 'ada', password, displayName: 'Ada Lovelace' }, { userPrincipalName: 'bob', password, displayName: 'Bob Builder' }],
    });
    ada = { upn: users[0]!.userPrincipalName };
    bob = { upn: users[1]!.userPrincipalName, mail: users[1]!.mail };
  });

  after(() => app?.close());

  test('without the calendar permission the Calendar page says so and Enable runs incremental consent', async () => {
    await signUpThroughUi(page, 'Ada Lovelace', 'ada@example.test');
    await page.goto('/settings/integrations');
    await page.getByRole('button', { name: 'Connect Microsoft' }).click();
    const review = page.getByRole('group', { name: 'Review permissions' });
    await review.locator('li[data-feature="calendar"] input[type=checkbox]').uncheck();
    await review.getByRole('button', { name: 'Continue to Microsoft' }).click();
    await page.waitForURL(`${sb.urls.login}/**`);
    await page.locator('#login').fill(ada.upn);
    await page.locator('#passwd').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Accept' }).click();
    await page.getByTestId('microsoft-status').filter({ hasText: 'Connected' }).waitFor();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Calendar' }).click();
    const gate = page.getByTestId('calendar-gate');
    await gate.filter({ hasText: 'does not have access to your Outlook calendar' }).waitFor();
    await page.screenshot({ path: `${SHOTS}/tandem-calendar-enable.png`, fullPage: true });
    await gate.getByRole('button', { name: 'Enable' }).click();

    await page.waitForURL(`${sb.urls.login}/**`);
    assert.equal(await page.locator('#login').inputValue(), ada.upn, 'the connected account is hinted');
    await page.locator('#passwd').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const asked = await page.locator('#permissions li').evaluateAll((els) => els.map((e) => e.getAttribute('data-scope')));
    assert.ok(asked.includes('Calendars.ReadWrite'), `Enable asks for the calendar (asked: ${asked.join(', ')})`);
    await page.getByRole('button', { name: 'Accept' }).click();
    await page.waitForURL('**/settings/integrations?**');
    await page.locator('li[data-feature="calendar"][data-state="granted"]').waitFor();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Calendar' }).click();
    await page.getByTestId('calendar-zone').waitFor();
    assert.equal(await page.getByTestId('calendar-gate').count(), 0);
    assert.deepEqual(pageErrors, []);
  });

  test('schedule from a person page: in Outlook, then an Outlook change shows live on the Calendar page and the timeline', async () => {
    // A CRM person whose address is another user of the tenant.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People' }).click();
    await page.getByRole('button', { name: 'New person' }).click();
    const form = page.getByRole('form', { name: 'New person' });
    await form.getByLabel('Name').fill('Bob Builder');
    await form.getByLabel('Emails').fill(bob.mail);
    await form.getByRole('button', { name: 'Create person' }).click();
    await page.getByRole('table', { name: 'People' }).getByRole('link', { name: 'Bob Builder' }).click();
    await page.waitForURL('**/people/*');
    const personUrl = new URL(page.url()).pathname;

    // The form's times are in the calendar's zone (the mailbox's, else the browser's); the page shows which.
    await page.getByRole('button', { name: 'Schedule meeting' }).click();
    const meeting = page.getByRole('form', { name: 'Schedule meeting' });
    await meeting.waitFor();
    assert.match((await meeting.locator('.meeting-times .hint').textContent()) ?? '', /Times in /);
    const invited = meeting.getByRole('list', { name: 'Invited' });
    await invited.getByText('Bob Builder').waitFor(); // the person is preselected
    const calendarPage = await page.context().newPage();
    calendarPage.on('pageerror', (err) => pageErrors.push(err.message));
    await calendarPage.goto('/calendar');
    const zone = (await calendarPage.getByTestId('calendar-zone').getAttribute('data-zone'))!;
    const day = addDays(todayIn(zone), 2);
    await meeting.getByLabel('Subject', { exact: true }).fill(subject);
    await meeting.getByLabel('Date', { exact: true }).fill(day);
    await meeting.getByLabel('Start', { exact: true }).fill('10:00');
    await meeting.getByLabel('End', { exact: true }).fill('11:00');
    await meeting.getByLabel('Location', { exact: true }).fill('Room 4');
    await meeting.getByRole('button', { name: 'Schedule' }).click();
    await page.getByRole('status').filter({ hasText: `Scheduled “${subject}”` }).waitFor();

    // It is in Ada's calendar in the sandbox, at 10:00 on that day in that zone, with Bob invited.
    const start = instantOf({ ...parseDay(day), hour: 10, minute: 0 }, zone).getTime();
    const inOutlook = await waitFor(async () => (await sandboxEvents(ada.upn)).value.find((e) => e.subject === subject), { timeoutMs: TIMEOUT, message: 'the meeting in the sandbox calendar' });
    assert.equal(utcMs(inOutlook.start), start);
    assert.equal(utcMs(inOutlook.end), start + 3_600_000);
    assert.ok(inOutlook.attendees?.some((a) => a.emailAddress.address.toLowerCase() === bob.mail.toLowerCase()), 'Bob is invited');

    // The meeting shows on Bob's timeline and on the Calendar page (its week).
    const timelineEntry = (text: string) => page.getByRole('list', { name: 'Timeline entries' }).getByRole('listitem').filter({ hasText: text });
    await timelineEntry(subject).waitFor();
    await calendarPage.goto(`/calendar?view=week&date=${day}`);
    const chip = (text: string) => calendarPage.locator(`.week-col[data-day="${day}"]`).getByTestId('calendar-event').filter({ hasText: text });
    await chip(subject).waitFor();
    await calendarPage.screenshot({ path: `${SHOTS}/tandem-calendar-week.png`, fullPage: true });

    // Changed in Outlook: a new subject, an hour later. Both pages follow without a reload.
    await page.evaluate(() => Object.assign(window, { notReloaded: true }));
    await changeInOutlook(ada.upn, inOutlook.id, {
      subject: moved,
      start: { dateTime: new Date(start + 3_600_000).toISOString().slice(0, 19), timeZone: 'UTC' },
      end: { dateTime: new Date(start + 7_200_000).toISOString().slice(0, 19), timeZone: 'UTC' },
    });
    await chip(moved).waitFor({ timeout: 30_000 });
    await chip(moved).getByRole('button').click();
    const when = calendarPage.getByRole('complementary', { name: 'Event details' }).getByTestId('event-when');
    const hm = (ms: number) => new Date(ms).toLocaleTimeString(undefined, { timeZone: zone, hour: 'numeric', minute: '2-digit' });
    await waitFor(async () => (await when.textContent())?.includes(`${hm(start + 3_600_000)} – ${hm(start + 7_200_000)}`), { timeoutMs: TIMEOUT, message: 'the new time in the details' });
    assert.equal(await chip(subject).count(), 0, 'the old subject is gone from the week');
    await timelineEntry(moved).waitFor({ timeout: 30_000 });
    // The timeline shows the meeting's range (in this browser's zone, like the rest of the timeline) and who is in it.
    const browserZone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
    const hmHere = (ms: number) => new Date(ms).toLocaleTimeString(undefined, { timeZone: browserZone, hour: 'numeric', minute: '2-digit' });
    await timelineEntry(moved).filter({ hasText: `${hmHere(start + 3_600_000)} – ${hmHere(start + 7_200_000)}` }).filter({ hasText: 'Bob Builder' }).waitFor();
    assert.equal(new URL(page.url()).pathname, personUrl);
    assert.equal(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded), true, 'the person page was not reloaded');
    await calendarPage.screenshot({ path: `${SHOTS}/tandem-calendar-moved.png`, fullPage: true });
    await page.screenshot({ path: `${SHOTS}/tandem-calendar-timeline.png`, fullPage: true });
    await calendarPage.close();
    assert.deepEqual(pageErrors, []);
  });
});
