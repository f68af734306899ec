/**
 * The web app in Debian's Chromium against the real server (SQLite): sign up, companies, people,
 * tasks, notes on the timeline, settings pages, and a task created in one tab appearing in a
 * second tab without a reload (live updates over SSE); the Microsoft 365 card and the inbox's
 * not-connected state, with and without a Microsoft app configured.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ensureWebBuilt, launchBrowser, openAppPage, signUpThroughUi, WEB_DIST } from '../helpers/browser.js';
import { startMicrosoftTestEnv } from '../helpers/microsoft.js';
import { startTestSandbox } from '../helpers/sandbox.js';
import { startTestServer, type TestServer } from '../helpers/server.js';


const SHOTS = process.env.TANDEM_SCREENSHOTS ?? '/tmp';
const TIMEOUT = 15_000;

describe('web app in Chromium', { timeout: 180_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  before(async () => {
    await ensureWebBuilt();
    server = await startTestServer({ kind: 'sqlite', webRoot: WEB_DIST });
    browser = await launchBrowser();
    ({ context, page } = await openAppPage(browser, server.url, pageErrors, TIMEOUT));
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  test('sign in shows the API error inline; sign up lands in the app', async () => {
    await page.goto('/');
    await page.waitForURL('**/signin');
    await page.getByLabel('Email').fill('nobody@example.test');
    await page.getByLabel('Password').fill('wrong-password-123');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.notEqual((await alert.textContent())?.trim() ?? '', '', 'the error names what went wrong');

    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByLabel('Your name').fill('Grace Hopper');
    await page.getByLabel('Email').fill('grace@example.test');
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'People', level: 1 }).waitFor();
    assert.match(page.url(), /\/people$/);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();

    // Signed in: the sign-in page sends you back into the app.
    await page.goto('/signin');
    await page.waitForURL('**/people');
  });

  test('creates a company, a person at it, and a task for the person', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Companies' }).click();
    await page.getByRole('button', { name: 'New company' }).click();
    await page.getByLabel('Company name').fill('Contoso Ltd');
    await page.getByLabel('Domain').fill('contoso.example');
    await page.getByRole('button', { name: 'Create company' }).click();
    await page.getByRole('table', { name: 'Companies' }).getByRole('link', { name: 'Contoso Ltd' }).waitFor();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People' }).click();
    await page.getByRole('button', { name: 'New person' }).click();
    const form = page.getByRole('form', { name: 'New person' });
    await form.getByLabel('Name').fill('Ada Lovelace');
    await form.getByLabel('Emails').fill('Ada@Contoso.example, ada.l@home.example');
    await form.getByLabel('Phones').fill('+44 20 7946 0000');
    await form.getByLabel('Company').selectOption({ label: 'Contoso Ltd' });
    await form.getByLabel('Job title').fill('Chief Analyst');
    await form.getByRole('button', { name: 'Create person' }).click();
    const people = page.getByRole('table', { name: 'People' });
    const adaRow = people.getByRole('row').filter({ hasText: 'Ada Lovelace' });
    await adaRow.waitFor();
    assert.match((await adaRow.textContent()) ?? '', /ada@contoso\.example.*Contoso Ltd.*Chief Analyst/);
    await page.screenshot({ path: `${SHOTS}/tandem-people.png`, fullPage: true });

    // Search goes to the server (q matches email too) and narrows the list.
    await page.getByLabel('Search people').fill('home.example');
    await adaRow.waitFor();
    await page.getByLabel('Search people').fill('no-such-person');
    await page.getByText('No people yet.').waitFor();
    await page.getByLabel('Search people').fill('');
    await adaRow.waitFor();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Tasks' }).click();
    const taskForm = page.getByRole('form', { name: 'New task' });
    await taskForm.getByLabel('Task title').fill('Send Ada the proposal');
    await taskForm.getByLabel('Due date').fill('2031-03-14');
    await taskForm.getByLabel('Assignee').selectOption({ label: 'Grace Hopper' });
    await taskForm.getByLabel('Person').selectOption({ label: 'Ada Lovelace' });
    await taskForm.getByRole('button', { name: 'Add task' }).click();
    const task = page.getByTestId('task-row').filter({ hasText: 'Send Ada the proposal' });
    await task.waitFor();
    const taskText = (await task.textContent()) ?? '';
    assert.match(taskText, /Assigned to Grace Hopper/);
    assert.match(taskText, /Ada Lovelace/);
    await page.screenshot({ path: `${SHOTS}/tandem-tasks.png`, fullPage: true });
  });

  test('the person page shows details, the linked task, and notes on the timeline', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People' }).click();
    await page.getByRole('table', { name: 'People' }).getByRole('link', { name: 'Ada Lovelace' }).click();
    await page.getByRole('heading', { name: 'Ada Lovelace', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'ada@contoso.example' }).waitFor(); // stored lowercase
    await page.getByRole('link', { name: 'Contoso Ltd' }).first().waitFor();
    await page.getByTestId('task-row').filter({ hasText: 'Send Ada the proposal' }).waitFor();

    await page.getByLabel('New note').fill('Met at the Analytical Society dinner.\nWants a demo in March.');
    await page.getByRole('button', { name: 'Add note' }).click();
    const entries = page.getByRole('list', { name: 'Timeline entries' });
    await entries.getByText('Met at the Analytical Society dinner.', { exact: false }).waitFor();
    await page.screenshot({ path: `${SHOTS}/tandem-person.png`, fullPage: true });

    // The note was stored, not just drawn: it survives a reload.
    await page.reload();
    await entries.getByText('Wants a demo in March.', { exact: false }).waitFor();
    assert.equal(await entries.getByRole('listitem').count(), 1);

    // The company page lists its person.
    await page.getByRole('link', { name: 'Contoso Ltd' }).first().click();
    await page.getByRole('heading', { name: 'Contoso Ltd', level: 1 }).waitFor();
    await page.getByRole('table', { name: 'People' }).getByRole('link', { name: 'Ada Lovelace' }).waitFor();
  });

  test('a task created in one tab appears in another without a reload', async () => {
    const other = await context.newPage();
    other.on('pageerror', (err) => pageErrors.push(err.message));
    try {
      await other.goto('/tasks');
      await other.getByTestId('task-row').filter({ hasText: 'Send Ada the proposal' }).waitFor();
      await other.getByTestId('live-status').and(other.locator('[data-state="open"]')).waitFor();
      // A marker on the window: it disappears if the page reloads or navigates for real.
      await other.evaluate(() => Object.assign(window, { tandemNoReload: true }));

      await page.goto('/tasks');
      const taskForm = page.getByRole('form', { name: 'New task' });
      await taskForm.getByLabel('Task title').fill('Book the demo room');
      await taskForm.getByRole('button', { name: 'Add task' }).click();
      await page.getByTestId('task-row').filter({ hasText: 'Book the demo room' }).waitFor();

      const arrived = other.getByTestId('task-row').filter({ hasText: 'Book the demo room' });
      await arrived.waitFor();
      await other.screenshot({ path: `${SHOTS}/tandem-live.png`, fullPage: true });

      // Marking it done in the first tab drops it from the second tab's open list.
      // (click, not check: the box flips once the server has answered, and the row then leaves the open list)
      await page.getByRole('checkbox', { name: 'Done: Book the demo room' }).click();
      await page.getByTestId('task-row').filter({ hasText: 'Book the demo room' }).waitFor({ state: 'detached' });
      await arrived.waitFor({ state: 'detached' });
      assert.equal(await other.evaluate(() => (window as unknown as { tandemNoReload?: boolean }).tandemNoReload), true);
    } finally {
      await other.close();
    }
  });

  test('deleting a person asks first, then removes them from the list', async () => {
    await page.goto('/people');
    await page.getByRole('button', { name: 'New person' }).click();
    const form = page.getByRole('form', { name: 'New person' });
    await form.getByLabel('Name').fill('Temporary Contact');
    await form.getByLabel('Emails').fill('ada@contoso.example');
    await form.getByRole('button', { name: 'Create person' }).click();
    // The server refuses a second person with the same address; the message shows in the form.
    await form.getByRole('alert').waitFor();
    await form.getByLabel('Emails').fill('temp@contoso.example');
    await form.getByRole('button', { name: 'Create person' }).click();
    await page.getByRole('table', { name: 'People' }).getByRole('link', { name: 'Temporary Contact' }).click();
    await page.getByRole('heading', { name: 'Temporary Contact', level: 1 }).waitFor();

    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('button', { name: 'Yes, delete' }).click();
    await page.waitForURL('**/people');
    await page.getByRole('table', { name: 'People' }).getByRole('link', { name: 'Ada Lovelace' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Temporary Contact' }).count(), 0);
  });

  test('settings: Microsoft 365 card without an app registration, API tokens, members', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('table', { name: 'Members' }).getByText('grace@example.test').waitFor();

    // This server has no MS_CLIENT_ID: the card says so and cannot start a connection.
    await page.getByRole('link', { name: 'Integrations' }).click();
    await page.getByRole('heading', { name: 'Microsoft 365' }).waitFor();
    assert.equal((await page.getByTestId('microsoft-status').textContent())?.trim(), 'Not connected');
    await page.getByText('This server has no Microsoft app registration yet', { exact: false }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Connect Microsoft' }).isDisabled(), true);
    await page.screenshot({ path: `${SHOTS}/tandem-integrations.png`, fullPage: true });

    await page.getByRole('link', { name: 'API tokens' }).click();
    await page.getByLabel('Token name').fill('Nightly import');
    await page.getByRole('button', { name: 'Create token' }).click();
    const secret = await page.getByLabel('New token').inputValue();
    assert.match(secret, /^tdm_/);
    // The token works against the API as a Bearer credential.
    const res = await fetch(`${server.url}/api/tasks?status=open`, { headers: { authorization: `Bearer ${secret}` } });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { items: { title: string }[] };
    assert.ok(body.items.some((t) => t.title === 'Send Ada the proposal'));

    await page.getByRole('button', { name: 'Revoke token Nightly import' }).click();
    await page.getByText('No tokens yet.').waitFor();
    const revoked = await fetch(`${server.url}/api/tasks`, { headers: { authorization: `Bearer ${secret}` } });
    assert.equal(revoked.status, 401);
  });

  test('with Microsoft 365 configured but not connected: the inbox empty state leads to the card, which reviews permissions', async () => {
    const sb = await startTestSandbox();
    const env = await startMicrosoftTestEnv({ kind: 'sqlite', sandbox: sb, webRoot: WEB_DIST });
    const { context: ctx, page: p } = await openAppPage(browser, env.url, pageErrors, TIMEOUT);
    try {
      await signUpThroughUi(p, 'Linus Mail', 'linus@example.test');
      await p.getByRole('heading', { name: 'People', level: 1 }).waitFor();

      await p.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inbox' }).click();
      await p.getByRole('heading', { name: 'Inbox', level: 1 }).waitFor();
      const empty = p.locator('.empty-state');
      await empty.getByText('to see your Outlook mail here', { exact: false }).waitFor();
      assert.equal(await p.getByRole('button', { name: 'New message' }).count(), 0, 'no compose without a mailbox');
      assert.equal(await p.getByRole('alert').count(), 0, 'not connected is not an error');

      await empty.getByRole('link', { name: 'Settings → Integrations' }).click();
      await p.waitForURL('**/settings/integrations');
      await p.getByRole('heading', { name: 'Microsoft 365' }).waitFor();
      assert.equal((await p.getByTestId('microsoft-status').textContent())?.trim(), 'Not connected');
      const connect = p.getByRole('button', { name: 'Connect Microsoft' });
      assert.equal(await connect.isEnabled(), true);
      await connect.click();
      await p.getByRole('heading', { name: 'Review permissions' }).waitFor();
      await p.screenshot({ path: `${SHOTS}/tandem-microsoft-review.png`, fullPage: true });
    } finally {
      await ctx.close();
      await env.close();
      await sb.close();
    }
  });

  test('a new workspace starts empty, and the switcher goes back', async () => {
    await page.goto('/settings');
    await page.getByLabel('Workspace name').fill('Side project');
    await page.getByRole('button', { name: 'Create workspace' }).click();
    await page.getByRole('heading', { name: 'Workspace: Side project' }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People' }).click();
    await page.getByText('No people yet.').waitFor();
    await page.getByTestId('live-status').and(page.locator('[data-state="open"]')).waitFor();

    const switcher = page.getByLabel('Workspace', { exact: true });
    await switcher.selectOption({ label: "Grace Hopper's workspace" });
    await page.getByRole('table', { name: 'People' }).getByRole('link', { name: 'Ada Lovelace' }).waitFor();
  });

  test('sign out returns to sign in and guards app pages', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Tandem' }).waitFor();
    await page.goto('/tasks');
    await page.waitForURL('**/signin?next=%2Ftasks');
    await page.getByLabel('Email').fill('grace@example.test');
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/tasks');
    await page.getByTestId('task-row').filter({ hasText: 'Send Ada the proposal' }).waitFor();
    assert.deepEqual(pageErrors, [], 'no uncaught errors in the pages');
  });
});
