/**
 * Scheduling pages in Chromium (issue 10): the owner connects Microsoft 365, creates a Teams
 * scheduling page; a guest (a separate browser context, no account) books a time on the public
 * page and sees the Teams link; the owner's page shows the booking live, without a reload.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { signUpThroughUi } from '../helpers/browser.js';
import { signInAtSandbox, startMicrosoftBrowser, type MicrosoftBrowser } from '../helpers/microsoftBrowser.js';
import { createTenantWithUsers, type TestSandbox } from '../helpers/sandbox.js';

const TIMEOUT = 20_000;

describe('scheduling pages in Chromium: a guest books a Teams meeting, the owner sees it live', { timeout: 240_000 }, () => {
  let sb: TestSandbox;
  let app: MicrosoftBrowser;
  let page: Page;
  let guestContext: BrowserContext;
  let owner: string;
  const password = 'Passw0rd!';
  const pageErrors: string[] = [];
  const slug = `demo-${Date.now().toString(36)}`;

  before(async () => {
    app = await startMicrosoftBrowser(pageErrors, TIMEOUT);
    ({ sb, page } = app);
    const { users } = await createTenantWithUsers(sb, { domain: 'booking.onmicrosoft.com', users: [{ userPrincipalName: 'olga', password }] });
    owner = users[0]!.userPrincipalName;
  });
  after(async () => {
    await guestContext?.close();
    await app?.close();
  });

  test('create a Teams page, book it as a guest, see the booking appear on the owner’s page', async () => {
    await signUpThroughUi(page, 'Olga Owner', 'olga@example.test');
    await page.goto('/settings/integrations');
    await page.getByRole('button', { name: 'Connect Microsoft' }).click();
    await page.getByRole('group', { name: 'Review permissions' }).getByRole('button', { name: 'Continue to Microsoft' }).click();
    await page.waitForURL(`${sb.urls.login}/**`);
    await signInAtSandbox(page, owner, password);
    await page.getByTestId('microsoft-status').filter({ hasText: 'Connected' }).waitFor();

    await page.getByRole('link', { name: 'Scheduling' }).click();
    await page.getByRole('button', { name: 'New page' }).click();
    const form = page.getByRole('form', { name: 'New scheduling page' });
    await form.getByLabel('Title').fill('Demo call');
    await form.getByLabel('Address (slug)').fill(slug);
    for (const day of ['Sat', 'Sun']) await form.getByLabel(day, { exact: true }).check();
    await form.getByLabel('From').fill('00:00');
    await form.getByLabel('To').fill('23:30');
    await form.getByLabel('Time zone').fill('UTC');
    await form.getByLabel('Minimum notice (minutes)').fill('60');
    assert.equal(await form.getByLabel('Location').inputValue(), 'teams', 'Teams is offered: the calendar allows it');
    await form.getByRole('button', { name: 'Create page' }).click();
    const card = page.locator(`li[data-slug="${slug}"]`);
    await card.waitFor();
    const publicUrl = (await card.getByRole('link').first().textContent()) ?? '';
    assert.ok(publicUrl.endsWith(`/book/${slug}`), publicUrl);

    // The guest: another context, no session cookie.
    guestContext = await page.context().browser()!.newContext({ baseURL: app.env.url, timezoneId: 'Asia/Tokyo' });
    const guest = await guestContext.newPage();
    guest.on('pageerror', (err) => pageErrors.push(err.message));
    await guest.goto(`/book/${slug}`);
    await guest.getByRole('heading', { name: 'Demo call' }).waitFor();
    assert.equal(await guest.getByLabel('Time zone').inputValue(), 'Asia/Tokyo', 'times are shown in the guest’s zone');
    const first = guest.getByRole('list', { name: 'Free times' }).getByRole('button').first();
    await first.waitFor();
    await first.click();
    await guest.getByLabel('Your name').fill('Gus Guest');
    await guest.getByLabel('Email').fill('gus@outside.example');
    await guest.getByRole('button', { name: 'Book' }).click();
    const result = guest.getByTestId('booking-result');
    await result.and(guest.locator('[data-status="confirmed"]')).waitFor({ timeout: 30_000 });
    assert.match((await guest.getByTestId('join-url').getAttribute('href')) ?? '', /^https:\/\//);

    // The owner's page, never reloaded, tells them and shows it.
    await page.getByRole('status').filter({ hasText: 'New booking confirmed' }).waitFor();
    await card.locator('tr[data-status="confirmed"]').filter({ hasText: 'gus@outside.example' }).waitFor();
    assert.deepEqual(pageErrors, []);
  });
});
