/**
 * People from mail in Chromium against the real server and the sandbox tenant (issue 11): a new
 * user connects a mailbox with sent and received mail, the People page fills with the people they
 * wrote to (company by domain, the source on the person page); "Everyone I exchange mail with" in
 * Settings brings in who wrote to them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { signUpThroughUi } from '../helpers/browser.js';
import { signInAtSandbox, startMicrosoftBrowser, type MicrosoftBrowser } from '../helpers/microsoftBrowser.js';
import { control, createTenantWithUsers, type TestSandbox } from '../helpers/sandbox.js';

const TIMEOUT = 20_000;
const SHOTS = process.env.TANDEM_SCREENSHOTS ?? '/tmp';

describe('people from mail in Chromium: connect, see the people I write to, widen the setting', { timeout: 300_000 }, () => {
  let sb: TestSandbox;
  let app: MicrosoftBrowser;
  let page: Page;
  let ada: { upn: string };
  const password = 'Passw0rd!';
  const pageErrors: string[] = [];

  before(async () => {
    app = await startMicrosoftBrowser(pageErrors, TIMEOUT);
    ({ sb, page } = app);
    const { users } = await createTenantWithUsers(sb, { domain: 'pfm.onmicrosoft.com', users: [{ userPrincipalName: 'ada', password, displayName: 'Ada Lovelace' }] });
    ada = { upn: users[0]!.userPrincipalName };
    await control(sb, 'POST', '/control/mail/sent', { mailbox: ada.upn, to: [{ name: 'Dana Client', address: 'dana@contoso.example' }], subject: 'Our proposal', body: 'Hi Dana' });
    await control(sb, 'POST', '/control/mail/deliver', { mailbox: ada.upn, from: { name: 'Frank Sender', address: 'frank@fabrikam.example' }, subject: 'Question', body: 'Hi Ada' });
    await control(sb, 'POST', '/control/mail/deliver', { mailbox: ada.upn, from: { name: 'Shop', address: 'no-reply@shop.example' }, subject: 'Your order', body: 'Thanks' });
  });

  after(() => app?.close());

  test('after connecting, People lists who I wrote to; Settings → everyone I exchange mail with adds who wrote to me', async () => {
    await signUpThroughUi(page, 'Ada Lovelace', 'ada@example.test');
    await page.goto('/settings/integrations');
    await page.getByRole('button', { name: 'Connect Microsoft' }).click();
    const review = page.getByRole('group', { name: 'Review permissions' });
    await review.getByRole('button', { name: 'Continue to Microsoft' }).click();
    await page.waitForURL(`${sb.urls.login}/**`);
    await signInAtSandbox(page, ada.upn, password);
    await page.getByTestId('microsoft-status').filter({ hasText: 'Connected' }).waitFor();

    const setting = page.getByTestId('people-from-mail');
    await setting.waitFor();
    assert.equal(await setting.getByLabel(/People I send mail to/).isChecked(), true, 'the default');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People' }).click();
    const table = page.getByRole('table', { name: 'People' });
    const dana = table.getByRole('row').filter({ hasText: 'Dana Client' });
    await dana.waitFor({ timeout: TIMEOUT });
    await dana.getByRole('link', { name: 'Contoso' }).waitFor({ timeout: TIMEOUT });
    assert.equal(await table.getByRole('row').filter({ hasText: 'Frank Sender' }).count(), 0, 'not someone I only received mail from');
    await page.screenshot({ path: `${SHOTS}/tandem-people-from-mail.png`, fullPage: true });

    await dana.getByRole('link', { name: 'Dana Client' }).click();
    await page.getByTestId('person-origin').filter({ hasText: `From mail — ${ada.upn}'s mailbox` }).waitFor();

    await page.goto('/settings/integrations');
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/workspace/people-from-mail') && r.request().method() === 'PUT'),
      setting.getByLabel(/Everyone I exchange mail with/).check(),
    ]);
    assert.equal(await setting.getByLabel(/Everyone I exchange mail with/).isChecked(), true);
    await setting.screenshot({ path: `${SHOTS}/tandem-people-from-mail-setting.png` });

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People' }).click();
    await table.getByRole('row').filter({ hasText: 'Frank Sender' }).waitFor({ timeout: TIMEOUT });
    assert.equal(await table.getByRole('row').filter({ hasText: 'shop.example' }).count(), 0, 'no no-reply sender');
    assert.deepEqual(pageErrors, []);
  });
});
