/**
 * The inbox in Chromium against the real server and the sandbox tenant (SQLite, workers running):
 * connect Microsoft 365 through Settings, then watch a message delivered from outside appear in the
 * list without a reload (webhook → delta sync → mail.changed over SSE), read it (which marks it read),
 * archive it, and send a message to a CRM person picked by autocomplete.
 *
 * Chromium trusts the sandbox's TLS certificate by its public-key pin only, as in connect.test.ts.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Message } from '@microsoft/microsoft-graph-types';
import type { Page } from 'playwright-core';
import { signUpThroughUi } from '../helpers/browser.js';
import type { MicrosoftTestEnv } from '../helpers/microsoft.js';
import { startMicrosoftBrowser, type MicrosoftBrowser } from '../helpers/microsoftBrowser.js';
import { control, createTenantWithUsers, type TestSandbox } from '../helpers/sandbox.js';
import { waitFor } from '../helpers/wait.js';

const TIMEOUT = 20_000;
const SHOTS = process.env.TANDEM_SCREENSHOTS ?? '/tmp';

interface ControlFolder { displayName: string; wellKnownName?: string | null; totalItemCount: number; unreadItemCount: number }

describe('inbox in Chromium: live new mail, read, archive, compose', { timeout: 240_000 }, () => {
  let sb: TestSandbox;
  let env: MicrosoftTestEnv;
  let app: MicrosoftBrowser;
  let page: Page;
  let ada: { upn: string };
  let bob: { upn: string; mail: string };
  const password = 'Passw0rd!';
  const pageErrors: string[] = [];
  const subject = `Quarterly numbers ${randomUUID().slice(0, 8)}`;
  const bodyText = `Hello Ada, the figures are attached. ${randomUUID()}`;

  const accountId = async () =>
    (await env.database.db.selectFrom('microsoft_accounts').select('id').executeTakeFirstOrThrow()).id;
  const inboxRow = () => page.getByRole('list', { name: 'Messages' }).getByRole('listitem').filter({ hasText: subject });

  before(async () => {
    app = await startMicrosoftBrowser(pageErrors, TIMEOUT);
    ({ sb, env, page } = app);
    const { users } = await createTenantWithUsers(sb, {
      domain: 'inbox.onmicrosoft.com',
      users: [{ userPrincipalName: 'ada', password, displayName: 'Ada Lovelace' }, { userPrincipalName: 'bob', password, displayName: 'Bob Builder' }],
    });
    ada = { upn: users[0]!.userPrincipalName };
    bob = { upn: users[1]!.userPrincipalName, mail: users[1]!.mail };
    // A little mail already there, so the initial sync has something to do.
    await control(sb, 'POST', '/control/mail/generate', { mailbox: ada.upn, count: 40 });
  });

  after(() => app?.close());

  test('sign up, connect Microsoft 365 through Settings, initial sync with its progress bar, then Live', async () => {
    await signUpThroughUi(page, 'Ada Lovelace', 'ada@example.test');

    await page.goto('/settings/integrations');
    await page.getByRole('button', { name: 'Connect Microsoft' }).click();
    const review = page.getByRole('group', { name: 'Review permissions' });
    await review.waitFor();
    await page.screenshot({ path: `${SHOTS}/tandem-ms-review.png`, fullPage: true });
    await review.locator('li[data-feature="sharepoint"] input[type=checkbox]').uncheck();
    // Slow Graph down so the initial sync is still running while the pages are looked at.
    await control(sb, 'PUT', '/control/mail/throttling', { latencyMs: 3000 });
    await review.getByRole('button', { name: 'Continue to Microsoft' }).click();

    await page.waitForURL(`${sb.urls.login}/**`);
    await page.locator('#login').fill(ada.upn);
    await page.locator('#passwd').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Accept' }).click();

    await page.waitForURL('**/settings/integrations?**');
    await page.getByTestId('microsoft-status').filter({ hasText: 'Connected' }).waitFor();
    assert.equal(await page.getByTestId('microsoft-account').textContent(), ada.upn);
    const mailHealth = page.getByRole('table', { name: 'Sync health' }).locator('tr[data-resource="mail"]');
    await mailHealth.waitFor();
    assert.equal(await mailHealth.getAttribute('data-state'), 'initial');
    // A percentage once the folder totals are known; before that, what has arrived so far.
    assert.match((await mailHealth.locator('td').nth(1).textContent()) ?? '', /^Initial sync (\d+% \(\d+ \/ \d+\)|\(\d+ so far\))/);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inbox' }).click();
    const bar = page.getByTestId('sync-progress');
    await bar.waitFor();
    assert.match((await bar.textContent()) ?? '', /Importing your mail: \d+/);
    await page.screenshot({ path: `${SHOTS}/tandem-inbox-initial-sync.png`, fullPage: true });

    // Back on Settings while the import still runs: the health table keeps itself current.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('link', { name: 'Integrations' }).click();
    await page.locator('tr[data-resource="mail"][data-state="initial"]').waitFor();
    await control(sb, 'PUT', '/control/mail/throttling', { latencyMs: 0 });
    // Push mode (PUBLIC_URL is loopback): Live, with the subscription's expiry, without a reload.
    await page.locator('tr[data-resource="mail"][data-state="live"]').waitFor({ timeout: 60_000 });
    assert.notEqual(await mailHealth.locator('td').nth(3).textContent(), '—', 'the subscription expiry is shown');
    await page.screenshot({ path: `${SHOTS}/tandem-ms-connected.png`, fullPage: true });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inbox' }).click();
    await page.getByRole('list', { name: 'Messages' }).waitFor();
    // The inbox hears the end of the import over the live stream: the bar goes without a reload.
    await page.getByTestId('sync-progress').waitFor({ state: 'detached' });
    assert.deepEqual(pageErrors, []);
  });

  test('new mail from outside appears live in the inbox, without a reload', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inbox' }).click();
    await page.getByRole('heading', { name: 'Inbox', level: 1 }).waitFor();
    await page.getByRole('list', { name: 'Messages' }).waitFor();
    await page.locator('[data-testid="live-status"][data-state="open"]').waitFor();
    assert.equal(await page.locator('.sync-progress').count(), 0, 'the initial sync is over: the list has no polling timer');
    await page.evaluate(() => { (window as unknown as { tandemMarker: string }).tandemMarker = 'same page'; });

    const delivered = await control<{ id: string }>(sb, 'POST', '/control/mail/deliver', {
      mailbox: ada.upn, from: { name: 'Grace Hopper', address: 'grace@navy.example' }, subject, body: bodyText,
    });
    assert.ok(delivered.id);
    const row = inboxRow();
    await row.waitFor({ timeout: 30_000 });
    assert.equal(await page.evaluate(() => (window as unknown as { tandemMarker?: string }).tandemMarker), 'same page', 'no reload happened');
    assert.match((await row.textContent()) ?? '', /Grace Hopper/);
    assert.equal(await row.getAttribute('data-unread'), 'true');
    assert.equal(await row.locator('.subject').evaluate((el) => getComputedStyle(el).fontWeight), '700', 'unread is bold');
    await page.screenshot({ path: `${SHOTS}/tandem-inbox-live.png`, fullPage: true });
  });

  test('open it, see its body, mark it read, archive it', async () => {
    const row = inboxRow();
    await row.getByRole('button').click();
    const view = page.getByRole('article', { name: 'Message' });
    await view.getByRole('heading', { name: subject }).waitFor();
    await view.getByText(bodyText).waitFor();
    await page.screenshot({ path: `${SHOTS}/tandem-inbox-message.png`, fullPage: true });

    // Opening it marks it read, as Outlook does.
    await view.getByRole('button', { name: 'Mark unread' }).waitFor();
    await waitFor(async () => (await row.getAttribute('data-unread')) === 'false', { message: 'the unread styling goes' });
    assert.equal(await row.locator('.subject').evaluate((el) => getComputedStyle(el).fontWeight), '400', 'no longer bold');
    const read = await env.integration.graph.get<{ value: Message[] }>(await accountId(), `/me/mailFolders/inbox/messages?$top=200&$select=id,subject,isRead`);
    assert.equal(read.value.find((m) => m.subject === subject)?.isRead, true, 'read in the mailbox too');

    await view.getByRole('button', { name: 'Archive' }).click();
    await row.waitFor({ state: 'detached' });
    const archived = await env.integration.graph.get<{ value: Message[] }>(await accountId(), `/me/mailFolders/archive/messages?$top=200&$select=id,subject`);
    assert.ok(archived.value.some((m) => m.subject === subject), 'in Archive in the mailbox');
    assert.deepEqual(pageErrors, []);
  });

  test('compose to a CRM person picked by autocomplete, and send', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People' }).click();
    await page.getByRole('button', { name: 'New person' }).click();
    const form = page.getByRole('form', { name: 'New person' });
    await form.getByLabel('Name').fill('Bob Builder');
    await form.getByLabel('Emails').fill(bob.mail);
    await form.getByRole('button', { name: 'Create person' }).click();
    await page.getByRole('table', { name: 'People' }).getByRole('row').filter({ hasText: 'Bob Builder' }).waitFor();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inbox' }).click();
    await page.getByRole('button', { name: 'New message' }).click();
    const compose = page.getByRole('form', { name: 'Compose' });
    await compose.getByLabel('To', { exact: true }).fill('Bob');
    const option = compose.getByRole('listbox', { name: 'To suggestions' }).getByRole('option').filter({ hasText: 'CRM' }).filter({ hasText: bob.mail });
    await option.waitFor();
    await page.screenshot({ path: `${SHOTS}/tandem-compose.png`, fullPage: true });
    await option.getByRole('button').click();
    assert.equal((await compose.getByLabel('To', { exact: true }).inputValue()).trim(), `${bob.mail},`);
    const sentSubject = `Proposal ${randomUUID().slice(0, 8)}`;
    await compose.getByLabel('Subject').fill(sentSubject);
    await compose.getByLabel('Message').fill('Here is the proposal we talked about.');
    await compose.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('status').filter({ hasText: 'Message sent.' }).waitFor();

    // In the sandbox: in Ada's Sent Items (Graph as Ada), and delivered to Bob's Inbox.
    const sent = await waitFor(async () => {
      const res = await env.integration.graph.get<{ value: Message[] }>(await accountId(), `/me/mailFolders/sentitems/messages?$top=50&$select=subject,toRecipients`);
      return res.value.find((m) => m.subject === sentSubject);
    }, { message: 'the message in Sent Items' });
    assert.equal(sent.toRecipients?.[0]?.emailAddress?.address?.toLowerCase(), bob.mail.toLowerCase());
    const bobFolders = await control<{ value: ControlFolder[] }>(sb, 'GET', `/control/mail/folders?mailbox=${encodeURIComponent(bob.upn)}`);
    assert.equal(bobFolders.value.find((f) => f.wellKnownName === 'inbox')?.unreadItemCount, 1);
    assert.deepEqual(pageErrors, []);
  });

  test('a revoked grant shows Needs reconnect live in Settings; Reconnect brings live mail back', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('link', { name: 'Integrations' }).click();
    await page.locator('tr[data-resource="mail"][data-state="live"]').waitFor();
    await control(sb, 'POST', `/control/users/${encodeURIComponent(ada.upn)}/revoke-grants`);
    // The next Graph call finds out; the page hears it over SSE.
    await assert.rejects(env.integration.graph.get(await accountId(), '/me'));
    const banner = page.getByRole('alert').filter({ hasText: /reconnect/i });
    await banner.waitFor();
    await page.getByTestId('microsoft-status').filter({ hasText: 'Needs reconnect' }).waitFor();
    await page.locator('tr[data-resource="mail"][data-state="needs_reconnect"]').waitFor();
    await page.screenshot({ path: `${SHOTS}/tandem-ms-needs-reconnect.png`, fullPage: true });

    await banner.getByRole('button', { name: 'Reconnect' }).click();
    await page.waitForURL(`${sb.urls.login}/**`);
    // Reconnect asks Microsoft to let the user pick the account (prompt=select_account), so no hint.
    await page.locator('#login').fill(ada.upn);
    await page.locator('#passwd').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const accept = page.getByRole('button', { name: 'Accept' });
    const back = page.waitForURL('**/settings/integrations?**');
    // Microsoft asks for consent again only when the revoke took it away.
    await Promise.race([back, accept.waitFor().then(() => accept.click())]);
    await back;
    await page.getByTestId('microsoft-status').filter({ hasText: 'Connected' }).waitFor();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inbox' }).click();
    await page.getByRole('list', { name: 'Messages' }).waitFor();
    await page.locator('[data-testid="live-status"][data-state="open"]').waitFor();
    const after = `After reconnect ${randomUUID().slice(0, 8)}`;
    await control(sb, 'POST', '/control/mail/deliver', { mailbox: ada.upn, from: { name: 'Grace Hopper', address: 'grace@navy.example' }, subject: after, body: 'still here' });
    await page.getByRole('list', { name: 'Messages' }).getByRole('listitem').filter({ hasText: after }).waitFor({ timeout: 30_000 });
    assert.deepEqual(pageErrors, []);
  });
});
