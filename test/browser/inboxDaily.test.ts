/**
 * A salesperson's day in Chromium (issue 9), against the real server and the sandbox tenant:
 * folder counts that follow every change live, opening marks read, archive/delete move on, drafts
 * reopen in the compose form, Sent Items and Drafts list recipients, transient notices, timelines
 * that fill themselves and update live, what the header and the inbox say when the account needs
 * reconnecting, no out-of-office calls for a disconnected account, and every page at 375 px.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Message } from '@microsoft/microsoft-graph-types';
import type { Page } from 'playwright-core';
import { connectMicrosoft, type MicrosoftTestEnv } from '../helpers/microsoft.js';
import { startMicrosoftBrowser, type MicrosoftBrowser } from '../helpers/microsoftBrowser.js';
import { control, createTenantWithUsers, type TestSandbox } from '../helpers/sandbox.js';
import type { ApiClient } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

const TIMEOUT = 20_000;
const GRACE = 'grace_hopper@navy.example';

describe('the inbox, timelines and status as used every day', { timeout: 300_000 }, () => {
  let sb: TestSandbox;
  let env: MicrosoftTestEnv;
  let app: MicrosoftBrowser;
  let page: Page;
  let api: ApiClient;
  let ada: { upn: string };
  let bob: { mail: string };
  let accountId: string;
  const pageErrors: string[] = [];
  let personPath = '/people';
  const tag = randomUUID().slice(0, 6);
  const subjects = [`First ${tag}`, `Second ${tag}`, `Third ${tag}`];

  const nav = (name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();
  const folder = (name: string) => page.getByRole('navigation', { name: 'Mail folders' }).getByRole('button', { name: new RegExp(`^${name}`) });
  const unread = async (name: string) => Number((await folder(name).locator('.count').textContent({ timeout: 500 }).catch(() => '0')) || 0);
  const row = (subject: string) => page.getByRole('list', { name: 'Messages' }).getByRole('listitem').filter({ has: page.locator('.subject').getByText(subject, { exact: true }) });
  const view = () => page.getByRole('article', { name: 'Message' });
  const graphList = async (folderName: string) =>
    (await env.integration.graph.get<{ value: Message[] }>(accountId, `/me/mailFolders/${folderName}/messages?$top=200&$select=id,subject,isRead,toRecipients`)).value;
  const deliver = (subject: string) =>
    control(sb, 'POST', '/control/mail/deliver', { mailbox: ada.upn, from: { name: 'Grace Hopper', address: GRACE }, subject, body: `About ${subject}` });

  before(async () => {
    app = await startMicrosoftBrowser(pageErrors, TIMEOUT);
    ({ sb, env, page } = app);
    const { users } = await createTenantWithUsers(sb, {
      domain: 'daily.onmicrosoft.com',
      users: [{ userPrincipalName: 'ada', password: 'pw', displayName: 'Ada Lovelace' }, { userPrincipalName: 'bob', password: 'pw', displayName: 'Bob Builder' }],
    });
    ada = { upn: users[0]!.userPrincipalName };
    bob = { mail: users[1]!.mail };
    for (const s of subjects) await deliver(s);
    api = env.client();
    await api.signup({ name: 'Ada Lovelace' });
    const connected = await connectMicrosoft({ api, sandbox: sb, upn: ada.upn, password: 'pw', features: ['mail', 'sendMail'] });
    assert.equal(connected.ok, true, connected.error);
    accountId = (await env.integration.accounts.byUser(api.user!.id))!.id;
    await page.context().addCookies([{ name: 'tandem_session', value: api.cookie!, url: env.url }]);
  });

  after(() => app?.close());

  test('Live in the header once synced; opening marks read and the Inbox count follows, live', async () => {
    await page.goto('/inbox');
    await page.locator('[data-testid="live-status"][data-state="open"]').waitFor({ timeout: 60_000 });
    assert.equal(await page.getByTestId('live-status').textContent(), 'Live');
    await row(subjects[0]!).waitFor();
    await waitFor(async () => (await unread('Inbox')) === 3, { message: 'three unread in the Inbox' });

    await row(subjects[0]!).getByRole('button').click();
    await view().getByRole('heading', { name: subjects[0] }).waitFor();
    await view().getByRole('button', { name: 'Mark unread' }).waitFor();
    await waitFor(async () => (await row(subjects[0]!).getAttribute('data-unread')) === 'false', { message: 'the row is read' });
    await waitFor(async () => (await unread('Inbox')) === 2, { message: 'the Inbox count went down' });
    assert.equal((await graphList('inbox')).find((m) => m.subject === subjects[0])?.isRead, true, 'read in Outlook too');

    await view().getByRole('button', { name: 'Mark unread' }).click();
    await view().getByRole('button', { name: 'Mark read' }).waitFor();
    await waitFor(async () => (await unread('Inbox')) === 3, { message: 'Mark unread puts the count back' });

    // New mail from outside: the count follows what delta brings in.
    const fourth = `Fourth ${tag}`;
    await deliver(fourth);
    await row(fourth).waitFor({ timeout: 30_000 });
    await waitFor(async () => (await unread('Inbox')) === 4, { message: 'new mail raises the count' });
    subjects.push(fourth);
    assert.deepEqual(pageErrors, []);
  });

  test('archive and delete move on to the next message; no view of a message that left', async () => {
    const listed = () => page.getByRole('list', { name: 'Messages' }).locator('.subject').allTextContents();
    /** The message the view should move to: the next one down, or up at the end of the list. */
    const nextAfter = (list: string[], gone: string) => {
      const rest = list.filter((x) => x !== gone);
      return rest[Math.min(list.indexOf(gone), rest.length - 1)];
    };
    const first = await listed();
    assert.equal(first.length, 4);
    await row(first[1]!).getByRole('button').click();
    let open = first[1]!;
    let archived = 0;
    for (const [n, action] of (['Archive', 'Delete', 'Archive', 'Delete'] as const).entries()) {
      await view().getByRole('heading', { name: open }).waitFor();
      const before = await listed();
      await view().getByRole('button', { name: action }).click();
      await row(open).waitFor({ state: 'detached' });
      if (action === 'Archive') archived++;
      if (n === 0) {
        const toast = page.getByRole('status').filter({ hasText: 'Archived.' });
        await toast.waitFor();
        assert.equal(await toast.evaluate((el) => getComputedStyle(el.parentElement!).position), 'fixed', 'the notice floats over the page');
      }
      const next = nextAfter(before, open);
      const gone = open;
      if (!next) break;
      open = next;
      await waitFor(async () => (await graphList(action === 'Archive' ? 'archive' : 'deleteditems')).some((m) => m.subject === gone), { message: `${gone} moved in Outlook` });
    }
    assert.equal(archived, 2);
    // The last one gone: the view closes rather than showing a message that left.
    await page.getByText('Select a message to read it.').waitFor();
    assert.equal(await view().count(), 0);
    assert.deepEqual(await listed(), []);
    await waitFor(async () => (await unread('Inbox')) === 0, { message: 'nothing unread left in the Inbox' });
    assert.deepEqual(pageErrors, []);
  });

  test('a draft reopens in the compose form, is saved again, sent; another is discarded; Sent and Drafts list recipients', async () => {
    const draftSubject = `Proposal ${tag}`;
    await page.getByRole('button', { name: 'New message' }).click();
    const compose = page.getByRole('form', { name: 'Compose' });
    await compose.getByLabel('To', { exact: true }).fill(bob.mail);
    await compose.getByLabel('Subject').fill(draftSubject);
    await compose.getByLabel('Message').fill('First words.');
    const folders = page.getByRole('navigation', { name: 'Mail folders' });
    const top = await folders.boundingBox();
    await compose.getByRole('button', { name: 'Save draft' }).click();
    const saved = page.getByRole('status').filter({ hasText: 'Draft saved.' });
    await saved.waitFor();
    assert.deepEqual(await folders.boundingBox(), top, 'the notice moves nothing');
    await saved.waitFor({ state: 'detached', timeout: 10_000 });

    await folder('Drafts').click();
    const draftRow = row(draftSubject);
    await draftRow.waitFor();
    assert.match((await draftRow.locator('.sender').textContent()) ?? '', /^To: \S/, 'Drafts lists whom it is for');
    await draftRow.getByRole('button').click();
    const edit = page.getByRole('form', { name: 'Edit draft' });
    await edit.waitFor();
    assert.equal((await edit.getByLabel('To', { exact: true }).inputValue()).toLowerCase(), bob.mail.toLowerCase());
    assert.equal(await edit.getByLabel('Subject').inputValue(), draftSubject);
    assert.equal(await edit.getByLabel('Message').inputValue(), 'First words.');
    assert.equal(await page.getByRole('button', { name: 'Mark unread' }).count(), 0, 'not shown like a received message');

    await edit.getByLabel('Message').fill('Better words.');
    await edit.getByRole('button', { name: 'Save draft' }).click();
    await page.getByRole('status').filter({ hasText: 'Draft saved.' }).waitFor();
    await waitFor(async () => {
      const d = (await graphList('drafts')).find((m) => m.subject === draftSubject);
      if (!d?.id) return false;
      const body = await env.integration.graph.get<Message>(accountId, `/me/messages/${d.id}?$select=body`);
      return (body.body?.content ?? '').includes('Better words.');
    }, { message: 'the draft saved again in Outlook' });

    const sentSubject = `${draftSubject} (final)`;
    await edit.getByLabel('Subject').fill(sentSubject);
    await edit.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('status').filter({ hasText: 'Message sent.' }).waitFor();
    await draftRow.waitFor({ state: 'detached' });
    await waitFor(async () => (await graphList('sentitems')).some((m) => m.subject === sentSubject), { message: 'sent with the edited subject' });
    assert.ok(!(await graphList('drafts')).some((m) => m.subject?.startsWith(draftSubject)), 'no draft left in Outlook');

    await folder('Sent Items').click();
    const sentRow = row(sentSubject);
    await sentRow.waitFor({ timeout: 30_000 });
    assert.match((await sentRow.locator('.sender').textContent()) ?? '', /^To: /, 'Sent Items lists whom it went to');

    // Another draft, discarded.
    const throwaway = `Never mind ${tag}`;
    await page.getByRole('button', { name: 'New message' }).click();
    await page.getByRole('form', { name: 'Compose' }).getByLabel('Subject').fill(throwaway);
    await page.getByRole('form', { name: 'Compose' }).getByRole('button', { name: 'Save draft' }).click();
    await folder('Drafts').click();
    await row(throwaway).getByRole('button').click();
    await page.getByRole('form', { name: 'Edit draft' }).getByRole('button', { name: 'Discard' }).click();
    await row(throwaway).waitFor({ state: 'detached' });
    await page.getByText('Select a message to read it.').waitFor();
    assert.ok(!(await graphList('drafts')).some((m) => m.subject === throwaway), 'discarded in Outlook');
    assert.deepEqual(pageErrors, []);
  });

  test("a new person's timeline has their mail at once, and new mail from them arrives live", async () => {
    await nav('People');
    await page.getByRole('button', { name: 'New person' }).click();
    const form = page.getByRole('form', { name: 'New person' });
    await form.getByLabel('Name').fill('Grace Hopper');
    await form.getByLabel('Emails').fill(GRACE);
    await form.getByRole('button', { name: 'Create person' }).click();
    await page.getByRole('table', { name: 'People' }).getByRole('link', { name: 'Grace Hopper' }).click();
    const entries = page.getByRole('list', { name: 'Timeline entries' });
    // Already synced (archived, deleted too: they are still Ada's mail with Grace).
    await entries.getByText(subjects[0]!, { exact: true }).waitFor();

    const live = `Live one ${tag}`;
    await deliver(live);
    await entries.getByText(live, { exact: true }).waitFor({ timeout: 30_000 });
    personPath = new URL(page.url()).pathname;

    // Removing the address takes the mail off the timeline.
    await page.getByRole('button', { name: 'Edit' }).click();
    const editForm = page.getByRole('form', { name: 'Edit person' });
    await editForm.getByLabel('Emails').fill('grace@elsewhere.example');
    await editForm.getByRole('button', { name: 'Save changes' }).click();
    await page.reload();
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
    await page.getByText('Nothing here yet.', { exact: false }).waitFor();
    assert.equal(await page.getByText(live, { exact: true }).count(), 0);
    assert.deepEqual(pageErrors, []);
  });

  test('at 375 px every page fits (connected, with mail) and Sign out stays on screen', async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    for (const path of ['/people', personPath, '/companies', '/tasks', '/inbox', '/inbox (a message open)', '/settings', '/settings/integrations', '/settings/tokens']) {
      await page.goto(path.split(' ')[0]!);
      const signOut = page.getByRole('button', { name: 'Sign out' });
      await signOut.waitFor();
      if (path.includes('message open')) {
        await folder('Sent Items').click();
        await page.getByRole('list', { name: 'Messages' }).getByRole('button').first().click();
        await view().waitFor();
      } else if (path === '/settings/integrations') {
        await page.getByRole('table', { name: 'Sync health' }).waitFor();
      }
      const box = (await signOut.boundingBox())!;
      assert.ok(box.x >= 0 && box.x + box.width <= 375, `${path}: Sign out at x=${box.x} w=${box.width}`);
      await page.screenshot({ path: `${process.env.TANDEM_SCREENSHOTS ?? '/tmp'}/tandem-375${path.replace(/\W+/g, '-')}.png`, fullPage: true });
      // What sticks out, named, so a failure says where to look.
      const wide = await page.evaluate(() => [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
        .slice(0, 5).map((el) => `${el.tagName.toLowerCase()}.${el.className} (${Math.round(el.getBoundingClientRect().right)} px)`));
      assert.deepEqual(wide, [], `${path}: wider than the screen`);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    assert.deepEqual(pageErrors, []);
  });

  test('the account needs reconnecting: the header and the inbox say so, with Reconnect; no out-of-office lookups', async () => {
    await nav('Inbox');
    await page.locator('[data-testid="live-status"][data-state="open"]').waitFor();
    await control(sb, 'POST', `/control/users/${encodeURIComponent(ada.upn)}/revoke-grants`);
    await assert.rejects(env.integration.graph.get(accountId, '/me'));
    const banner = page.getByTestId('reconnect-banner');
    await banner.waitFor();
    assert.match((await banner.textContent()) ?? '', /Microsoft 365 needs reconnecting/);
    await banner.getByRole('button', { name: 'Reconnect' }).waitFor();
    await page.locator('[data-testid="live-status"][data-state="reconnect"]').waitFor();
    assert.equal(await page.getByTestId('live-status').textContent(), 'Reconnect needed');

    const lookups: string[] = [];
    page.on('request', (r) => { if (r.url().includes('/api/mail/out-of-office')) lookups.push(r.url()); });
    await nav('People');
    await page.getByRole('table', { name: 'People' }).getByText('Grace Hopper').waitFor();
    await banner.waitFor();
    assert.deepEqual(lookups, [], 'an account that needs reconnecting is not asked');
    assert.deepEqual(pageErrors, []);
  });

  test('after a disconnect, the People page makes no out-of-office calls (and no 409s)', async () => {
    const consoleErrors: string[] = [];
    const lookups: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    page.on('request', (r) => { if (r.url().includes('/api/mail/')) lookups.push(r.url()); });
    const res = await api.request('POST', '/api/microsoft/disconnect');
    assert.ok(res.status < 300, JSON.stringify(res.body));
    await waitFor(async () => (await api.request<{ status: string }>('GET', '/api/microsoft')).body.status === 'not_connected', { timeoutMs: 30_000, message: 'disconnected' });
    await page.goto('/people');
    await page.getByRole('table', { name: 'People' }).getByText('Grace Hopper').waitFor();
    await page.locator('[data-testid="live-status"][data-state="open"]').waitFor();
    await page.getByRole('table', { name: 'People' }).getByRole('link', { name: 'Grace Hopper' }).click();
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
    await page.locator('[data-testid="live-status"][data-state="open"]').waitFor();
    assert.deepEqual(lookups, []);
    assert.deepEqual(consoleErrors, []);
    assert.equal(await page.getByTestId('reconnect-banner').count(), 0);
  });

});
