/**
 * Files on CRM records in Chromium against the real server and the sandbox tenant (issue 12):
 * the panel gated until OneDrive is granted and its "Enable OneDrive files", then attach two files to a company through the picker (into a
 * folder and back by the breadcrumbs), open one in a new tab, upload a file with its progress bar,
 * create a folder, see a rename and a delete made "in OneDrive" reach the panel live (no reload),
 * detach, and check the panel and the picker fit a 375 px screen.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page, Route } from 'playwright-core';
import { openAppPage, signUpThroughUi } from '../helpers/browser.js';
import { signInAtSandbox, startMicrosoftBrowser, type MicrosoftBrowser } from '../helpers/microsoftBrowser.js';
import { control, createTenantWithUsers, type TestSandbox } from '../helpers/sandbox.js';
import { waitFor } from '../helpers/wait.js';
import { addDriveFile, changeDriveItem, deleteDriveItem, type SandboxItem } from '../microsoft/driveHelpers.js';

const TIMEOUT = 20_000;
const SHOTS = process.env.TANDEM_SCREENSHOTS ?? '/tmp';
const enc = encodeURIComponent;

interface ControlItem { id: string; name: string }


/** The children of a folder of the user's OneDrive, through the control API. */
async function childrenOf(sb: TestSandbox, upn: string, path: string): Promise<ControlItem[]> {
  return (await control<{ value: ControlItem[] }>(sb, 'GET', `/control/files/${enc(upn)}/items?path=${enc(path)}`)).value;
}

