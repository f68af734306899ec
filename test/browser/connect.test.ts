/**
 * Connecting Microsoft 365 through the web app in Chromium: Settings → Integrations → Connect
 * Microsoft → Tandem's review screen (one feature unticked) → the sandbox's sign-in and consent
 * pages → back on Settings showing Connected, with the unticked feature offering "Enable".
 *
 * Chromium trusts the sandbox's TLS certificate by its public-key pin only (no blanket
 * "ignore certificate errors").
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { signUpThroughUi } from '../helpers/browser.js';
import { startMicrosoftBrowser, type MicrosoftBrowser } from '../helpers/microsoftBrowser.js';
import { createTenantWithUsers, type TestSandbox } from '../helpers/sandbox.js';

const TIMEOUT = 15_000;

describe('connect Microsoft 365 in Chromium', { timeout: 180_000 }, () => {
  let sb: TestSandbox;
  let app: MicrosoftBrowser;
  let page: Page;
  let upn: string;
  const password = 'Passw0rd!';
  const pageErrors: string[] = [];

  before(async () => {
    app = await startMicrosoftBrowser(pageErrors, TIMEOUT);
    ({ sb, page } = app);
    const { users } = await createTenantWithUsers(sb, { domain: 'browser.onmicrosoft.com', users: [{ userPrincipalName: 'ada', password }] });
    upn = users[0]!.userPrincipalName;
  });

  after(() => app?.close());

  test('review, untick Calendar, sign in and consent, come back connected', async () => {
    await signUpThroughUi(page, 'Ada Lovelace', 'ada@example.test');

    await page.goto('/settings/integrations');
    await page.getByRole('button', { name: 'Connect Microsoft' }).click();
    const review = page.getByRole('group', { name: 'Review permissions' });
    await review.waitFor();
    const signIn = review.locator('li[data-feature="signIn"] input[type=checkbox]');
    assert.ok(await signIn.isChecked());
    assert.ok(await signIn.isDisabled(), 'sign-in scopes cannot be unticked');
    await review.locator('li[data-feature="calendar"] input[type=checkbox]').uncheck();
    // SharePoint starts unticked (an admin authorizes it for the org); everything else starts ticked.
    assert.equal(await review.locator('li[data-feature="sharepoint"] input[type=checkbox]').isChecked(), false);
    assert.ok(await review.locator('li[data-feature="mail"] input[type=checkbox]').isChecked());
    await review.getByRole('button', { name: 'Continue to Microsoft' }).click();

    await page.waitForURL(`${sb.urls.login}/**`);
    await page.locator('#login').fill(upn);
    await page.locator('#passwd').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const asked = await page.locator('#permissions li').evaluateAll((els) => els.map((e) => e.getAttribute('data-scope')));
    assert.ok(asked.includes('Mail.ReadWrite'));
    assert.ok(!asked.includes('Calendars.ReadWrite'), 'an unticked feature is not asked for');
    await page.getByRole('button', { name: 'Accept' }).click();

    await page.waitForURL('**/settings/integrations?**');
    await page.getByTestId('microsoft-status').filter({ hasText: 'Connected' }).waitFor();
    assert.equal(await page.getByTestId('microsoft-account').textContent(), upn);
    const calendar = page.locator('li[data-feature="calendar"]');
    assert.equal(await calendar.getAttribute('data-state'), 'declined');
    await calendar.getByRole('button', { name: 'Enable' }).waitFor();
    assert.equal(await page.locator('li[data-feature="mail"]').getAttribute('data-state'), 'granted');
    assert.deepEqual(pageErrors, []);
  });

  test('Enable, then Cancel at Microsoft: a plain sentence on Settings, nothing changed', async () => {
    await page.locator('li[data-feature="calendar"]').getByRole('button', { name: 'Enable' }).click();
    await page.waitForURL(`${sb.urls.login}/**`);
    assert.equal(await page.locator('#login').inputValue(), upn, 'the connected account is hinted');
    await page.locator('#passwd').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.waitForURL('**/settings/integrations?**');
    const notice = page.getByTestId('microsoft-notice');
    await notice.waitFor();
    assert.match((await notice.textContent()) ?? '', /You cancelled/);
    await page.getByTestId('microsoft-status').filter({ hasText: 'Connected' }).waitFor();
    assert.equal(await page.locator('li[data-feature="calendar"]').getAttribute('data-state'), 'declined');
    assert.deepEqual(pageErrors, []);
  });
});
