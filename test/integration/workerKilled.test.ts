import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { connectMicrosoft } from '../helpers/microsoft.js';
import { startTandemOnFreePort, type TandemProcess } from '../helpers/process.js';
import { control, createTenantWithUsers, registerApp, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { ApiClient } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

const MESSAGES = 20_000;
/** Tandem's Prefer: odata.maxpagesize for mail delta (src/microsoft/sync/mail/mailResource.ts). */
const PAGE_SIZE = 1000;
const DELTA = 'GET /me/mailFolders/:folderId/messages/delta';

interface Progress { synced: number; open: number; done: boolean }

/** Reads the separate process's SQLite file directly: the test watches it the way an operator would. */
function progress(file: string): Progress {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('select items_synced, next_link, phase from microsoft_sync_states').all() as Array<{ items_synced: number; next_link: string | null; phase: string }>;
    return {
      synced: rows.reduce((n, r) => n + r.items_synced, 0),
      open: rows.filter((r) => r.next_link !== null).length,
      done: rows.length > 0 && rows.every((r) => r.phase === 'live' && r.next_link === null),
    };
  } finally {
    db.close();
  }
}

function emailRows(file: string): { total: number; uniq: number } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('select count(*) as total, count(distinct graph_id) as uniq from emails').get() as { total: number; uniq: number };
  } finally {
    db.close();
  }
}

let sandbox: TestSandbox;
const running: TandemProcess[] = [];
after(async () => {
  for (const p of running) await p.stop();
  await sandbox?.close();
});

test('a worker killed (SIGKILL) in the middle of an initial sync resumes from its saved cursor without duplicates', async () => {
  sandbox = await startTestSandbox({ notificationDelayMs: 0 });
  const { users } = await createTenantWithUsers(sandbox, { domain: `k${randomBytes(3).toString('hex')}.test`, users: [{ userPrincipalName: 'kim', password: 'pw-Kim-1' }] });
  const user = users[0]!;
  await control(sandbox, 'POST', '/control/mail/generate', { mailbox: user.id, count: MESSAGES });
  await control(sandbox, 'PUT', '/control/mail/delta/replays', { mode: 'off' });
  // Slow Graph down so the round is still going when the process dies.
  await control(sandbox, 'PUT', '/control/mail/throttling', { latencyMs: 300 });

  const dataDir = mkdtempSync(join(tmpdir(), 'tandem-kill-'));
  const file = join(dataDir, 'tandem.sqlite');
  let env: Record<string, string> = {};
  const first = await startTandemOnFreePort(async (port) => {
    const publicUrl = `http://127.0.0.1:${port}`;
    const app = await registerApp(sandbox, { redirectUris: [`${publicUrl}/auth/microsoft/callback`] });
    env = {
      PUBLIC_URL: publicUrl,
      DATABASE_URL: `sqlite:${file}`,
      TANDEM_DATA_DIR: dataDir,
      TANDEM_SECRET_KEY: randomBytes(32).toString('hex'),
      MS_CLIENT_ID: app.clientId,
      MS_CLIENT_SECRET: app.clientSecret,
      MS_LOGIN_URL: sandbox.urls.login,
      MS_GRAPH_URL: sandbox.urls.graph,
      MS_CA_FILE: sandbox.caFile,
    };
    return env;
  });
  running.push(first);
  const api = new ApiClient(first.url);
  await api.signup();
  const connected = await connectMicrosoft({ api, sandbox, upn: user.userPrincipalName, password: 'pw-Kim-1' });
  assert.ok(connected.ok, `connect failed: ${connected.error ?? connected.callbackStatus}`);

  const before = await waitFor(() => {
    const p = progress(file);
    return p.synced > 0 && p.open > 0 && p.synced < MESSAGES ? p : undefined;
  }, { timeoutMs: 60_000, message: 'the initial sync never got under way' });
  first.child.kill('SIGKILL');
  await first.stop();
  const atKill = progress(file);
  assert.ok(atKill.synced < MESSAGES, 'the sync must still have been running when killed');

  await control(sandbox, 'POST', '/control/mail/stats/reset');
  await control(sandbox, 'PUT', '/control/mail/throttling', { latencyMs: 0 });
  // The restarted process needs no sign-in callback: any free port will do.
  const second = await startTandemOnFreePort(async (port) => ({ ...env, PUBLIC_URL: `http://127.0.0.1:${port}` }));
  running.push(second);
  await waitFor(() => progress(file).done, { timeoutMs: 120_000, message: 'the sync never completed after the restart' });

  const rows = emailRows(file);
  assert.equal(rows.total, MESSAGES, 'every message exactly once');
  assert.equal(rows.uniq, MESSAGES);
  // Resumed, not restarted: the second process fetched fewer pages than a whole round needs.
  const stats = await control<{ callsByEndpoint: Record<string, number> }>(sandbox, 'GET', '/control/mail/stats');
  const pagesAfter = stats.callsByEndpoint[DELTA] ?? 0;
  assert.ok(before.synced > 0 && atKill.synced > 0);
  assert.ok(pagesAfter > 0, 'the second process did fetch');
  const fullRoundPages = await fullRoundPageCount(sandbox, user.id);
  assert.ok(pagesAfter < fullRoundPages, `resumed with ${pagesAfter} delta pages, a full round takes ${fullRoundPages}`);
});

/** How many delta pages a full round of this mailbox takes at Tandem's page size, measured by a fresh client run. */
async function fullRoundPageCount(sandbox: TestSandbox, mailboxId: string): Promise<number> {
  const folders = await control<{ value: Array<{ totalItemCount: number }> }>(sandbox, 'GET', `/control/mail/folders?mailbox=${encodeURIComponent(mailboxId)}`);
  // Each folder takes ceil(items / page) pages plus the final page that carries the deltaLink.
  return folders.value.reduce((n, f) => n + Math.ceil(f.totalItemCount / PAGE_SIZE) + 1, 0);
}