describe('Files in Chromium: gating and Enable, attach from the picker, upload, new folder, live changes from OneDrive, detach', { timeout: 300_000 }, () => {
  let sb: TestSandbox;
  let app: MicrosoftBrowser;
  let page: Page;
  let upn: string;
  let graceUpn: string;
  const password = 'Passw0rd!';
  const pageErrors: string[] = [];
  const seeded: Record<string, SandboxItem> = {};

  before(async () => {
    app = await startMicrosoftBrowser(pageErrors, TIMEOUT);
    ({ sb, page } = app);
    const { users } = await createTenantWithUsers(sb, { domain: 'files.onmicrosoft.com', users: [
      { userPrincipalName: 'ada', password, displayName: 'Ada Lovelace', isAdmin: true },
      { userPrincipalName: 'grace', password, displayName: 'Grace Hopper' },
    ] });
    upn = users[0]!.userPrincipalName;
    graceUpn = users[1]!.userPrincipalName;
    for (const [path, content] of [
      ['Acme/Proposal.docx', 'the proposal'],
      ['Acme/Pricing.xlsx', 'the prices'],
      ['Acme/Old/Draft.txt', 'an old draft'],
      ['Welcome.txt', 'hello'],
    ] as const) {
      seeded[path] = await addDriveFile(sb, upn, path, content);
    }
  });

  after(() => app?.close());

  test('a company’s files: Enable OneDrive, attach two, upload one, make a folder, see OneDrive changes live, detach', async () => {
    await signUpThroughUi(page, 'Ada Lovelace', 'ada@example.test');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Companies' }).click();
    await page.getByRole('button', { name: 'New company' }).click();
    await page.getByLabel('Company name').fill('Acme Corp');
    await page.getByRole('button', { name: 'Create company' }).click();
    await page.getByRole('table', { name: 'Companies' }).getByRole('link', { name: 'Acme Corp' }).click();
    await page.waitForURL(/\/companies\/[^/]+$/);
    const companyUrl = page.url();
    const panel = page.getByTestId('files-panel');
    const gate = panel.getByTestId('files-gate');
    // Gated: nothing offers to work before Microsoft 365 is connected with OneDrive.
    await gate.filter({ hasText: 'Connect Microsoft 365' }).waitFor();
    assert.equal(await panel.getByRole('button', { name: 'Attach from OneDrive' }).count(), 0);

    await page.goto('/settings/integrations');
    await page.getByRole('button', { name: 'Connect Microsoft' }).click();
    const review = page.getByRole('group', { name: 'Review permissions' });
    await review.locator('li[data-feature="onedrive"] input[type=checkbox]').uncheck();
    await review.getByRole('button', { name: 'Continue to Microsoft' }).click();
    await page.waitForURL(`${sb.urls.login}/**`);
    await signInAtSandbox(page, upn, password);
    await page.getByTestId('microsoft-status').filter({ hasText: 'Connected' }).waitFor();

    // Connected without OneDrive: the panel offers "Enable OneDrive files", Microsoft's consent, and back.
    await page.goto(companyUrl);
    await gate.getByRole('button', { name: 'Enable OneDrive files' }).click();
    await page.waitForURL(`${sb.urls.login}/**`);
    await page.locator('#passwd').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const asked = await page.locator('#permissions li').evaluateAll((els) => els.map((e) => e.getAttribute('data-scope')));
    assert.ok(asked.includes('Files.ReadWrite'), `Enable asks for OneDrive (asked: ${asked.join(', ')})`);
    await page.getByRole('button', { name: 'Accept' }).click();
    await page.waitForURL('**/settings/integrations?**');
    await page.locator('li[data-feature="onedrive"][data-state="granted"]').waitFor();

    await page.goto(companyUrl);
    await panel.getByText('No files attached.').waitFor();
    assert.equal(await gate.count(), 0);
    const rows = panel.getByTestId('file-row');
    const row = (name: string) => rows.filter({ has: page.getByText(name, { exact: true }) });

    // The picker: into Acme, tick two files, back to the root by the breadcrumbs, attach.
    await panel.getByRole('button', { name: 'Attach from OneDrive' }).click();
    const picker = page.getByRole('dialog', { name: 'Attach files' });
    const crumbs = picker.getByRole('navigation', { name: 'Folder path' });
    // Before an administrator authorizes SharePoint for the org, its tab says what to ask for.
    await picker.getByRole('tab', { name: 'SharePoint' }).click();
    assert.match((await picker.getByTestId('sharepoint-gate').textContent()) ?? '', /Authorize SharePoint for the org/);
    await picker.getByRole('tab', { name: 'OneDrive' }).click();
    await picker.getByRole('button', { name: 'Open folder Acme' }).click();
    await crumbs.getByRole('button', { name: 'Acme' }).waitFor();
    await picker.getByLabel('Select Proposal.docx').check();
    await picker.getByLabel('Select Pricing.xlsx').check();
    assert.equal(await picker.getByTestId('attach-count').textContent(), '2 selected');
    await crumbs.getByRole('button').first().click();
    await picker.getByRole('button', { name: 'Open folder Acme' }).waitFor();
    assert.equal(await crumbs.getByRole('button', { name: 'Acme' }).count(), 0, 'back at the root');
    assert.equal(await picker.getByTestId('attach-count').textContent(), '2 selected', 'the selection survives navigation');
    await picker.getByRole('button', { name: 'Attach 2 items' }).click();
    await picker.waitFor({ state: 'detached' });
    await row('Proposal.docx').waitFor();
    await row('Pricing.xlsx').waitFor();
    assert.match((await row('Pricing.xlsx').textContent()) ?? '', /OneDrive/);

    // Open: a new tab on the file's webUrl (SharePoint's host does not exist here, so it is answered locally).
    await page.context().route(/https:\/\/[^/]*sharepoint\.com\//, (route) => route.fulfill({ status: 200, contentType: 'text/plain', body: 'the file in OneDrive' }));
    const [tab] = await Promise.all([page.waitForEvent('popup'), row('Pricing.xlsx').getByRole('button', { name: 'Open Pricing.xlsx' }).click()]);
    await tab.waitForURL(/sharepoint\.com\/.*Pricing\.xlsx/);
    await tab.close();

    // Upload: a progress bar that ends full, the file listed and in the record's OneDrive folder.
    await panel.getByLabel('Upload files to OneDrive').setInputFiles({ name: 'Brief.txt', mimeType: 'text/plain', buffer: Buffer.alloc(200_000, 'a') });
    const upload = panel.getByTestId('upload-row').filter({ hasText: 'Brief.txt' });
    await upload.getByRole('progressbar', { name: 'Upload progress of Brief.txt' }).waitFor();
    await panel.locator('[data-testid="upload-row"][data-status="done"]').filter({ hasText: 'Brief.txt' }).waitFor();
    const bar = upload.getByRole('progressbar');
    assert.equal(await bar.getAttribute('value'), await bar.getAttribute('max'), 'the bar ends full');
    await row('Brief.txt').waitFor();
    const recordFolder = await waitFor(async () => (await childrenOf(sb, upn, 'Tandem/Companies/Acme Corp')).find((i) => i.name === 'Brief.txt'), {
      timeoutMs: TIMEOUT, message: 'Brief.txt is not in Tandem/Companies/Acme Corp',
    });
    assert.ok(recordFolder.id);

    // New folder, inside the record's folder, attached.
    await panel.getByRole('button', { name: 'New folder' }).click();
    const folderForm = panel.getByRole('form', { name: 'New folder' });
    await folderForm.getByLabel('Folder name').fill('Contracts');
    await folderForm.getByRole('button', { name: 'Create folder' }).click();
    await panel.locator('[data-testid="file-row"][data-kind="folder"]').filter({ hasText: 'Contracts' }).waitFor();
    assert.ok((await childrenOf(sb, upn, 'Tandem/Companies/Acme Corp')).some((i) => i.name === 'Contracts'));

    // Changes made in OneDrive reach the panel live: a rename, then a delete.
    await page.evaluate(() => Object.assign(window, { notReloaded: true }));
    await changeDriveItem(sb, upn, seeded['Acme/Proposal.docx']!.id, { name: 'Proposal v2.docx' });
    await row('Proposal v2.docx').waitFor({ timeout: TIMEOUT });
    assert.equal(await row('Proposal.docx').count(), 0, 'the old name is gone');
    await deleteDriveItem(sb, upn, seeded['Acme/Pricing.xlsx']!.id);
    await panel.locator('[data-testid="file-row"][data-state="deleted"]').filter({ hasText: 'Pricing.xlsx' }).getByText('Deleted in OneDrive').waitFor({ timeout: TIMEOUT });
    assert.equal(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded), true, 'no reload');
    await page.screenshot({ path: `${SHOTS}/tandem-files-panel.png`, fullPage: true });

    // Detach removes the link only: the file stays in OneDrive.
    await row('Proposal v2.docx').getByRole('button', { name: 'Detach Proposal v2.docx' }).click();
    const confirm = row('Proposal v2.docx').getByRole('alertdialog');
    assert.match((await confirm.textContent()) ?? '', /stays in OneDrive/);
    await confirm.getByRole('button', { name: 'Detach' }).click();
    await row('Proposal v2.docx').waitFor({ state: 'detached' });
    assert.ok((await childrenOf(sb, upn, 'Acme')).some((i) => i.name === 'Proposal v2.docx'), 'still in OneDrive');
    await row('Pricing.xlsx').getByRole('button', { name: 'Detach Pricing.xlsx' }).click();
    await row('Pricing.xlsx').getByRole('alertdialog').getByRole('button', { name: 'Detach' }).click();
    await row('Pricing.xlsx').waitFor({ state: 'detached' });
    await page.reload();
    await row('Brief.txt').waitFor();
    assert.equal(await rows.count(), 2, 'Brief.txt and Contracts stay attached after a reload');
    assert.deepEqual(pageErrors, []);
  });

  test('at 375 px the panel and the picker fit the screen', async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    const panel = page.getByTestId('files-panel');
    await panel.getByTestId('file-row').first().waitFor();
    const fits = async (what: string) => {
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 375, `${what}: the page is ${width} px wide`);
    };
    await panel.scrollIntoViewIfNeeded();
    await fits('panel');
    await page.screenshot({ path: `${SHOTS}/tandem-files-375.png`, fullPage: true });
    await panel.getByRole('button', { name: 'Attach from OneDrive' }).click();
    const picker = page.getByRole('dialog', { name: 'Attach files' });
    await picker.getByRole('button', { name: 'Open folder Acme' }).waitFor();
    const box = (await picker.boundingBox())!;
    assert.ok(box.x >= 0 && box.x + box.width <= 375, `picker at x=${box.x} w=${box.width}`);
    await fits('picker');
    await page.screenshot({ path: `${SHOTS}/tandem-files-picker-375.png` });
    await picker.getByRole('button', { name: 'Cancel' }).click();
    await picker.waitFor({ state: 'detached' });
    await page.setViewportSize({ width: 1280, height: 900 });
    assert.deepEqual(pageErrors, []);
  });

  test('the picker searches the OneDrive and pages a big folder with Load more', async () => {
    await control(sb, 'POST', `/control/files/${enc(upn)}/bulk`, { path: 'Archive', files: 250 });
    const panel = page.getByTestId('files-panel');
    await panel.getByRole('button', { name: 'Attach from OneDrive' }).click();
    const picker = page.getByRole('dialog', { name: 'Attach files' });
    await picker.getByRole('button', { name: 'Open folder Archive' }).click();
    const items = picker.getByTestId('drive-item');
    await picker.getByLabel('Select File 001.txt').waitFor();
    assert.equal(await picker.getByLabel('Select File 250.txt').count(), 0, 'the first page stops short');
    await picker.getByRole('button', { name: 'Load more' }).click();
    await picker.getByLabel('Select File 250.txt').waitFor();
    assert.equal(await items.count(), 250);

    await picker.getByPlaceholder(/^Search /).fill('draft');
    await picker.getByRole('list', { name: 'Search results' }).getByText('Draft.txt', { exact: true }).waitFor();
    await picker.getByPlaceholder(/^Search /).fill('');
    await picker.getByRole('list', { name: 'Folder contents' }).waitFor();
    await picker.getByRole('button', { name: 'Cancel' }).click();
    await picker.waitFor({ state: 'detached' });
    assert.deepEqual(pageErrors, []);
  });

  test('after an administrator authorizes SharePoint for the org: sites → library → folder → attach, no prompt', async () => {
    const site = await control<{ id: string }>(sb, 'POST', '/control/sites', { tenant: upn, name: 'Sales', displayName: 'Sales', description: 'Sales team documents' });
    await addDriveFile(sb, site.id, 'Contracts/Northwind MSA.pdf', 'the contract');
    await page.goto('/settings/integrations');
    await page.locator('li[data-feature="sharepoint"]').getByRole('button', { name: 'Authorize SharePoint for the org' }).click();
    await page.waitForURL(`${sb.urls.login}/**`);
    await signInAtSandbox(page, upn, password);
    await page.getByTestId('microsoft-status').filter({ hasText: 'Connected' }).waitFor();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Companies' }).click();
    await page.getByRole('table', { name: 'Companies' }).getByRole('link', { name: 'Acme Corp' }).click();
    const panel = page.getByTestId('files-panel');
    await panel.getByRole('button', { name: 'Attach from OneDrive' }).click();
    const picker = page.getByRole('dialog', { name: 'Attach files' });
    await picker.getByRole('tab', { name: 'SharePoint' }).click();
    await picker.getByPlaceholder('Search SharePoint sites').fill('sales');
    await picker.getByRole('list', { name: 'SharePoint sites' }).getByRole('button', { name: 'Sales' }).click();
    // The site has one library, so the picker goes straight into it.
    await picker.getByRole('button', { name: 'Open folder Contracts' }).click();
    await picker.getByLabel('Select Northwind MSA.pdf').check();
    await picker.getByRole('button', { name: 'Attach', exact: true }).click();
    await picker.waitFor({ state: 'detached' });
    const row = panel.getByTestId('file-row').filter({ hasText: 'Northwind MSA.pdf' });
    await row.waitFor();
    assert.match((await row.textContent()) ?? '', /SharePoint/);
    await page.screenshot({ path: `${SHOTS}/tandem-files-sharepoint.png`, fullPage: true });
    assert.deepEqual(pageErrors, []);
  });

  test('an upload whose chunk fails resumes from where OneDrive stands, with its bar part-way meanwhile', async () => {
    const CHUNK = 10 * 1024 * 1024; // the server's chunk size (32 × 320 KiB)
    const total = CHUNK + 300_000;
    let held: Route | null = null;
    await page.route('**/api/files/uploads/*', async (route) => {
      const request = route.request();
      if (request.method() === 'PUT' && !held && (request.headers()['content-range'] ?? '').startsWith(`bytes ${CHUNK}-`)) {
        held = route; // answered below: the connection drops
        return;
      }
      await route.continue();
    });
    const panel = page.getByTestId('files-panel');
    await panel.getByLabel('Upload files to OneDrive').setInputFiles({ name: 'Deck.pptx', mimeType: 'application/octet-stream', buffer: Buffer.alloc(total, 7) });
    const upload = panel.getByTestId('upload-row').filter({ hasText: 'Deck.pptx' });
    const dropped = await waitFor(() => held, { timeoutMs: TIMEOUT, message: 'the second chunk never went out' });
    const bar = upload.getByRole('progressbar');
    const value = Number(await bar.getAttribute('value'));
    assert.ok(value >= CHUNK && value <= total, `the bar is part-way (${value} of ${total})`);
    assert.equal(await upload.getAttribute('data-status'), 'uploading');
    await dropped.abort('connectionreset');
    await panel.locator('[data-testid="upload-row"][data-status="done"]').filter({ hasText: 'Deck.pptx' }).waitFor({ timeout: TIMEOUT });
    await page.unroute('**/api/files/uploads/*');
    await panel.getByTestId('file-row').filter({ hasText: 'Deck.pptx' }).waitFor();
    const inDrive = (await control<{ value: Array<{ name: string; size: number }> }>(sb, 'GET', `/control/files/${enc(upn)}/items?path=${enc('Tandem/Companies/Acme Corp')}`)).value.find((i) => i.name === 'Deck.pptx');
    assert.equal(inDrive?.size, total, 'every byte arrived once');
    assert.deepEqual(pageErrors, []);
  });

  test('an upload OneDrive cannot take fails in words, a bad name is refused before anything is sent, an empty file is attached', async () => {
    const drive = await control<{ quota: { total: number; used: number } }>(sb, 'GET', `/control/files/${enc(upn)}`);
    await control(sb, 'PUT', `/control/files/${enc(upn)}/quota`, { total: drive.quota.used + 1000 });
    const panel = page.getByTestId('files-panel');
    const input = panel.getByLabel('Upload files to OneDrive');
    await input.setInputFiles({ name: 'Too big.txt', mimeType: 'text/plain', buffer: Buffer.alloc(5000, 'x') });
    const failed = panel.locator('[data-testid="upload-row"][data-status="failed"]').filter({ hasText: 'Too big.txt' });
    await failed.getByRole('alert').filter({ hasText: /OneDrive is full/ }).waitFor();
    await control(sb, 'PUT', `/control/files/${enc(upn)}/quota`, { total: drive.quota.total });
    await input.setInputFiles({ name: 'Q3: plan.txt', mimeType: 'text/plain', buffer: Buffer.from('plan') });
    await panel.locator('[data-testid="upload-row"][data-status="failed"]').filter({ hasText: 'Q3: plan.txt' }).getByText('OneDrive does not allow “:” in names.').waitFor();
    assert.equal(await panel.getByTestId('file-row').filter({ hasText: 'Too big.txt' }).count(), 0);
    // An empty placeholder goes up too: no chunks, attached at once.
    await input.setInputFiles({ name: 'Placeholder.txt', mimeType: 'text/plain', buffer: Buffer.alloc(0) });
    await panel.locator('[data-testid="upload-row"][data-status="done"]').filter({ hasText: 'Placeholder.txt' }).waitFor();
    await panel.getByTestId('file-row').filter({ hasText: 'Placeholder.txt' }).waitFor();
    assert.deepEqual(pageErrors, []);
  });

  test('a task has its own Files, opened from its row', async () => {
    const title = 'Send the signed MSA';
    const form = page.getByRole('form', { name: 'New task' });
    await form.getByLabel('Task title').fill(title);
    await form.getByRole('button', { name: 'Add task' }).click();
    const task = page.getByTestId('task-row').filter({ hasText: title });
    await task.getByRole('button', { name: `Files of task ${title}` }).click();
    const panel = task.getByTestId('files-panel');
    await panel.getByText('No files attached.').waitFor();
    await panel.getByRole('button', { name: 'Attach from OneDrive' }).click();
    const picker = page.getByRole('dialog', { name: 'Attach files' });
    await picker.getByLabel('Select Welcome.txt').check();
    await picker.getByRole('button', { name: 'Attach', exact: true }).click();
    await panel.getByTestId('file-row').filter({ hasText: 'Welcome.txt' }).waitFor();
    assert.equal(await page.locator('.record-side > [data-testid="files-panel"]').getByTestId('file-row').filter({ hasText: 'Welcome.txt' }).count(), 0, 'the company’s own panel does not list the task’s file');
    assert.deepEqual(pageErrors, []);
  });

  test('a colleague whose own Microsoft account cannot read a file sees the link, and "no access" when opening it', async () => {
    const graceErrors: string[] = [];
    const { context, page: grace } = await openAppPage(page.context().browser()!, app.env.url, graceErrors, TIMEOUT);
    try {
      await signUpThroughUi(grace, 'Grace Hopper', 'grace@example.test');
      await page.goto('/settings');
      const add = page.getByRole('form', { name: 'Add member' });
      await add.getByLabel('Member email').fill('grace@example.test');
      await add.getByRole('button', { name: 'Add member' }).click();
      await page.getByRole('table', { name: 'Members' }).getByText('grace@example.test').waitFor();

      await grace.reload();
      await grace.getByLabel('Workspace').selectOption({ label: "Ada Lovelace's workspace" });
      await grace.goto('/settings/integrations');
      await grace.getByRole('button', { name: 'Connect Microsoft' }).click();
      const review = grace.getByRole('group', { name: 'Review permissions' });
      await review.locator('li[data-feature="onedrive"] input[type=checkbox]').check();
      await review.getByRole('button', { name: 'Continue to Microsoft' }).click();
      await grace.waitForURL(`${sb.urls.login}/**`);
      await signInAtSandbox(grace, graceUpn, password);
      await grace.locator('li[data-feature="onedrive"][data-state="granted"]').waitFor();

      await grace.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Companies' }).click();
      await grace.getByRole('table', { name: 'Companies' }).getByRole('link', { name: 'Acme Corp' }).click();
      const row = grace.locator('.record-side > [data-testid="files-panel"]').getByTestId('file-row').filter({ hasText: 'Brief.txt' });
      await row.getByRole('button', { name: 'Open Brief.txt' }).click();
      await row.getByRole('alert').filter({ hasText: "You don't have access to this file with your Microsoft account." }).waitFor();
      assert.equal(context.pages().length, 1, 'the blank tab opened on the click is closed again');
      await grace.screenshot({ path: `${SHOTS}/tandem-files-no-access.png`, fullPage: true });
      assert.deepEqual(graceErrors, []);
    } finally {
      await context.close();
    }
  });
});
