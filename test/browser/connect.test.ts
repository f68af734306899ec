/**
 * Connecting Microsoft 365 through the web app in Chromium: Settings → Integrations → Connect
 * Microsoft → Tandem's review screen (one feature unticked; features Tandem does not have yet
 * cannot be ticked) → the sandbox's sign-in and consent pages → back on Settings showing Connected,
 * the unticked feature plain "Off" with "Enable", and the missing ones "Coming soon". Then
 * Disconnect, which says what it removed and where the permissions can be withdrawn at Microsoft.
 *
 * Chromium trusts the sandbox's TLS certificate by its public-key pin only (no blanket
 * "ignore certificate errors").
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { signUpThroughUi } from '../helpers/browser.js';
import { startMicrosoftBrowser, type MicrosoftBrowser } from '../helpers/microsoftBrowser.js';
import { control, createTenantWithUsers, type TestSandbox } from '../helpers/sandbox.js';
import { withholdFeatures } from '../helpers/withheldFeatures.js';

const TIMEOUT = 15_000;
// Every feature ships today: two are withheld again, in this process, to test the coming-soon state.
const COMING_SOON = withholdFeatures();

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
    await control(sb, 'POST', '/control/mail/generate', { mailbox: users[0]!.id, count: 7 });
  });

  after(() => app?.close());

  test('review, untick contact suggestions, sign in and consent, come back connected; coming-soon features are neither asked nor on', async () => {
    assert.ok(COMING_SOON.length > 0);
    await signUpThroughUi(page, 'Ada Lovelace', 'ada@example.test');

    await page.goto('/settings/integrations');
    await page.getByRole('button', { name: 'Connect Microsoft' }).click();
    const review = page.getByRole('group', { name: 'Review permissions' });
    await review.waitFor();
    const box = (id: string) => review.locator(`li[data-feature="${id}"] input[type=checkbox]`);
    assert.ok(await box('signIn').isChecked());
    assert.ok(await box('signIn').isDisabled(), 'sign-in scopes cannot be unticked');
    for (const f of COMING_SOON) {
      assert.equal(await box(f.id).isChecked(), false, `${f.id} starts unticked`);
      assert.ok(await box(f.id).isDisabled(), `${f.id} cannot be ticked`);
      assert.match((await review.locator(`li[data-feature="${f.id}"]`).textContent()) ?? '', /Coming soon/);
    }
    assert.ok(await box('mail').isChecked());
    await box('people').uncheck();
    await review.getByRole('button', { name: 'Continue to Microsoft' }).click();

    await page.waitForURL(`${sb.urls.login}/**`);
    const scope = (new URL(page.url()).searchParams.get('scope') ?? '').toLowerCase();
    assert.ok(scope.includes('mail.readwrite'), scope);
    for (const f of COMING_SOON) for (const s of f.scopes) assert.ok(!scope.includes(s.toLowerCase()), `${s} is not asked for`);
    await page.locator('#login').fill(upn);
    await page.locator('#passwd').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const asked = await page.locator('#permissions li').evaluateAll((els) => els.map((e) => e.getAttribute('data-scope')));
    assert.ok(asked.includes('Mail.ReadWrite'));
    assert.ok(!asked.includes('People.Read'), 'an unticked feature is not asked for');
    const comingSoonScopes = COMING_SOON.flatMap((f) => f.scopes as readonly string[]);
    assert.deepEqual(asked.filter((s) => comingSoonScopes.includes(s ?? '')), [], 'the consent page lists only what Tandem uses');
    await page.getByRole('button', { name: 'Accept' }).click();

    await page.waitForURL('**/settings/integrations?**');
    await page.getByTestId('microsoft-status').filter({ hasText: 'Connected' }).waitFor();
    assert.equal(await page.getByTestId('microsoft-account').textContent(), upn);
    const people = page.locator('li[data-feature="people"]');
    assert.equal(await people.getAttribute('data-state'), 'declined');
    // Typically admin-only, but the tenant refused nothing: plain "Off", not "may need admin approval".
    assert.equal(await people.locator('.status').textContent(), 'Off');
    await people.getByRole('button', { name: 'Enable' }).waitFor();
    for (const f of COMING_SOON) {
      const row = page.locator(`li[data-feature="${f.id}"]`);
      assert.equal(await row.getAttribute('data-state'), 'coming_soon', f.id);
      assert.equal(await row.locator('.status').textContent(), 'Coming soon', f.id);
      assert.equal(await row.getByRole('button').count(), 0, `${f.id}: no Enable, no Authorize for the org`);
    }
    const summary = (await page.getByTestId('microsoft-summary').textContent()) ?? '';
    for (const f of COMING_SOON) assert.ok(summary.includes(f.shortTitle), `the card names ${f.shortTitle} as coming soon: ${summary}`);
    const mail = page.locator('li[data-feature="mail"]');
    assert.equal(await mail.getAttribute('data-state'), 'granted');
    assert.equal(await mail.locator('.status').textContent(), 'On');
    // The row says how its mail sync is doing, from the engine's health (initial n%, live, polling, error).
    await mail.locator('[data-resource="mail"][data-sync-state]').waitFor();
    assert.match((await mail.locator('[data-resource="mail"]').textContent()) ?? '', /^(Initial sync (\d+%|\(\d+ so far\))|Live|Polling|Error)/);
    assert.deepEqual(pageErrors, []);
  });

  test('Enable, then Cancel at Microsoft: a plain sentence on Settings, nothing changed', async () => {
    await page.locator('li[data-feature="people"]').getByRole('button', { name: 'Enable' }).click();
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
    assert.equal(await page.locator('li[data-feature="people"]').getAttribute('data-state'), 'declined');
    assert.deepEqual(pageErrors, []);
  });

  test('Disconnect says what it removed and where to withdraw the permissions at Microsoft', async () => {
    await page.locator('li[data-feature="mail"] [data-resource="mail"]').filter({ hasText: /^Live/ }).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Disconnect' }).click();
    await page.getByRole('alertdialog', { name: 'Confirm disconnect' }).getByRole('button', { name: 'Yes, disconnect' }).click();
    const receipt = page.getByTestId('disconnect-receipt').filter({ hasText: 'Disconnected' });
    await receipt.waitFor();
    await page.getByTestId('microsoft-status').filter({ hasText: 'Not connected' }).waitFor();
    const text = (await receipt.textContent()) ?? '';
    assert.ok(text.includes(`Disconnected ${upn}.`), text);
    // The generated mail may have been sent to outside people, whom people from mail made and the disconnect removed.
    assert.match(text, /Removed from Tandem: 7 emails(, \d+ (person|people) made from your mail)?\./);
    assert.match(text, /Nothing was changed or deleted in Microsoft 365/);
    assert.match(text, /To withdraw them, remove Tandem in My Apps/);
    await receipt.getByRole('button', { name: 'Dismiss' }).click();
    await receipt.waitFor({ state: 'detached' });
    await page.reload();
    await page.getByRole('button', { name: 'Connect Microsoft' }).waitFor();
    assert.equal(await page.getByTestId('disconnect-receipt').count(), 0, 'dismissed for good');
    assert.deepEqual(pageErrors, []);
  });
});
