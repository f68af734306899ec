/** Shared set-up for the mail sync tests: a sandbox, Tandem with the integration, connected users. */
import { randomBytes } from 'node:crypto';
import { syncEngineOf } from '../../src/app/microsoft/sync/install.js';
import type { SyncEngine } from '../../src/app/microsoft/sync/context.js';
import type { Config } from '../../src/config/env.js';
import type { DbKind } from '../helpers/db.js';
import { accountIdOf, connectMicrosoft, startMicrosoftTestEnv, type MicrosoftTestEnv } from '../helpers/microsoft.js';
import { control, createTenantWithUsers, type TestSandbox } from '../helpers/sandbox.js';
import type { ApiClient } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

export interface ConnectedUser {
  api: ApiClient;
  upn: string;
  mailboxId: string;
  accountId: string;
}

export async function startSyncEnv(sandbox: TestSandbox, kind: DbKind, overrides: Partial<Config> = {}): Promise<{ env: MicrosoftTestEnv; sync: SyncEngine }> {
  const env = await startMicrosoftTestEnv({ kind, sandbox, configOverrides: overrides });
  const sync = syncEngineOf(env.integration);
  if (!sync) throw new Error('the sync engine is not installed');
  return { env, sync };
}

/**
 * A new tenant user with `messages` generated mail, connected to a new Tandem user; waits for the
 * initial sync. `features` defaults to Outlook mail and sending.
 */
export async function connectUser(env: MicrosoftTestEnv, sandbox: TestSandbox, messages = 30, features?: string[]): Promise<ConnectedUser> {
  const domain = `t${randomBytes(4).toString('hex')}.test`;
  const { users } = await createTenantWithUsers(sandbox, { domain, users: [{ userPrincipalName: 'ann', password: 'pw-Ann-1' }] });
  const user = users[0]!;
  if (messages) await control(sandbox, 'POST', '/control/mail/generate', { mailbox: user.id, count: messages });
  const api = env.client();
  await api.signup();
  const r = await connectMicrosoft({ api, sandbox, upn: user.userPrincipalName, password: 'pw-Ann-1', ...(features ? { features } : {}) });
  if (!r.ok) throw new Error(`connect failed: ${r.error ?? r.callbackStatus}`);
  const accountId = (await accountIdOf(env, api))!;
  await waitFor(async () => (await emailCount(env, accountId)) >= messages && (await initialDone(env, accountId)), { timeoutMs: 30_000, message: 'initial sync never finished' });
  return { api, upn: user.userPrincipalName, mailboxId: user.id, accountId };
}

export async function emailCount(env: MicrosoftTestEnv, accountId: string): Promise<number> {
  const r = await env.database.db.selectFrom('emails').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', accountId).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function initialDone(env: MicrosoftTestEnv, accountId: string): Promise<boolean> {
  const states = await env.database.db.selectFrom('microsoft_sync_states').select(['phase', 'next_link']).where('account_id', '=', accountId).execute();
  return states.length > 0 && states.every((s) => s.phase === 'live' && s.next_link === null);
}

/** The sandbox's own count of the mailbox's messages (what Tandem must mirror exactly). */
export async function sandboxCount(sandbox: TestSandbox, upn: string, token?: string): Promise<number> {
  void token;
  const info = await control<{ value: Array<{ totalItemCount: number }> }>(sandbox, 'GET', `/control/mail/folders?mailbox=${encodeURIComponent(upn)}`).catch(() => undefined);
  return info ? info.value.reduce((n, f) => n + f.totalItemCount, 0) : -1;
}

export async function deliver(sandbox: TestSandbox, mailboxId: string, subject: string): Promise<string> {
  const r = await control<{ id: string }>(sandbox, 'POST', '/control/mail/deliver', { mailbox: mailboxId, from: { name: 'Outside Sender', address: 'sender@outside.test' }, subject, body: 'hello' });
  return r.id;
}

export async function subscriptionsOf(sandbox: TestSandbox, mailboxId: string): Promise<Array<{ id: string; expirationDateTime: string; resource: string }>> {
  return (await control<{ value: Array<{ id: string; expirationDateTime: string; resource: string }> }>(sandbox, 'GET', `/control/notifications/subscriptions?userId=${mailboxId}`)).value;
}
