/**
 * A first connect the tenant refuses ("needs admin approval"), in Chromium: Tandem explains it in
 * plain words, and "Connect with only …" connects with the features people can usually approve
 * for themselves, leaving the rest to Enable or to an administrator.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { signUpThroughUi } from '../helpers/browser.js';
import { startMicrosoftBrowser, type MicrosoftBrowser } from '../helpers/microsoftBrowser.js';
import { control, createTenantWithUsers, type TestSandbox } from '../helpers/sandbox.js';

describe('a refused first connect in Chromium', { timeout: 180_000 }, () => {
  let sb: TestSandbox;
  let app: MicrosoftBrowser;
  let page: Page;
  let upn: string;
  const password = 'Passw0rd!';
  const pageErrors: string[] = [];

  before(async () => {
    app = await startMicrosoftBrowser(pageErrors);
    ({ sb, page } = app);
    const { tenant, users } = await createTenantWithUsers(sb, { domain: 'refused.onmicrosoft.com', users: [{ userPrincipalName: 'ben', password }] });
    await control(sb, 'PUT', `/control/tenants/${tenant.id}/admin-only-scopes`, { scopes: ['People.Read'] });
    upn = users[0]!.userPrincipalName;
  });

  after(() => app?.close());

  test('everything ticked, refused at Microsoft, then "Connect with only …" connects without the blocked feature', async () => {
    await signUpThroughUi(page, 'Ben Refused', 'ben@example.test');
    await page.goto('/settings/integrations');
    await page.getByRole('button', { name: 'Connect Microsoft' }).click();
    const review = page.getByRole('group', { name: 'Review permissions' });
    assert.ok(await review.locator('li[data-feature="people"] input[type=checkbox]').isChecked());
    await review.getByRole('button', { name: 'Continue to Microsoft' }).click();

    await page.waitForURL(`${sb.urls.login}/**`);
    await page.locator('#login').fill(upn);
    await page.locator('#passwd').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: /Return to the application/ }).click();

    const help = page.getByTestId('microsoft-admin-approval');
    await help.waitFor();
    assert.match((await help.textContent()) ?? '', /requires an administrator to approve/);
    assert.match((await help.textContent()) ?? '', /Contact suggestions/);
    const only = help.getByRole('button', { name: /^Connect with only / });
    assert.doesNotMatch((await only.textContent()) ?? '', /contact suggestions/i);
    // Laid out top to bottom: the choices are not squeezed into narrow columns beside the text.
    assert.ok((await only.boundingBox())!.height < 60, 'the button reads on one line');
    await only.click();

    await page.waitForURL(`${sb.urls.login}/**`);
    // Microsoft may or may not ask for the password again on the second trip.
    await page.locator('#passwd').or(page.getByRole('button', { name: 'Accept' })).first().waitFor();
    if (await page.locator('#passwd').isVisible()) {
      await page.locator('#login').fill(upn);
      await page.locator('#passwd').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
    }
    await page.getByRole('button', { name: 'Accept' }).click();
    await page.waitForURL('**/settings/integrations?**');
    await page.getByTestId('microsoft-status').filter({ hasText: 'Connected' }).waitFor();
    assert.equal(await page.locator('li[data-feature="mail"]').getAttribute('data-state'), 'granted');
    assert.equal(await page.locator('li[data-feature="people"]').getAttribute('data-state'), 'declined');
    await page.locator('li[data-feature="people"]').getByRole('button', { name: 'Authorize contact suggestions for the org' }).waitFor();
    assert.deepEqual(pageErrors, []);
  });
});
