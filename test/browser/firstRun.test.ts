/**
 * The first run as the README tells a newcomer: `npm start` (bin/tandem.ts with the sandbox
 * in-process), sign up, Connect Microsoft, sign in as a demo user. Chromium is given no certificate
 * pin and no CA: the sandbox's sign-in pages must come up on loopback HTTP with no warning, while
 * Tandem's own token and Graph calls stay on HTTPS. Then Disconnect, and remove Tandem's access in
 * the sandbox's My Apps, which the receipt links to.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { ensureWebBuilt, launchBrowser, openAppPage, signUpThroughUi } from '../helpers/browser.js';
import { signInAtSandbox } from '../helpers/microsoftBrowser.js';
import { startTandemOnFreePort, type TandemProcess } from '../helpers/process.js';

const TIMEOUT = 20_000;

describe('first run from the README, in a Chromium that trusts nothing extra', { timeout: 240_000 }, () => {
  let tandem: TandemProcess;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const httpsFailures: string[] = [];

  before(async () => {
    await ensureWebBuilt();
    const dataDir = mkdtempSync(join(tmpdir(), 'tandem-first-run-'));
    tandem = await startTandemOnFreePort(async (port) => ({
      TANDEM_DATA_DIR: dataDir, PUBLIC_URL: `http://localhost:${port}`,
      SANDBOX_LOGIN_PORT: '0', SANDBOX_GRAPH_PORT: '0', SANDBOX_CONTROL_PORT: '0', SANDBOX_SIGNIN_PORT: '0',
    }));
    browser = await launchBrowser();
    ({ page } = await openAppPage(browser, tandem.url.replace('127.0.0.1', 'localhost'), pageErrors, TIMEOUT));
    page.on('requestfailed', (r) => { if (r.url().startsWith('https:')) httpsFailures.push(`${r.url()}: ${r.failure()?.errorText}`); });
  });

  after(async () => {
    await browser?.close();
    await tandem?.stop();
  });

  test('Connect Microsoft reaches the sandbox sign-in on http://localhost and comes back connected', async () => {
    await signUpThroughUi(page, 'Nia Newcomer', 'nia@example.test');
    await page.goto('/settings/integrations');
    await page.getByRole('button', { name: 'Connect Microsoft' }).click();
    await page.getByRole('group', { name: 'Review permissions' }).getByRole('button', { name: 'Continue to Microsoft' }).click();

    await page.locator('#passwd').waitFor();
    const signIn = new URL(page.url());
    assert.equal(signIn.protocol, 'http:', page.url());
    assert.equal(signIn.hostname, 'localhost');
    assert.match(signIn.pathname, /\/oauth2\/v2\.0\/authorize$/);
    assert.match(tandem.output(), new RegExp(`sign-in pages http://localhost:${signIn.port}`), 'the banner names where the browser signs in');

    await signInAtSandbox(page, 'adele@contoso.onmicrosoft.com', 'Contoso-User-1');

    await page.waitForURL('**/settings/integrations?**');
    await page.getByTestId('microsoft-status').filter({ hasText: 'Connected' }).waitFor();
    assert.equal(await page.getByTestId('microsoft-account').textContent(), 'adele@contoso.onmicrosoft.com');
    // Tandem redeemed the code and reads Graph over HTTPS with the sandbox CA: mail arrives.
    await page.goto('/inbox');
    await page.getByRole('list', { name: 'Messages' }).getByRole('listitem').first().waitFor({ timeout: 60_000 });
    assert.deepEqual(httpsFailures, [], 'the browser never had to open an https page it could not verify');
    assert.deepEqual(pageErrors, []);
  });

  test('Disconnect links to the sandbox’s My Apps, where the user removes Tandem’s access', async () => {
    await page.goto('/settings/integrations');
    await page.getByRole('button', { name: 'Disconnect' }).click();
    await page.getByRole('button', { name: 'Yes, disconnect' }).click();
    const link = page.getByTestId('disconnect-receipt').filter({ hasText: 'Disconnected' }).getByRole('link', { name: 'My Apps (the sandbox tenant)' });
    await link.waitFor({ timeout: 30_000 });
    const href = (await link.getAttribute('href')) ?? '';
    assert.match(href, /^http:\/\/localhost:\d+\/myapps$/);
    await page.goto(href);
    await page.locator('#login').fill('adele@contoso.onmicrosoft.com');
    await page.locator('#passwd').fill('Contoso-User-1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Remove Tandem (local)' }).click();
    await page.getByRole('status').filter({ hasText: 'Removed Tandem (local)' }).waitFor();
    assert.deepEqual(httpsFailures, []);
    assert.deepEqual(pageErrors, []);
  });
});
