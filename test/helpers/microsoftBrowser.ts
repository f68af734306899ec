/**
 * The set-up of every browser test of the Microsoft 365 integration: the sandbox tenant, Tandem
 * serving the built web app on SQLite, and Chromium trusting the sandbox's certificate by its pin.
 */
import type { Page } from 'playwright-core';
import { ensureWebBuilt, launchBrowser, openAppPage, WEB_DIST } from './browser.js';
import { startMicrosoftTestEnv, type MicrosoftTestEnv } from './microsoft.js';
import { startTestSandbox, type TestSandbox } from './sandbox.js';

export interface MicrosoftBrowser {
  sb: TestSandbox;
  env: MicrosoftTestEnv;
  page: Page;
  close(): Promise<void>;
}

/** Uncaught page errors go into `pageErrors`, for the tests to assert there were none. */
export async function startMicrosoftBrowser(pageErrors: string[], timeoutMs?: number): Promise<MicrosoftBrowser> {
  await ensureWebBuilt();
  const sb = await startTestSandbox();
  const env = await startMicrosoftTestEnv({ kind: 'sqlite', sandbox: sb, webRoot: WEB_DIST });
  const browser = await launchBrowser({ url: sb.urls.login, caPem: sb.caPem });
  const { context, page } = await openAppPage(browser, env.url, pageErrors, timeoutMs);
  return {
    sb, env, page,
    async close() {
      await context.close();
      await browser.close();
      await env.close();
      await sb.close();
    },
  };
}

/** On the sandbox's sign-in page: signs in as `upn` and accepts the consent page. */
export async function signInAtSandbox(page: Page, upn: string, password: string): Promise<void> {
  await page.locator('#login').fill(upn);
  await page.locator('#passwd').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Accept' }).click();
}
