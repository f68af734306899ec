/**
 * Tasks ↔ Microsoft To Do in Chromium against the real server and the sandbox tenant (issue 11):
 * connect Microsoft 365, create a task with "Sync with Microsoft To Do" on, find it in the
 * sandbox's Tandem list, complete it "in To Do" through the control API, and see it ticked off in
 * the CRM's task list live (no reload).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { signUpThroughUi } from '../helpers/browser.js';
import { signInAtSandbox, startMicrosoftBrowser, type MicrosoftBrowser } from '../helpers/microsoftBrowser.js';
import { control, createTenantWithUsers, type TestSandbox } from '../helpers/sandbox.js';
import { waitFor } from '../helpers/wait.js';

const TIMEOUT = 20_000;
const SHOTS = process.env.TANDEM_SCREENSHOTS ?? '/tmp';

interface SandboxTask { id: string; title: string; status: string; listId: string; linkedResources: Array<{ externalId: string | null; webUrl: string | null }> }

describe('To Do in Chromium: opt a task in, complete it in To Do, see it done live', { timeout: 300_000 }, () => {
  let sb: TestSandbox;
  let app: MicrosoftBrowser;
  let page: Page;
  let ada: { upn: string };
  const password = 'Passw0rd!';
  const pageErrors: string[] = [];
  const title = `Send the proposal ${randomUUID().slice(0, 8)}`;

  before(async () => {
    app = await startMicrosoftBrowser(pageErrors, TIMEOUT);
    ({ sb, page } = app);
    const { users } = await createTenantWithUsers(sb, { domain: 'todo.onmicrosoft.com', users: [{ userPrincipalName: 'ada', password, displayName: 'Ada Lovelace' }] });
    ada = { upn: users[0]!.userPrincipalName };
  });

  after(() => app?.close());

  test('a task synced with To Do and completed there shows done in the task list without a reload', async () => {
    await signUpThroughUi(page, 'Ada Lovelace', 'ada@example.test');
    await page.goto('/settings/integrations');
    await page.getByRole('button', { name: 'Connect Microsoft' }).click();
    const review = page.getByRole('group', { name: 'Review permissions' });
    await review.locator('li[data-feature="todo"] input[type=checkbox]').check();
    await review.getByRole('button', { name: 'Continue to Microsoft' }).click();
    await page.waitForURL(`${sb.urls.login}/**`);
    await signInAtSandbox(page, ada.upn, password);
    await page.getByTestId('microsoft-status').filter({ hasText: 'Connected' }).waitFor();
    await page.locator('li[data-feature="todo"][data-state="granted"]').waitFor();

    // All tasks: the default view shows open ones only, and a completed task would leave it.
    await page.goto('/tasks?status=all');
    const form = page.getByRole('form', { name: 'New task' });
    await form.getByLabel('Task title').fill(title);
    const sync = form.getByLabel('Sync with Microsoft To Do');
    await sync.check();
    await form.getByRole('button', { name: 'Add task' }).click();
    const row = page.getByTestId('task-row').filter({ hasText: title });
    await row.waitFor();
    assert.equal(await row.getByLabel(`Sync with Microsoft To Do: ${title}`).isChecked(), true, 'the row shows it synced');

    const inToDo = await waitFor(async () => (await control<{ value: SandboxTask[] }>(sb, 'GET', `/control/todo/${encodeURIComponent(ada.upn)}/tasks`)).value.find((t) => t.title === title),
      { timeoutMs: TIMEOUT, message: 'the task never reached To Do' });
    const lists = (await control<{ value: Array<{ id: string; displayName: string }> }>(sb, 'GET', `/control/todo/${encodeURIComponent(ada.upn)}/lists`)).value;
    assert.equal(lists.find((l) => l.id === inToDo.listId)?.displayName, 'Tandem');

    await page.evaluate(() => Object.assign(window, { notReloaded: true }));
    const done = row.getByLabel(`Done: ${title}`);
    assert.equal(await done.isChecked(), false);
    await control(sb, 'POST', `/control/todo/${encodeURIComponent(ada.upn)}/tasks/${encodeURIComponent(inToDo.id)}/complete`);
    const db = app.env.database.db;
    await waitFor(async () => (await db.selectFrom('tasks').select('status').where('title', '=', title).executeTakeFirst())?.status === 'done',
      { timeoutMs: TIMEOUT, message: 'the completion never reached the CRM' });
    await page.locator('[data-testid="task-row"].task-done').filter({ hasText: title }).waitFor({ timeout: TIMEOUT });
    assert.equal(await done.isChecked(), true);
    assert.equal(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded), true, 'no reload');
    await page.screenshot({ path: `${SHOTS}/tandem-todo-done.png`, fullPage: true });

    // The link back from To Do opens the task list with the task marked, done as it is.
    const webUrl = new URL(inToDo.linkedResources[0]!.webUrl!);
    await page.goto(`${webUrl.pathname}${webUrl.search}`);
    const linked = page.locator('[data-testid="task-row"][aria-current="true"]');
    await linked.filter({ hasText: title }).waitFor();
    assert.equal(await linked.getByLabel(`Done: ${title}`).isChecked(), true);
    assert.deepEqual(pageErrors, []);
  });
});
