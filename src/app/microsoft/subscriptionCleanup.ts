import type { MicrosoftAccount } from '../../microsoft/accounts/accounts.js';
import { GraphClient } from '../../microsoft/graph/client.js';
import { isMicrosoftError } from '../../microsoft/graph/errors.js';
import { isGone } from '../../microsoft/subscriptions/subscriptions.js';
import type { MicrosoftIntegration } from './integration.js';

/**
 * Deleting a disconnected account's subscriptions at Microsoft, as a job of its own so the rest of
 * disconnect (every local row, the account, its tokens) never waits on Graph. A failed delete is
 * retried with capped backoff until Graph confirms it (404 counts as done) or the subscription has
 * expired by itself. The job holds a copy of the account's tokens under a key of its own, deleted
 * when the job ends; nothing else of the account is left meanwhile, and the webhook already rejects
 * the subscription (its row is gone).
 */
export const SUBSCRIPTION_CLEANUP_JOB = 'microsoft.subscriptionCleanup';

export interface RetiredSubscription {
  graphId: string;
  /** When Graph drops it by itself. */
  expiresAt: string;
}

export interface CleanupPayload {
  accountId: string;
  /** Token cache key of the tokens copied for this job. */
  tokenKey: string;
  subscriptions: RetiredSubscription[];
  attempt: number;
}

export interface CleanupDeps {
  /** DELETE /subscriptions/{id} with the job's tokens. */
  deleteRemote(tokenKey: string, graphId: string): Promise<void>;
  dropTokens(tokenKey: string): Promise<void>;
  enqueue(payload: CleanupPayload, runAt: number): Promise<void>;
  now(): number;
  backoff: { baseMs: number; maxMs: number };
  warn(obj: object, msg: string): void;
}

/** Graph's longest subscription lifetime of any synced resource (driveItem, 42,300 minutes): an unknown expiry is at most this far. */
const MAX_LIFETIME_MS = 42_300 * 60_000;

/** Copies the account's tokens for the job and queues it; a no-op without subscriptions or tokens. */
export async function retireSubscriptions(
  integration: MicrosoftIntegration, account: MicrosoftAccount, kind: string, rows: Array<{ graphId: string; expiresAt: string | null }>,
): Promise<void> {
  const horizon = new Date(Date.now() + MAX_LIFETIME_MS).toISOString();
  const subscriptions: RetiredSubscription[] = rows.map((r) => ({ graphId: r.graphId, expiresAt: r.expiresAt ?? horizon }));
  if (!subscriptions.length) return;
  const tokens = await integration.tokenCache.load(integration.cacheKeyFor(account));
  // Without tokens nothing can be deleted: each subscription expires by itself, rejected by the webhook meanwhile.
  if (!tokens) return;
  const tokenKey = `retired:${account.id}:${kind}`;
  const current = await integration.tokenCache.load(tokenKey);
  if (!(await integration.tokenCache.save(tokenKey, tokens.data, current ? current.version : null))) {
    throw new Error('retired token cache changed while being written; the disconnect job retries');
  }
  const payload: CleanupPayload = { accountId: account.id, tokenKey, subscriptions, attempt: 0 };
  await integration.queue.enqueue(SUBSCRIPTION_CLEANUP_JOB, payload, { key: tokenKey, maxAttempts: 10 });
}

/** One round: deletes what it can, queues the rest for later, drops the tokens when nothing is left. */
export async function runSubscriptionCleanup(deps: CleanupDeps, p: CleanupPayload): Promise<'done' | 'retrying'> {
  const now = deps.now();
  const expired = (sub: RetiredSubscription) => Date.parse(sub.expiresAt) <= now;
  const remaining: RetiredSubscription[] = [];
  for (const sub of p.subscriptions) {
    if (expired(sub)) continue;
    try {
      await deps.deleteRemote(p.tokenKey, sub.graphId);
    } catch (err) {
      // Gone already, or the grant is dead and nothing can ever delete it: it expires by itself.
      if (isGone(err) || isMicrosoftError(err, 'reauthRequired')) continue;
      deps.warn({ err, accountId: p.accountId }, 'subscription delete at Microsoft failed; retrying');
      remaining.push(sub);
    }
  }
  if (remaining.length) {
    const delay = Math.min(deps.backoff.maxMs, deps.backoff.baseMs * 2 ** Math.min(p.attempt, 20));
    // Never much later than the first expiry: the run after it counts that one done.
    const runAt = Math.min(now + delay, Math.min(...remaining.map((sub) => Date.parse(sub.expiresAt))) + 1_000);
    await deps.enqueue({ ...p, subscriptions: remaining, attempt: p.attempt + 1 }, runAt);
    return 'retrying';
  }
  await deps.dropTokens(p.tokenKey);
  return 'done';
}

/** The job's dependencies in a real process: a Graph client on the job's own tokens. */
export function cleanupDeps(integration: MicrosoftIntegration): CleanupDeps {
  const { config, auth, log } = integration;
  const graph = new GraphClient({ graphUrl: config.ms.graphUrl, fetch: integration.transport.fetch, accessToken: (key, opts) => auth.accessToken(key, undefined, opts), log });
  return {
    deleteRemote: async (tokenKey, graphId) => void (await graph.request(tokenKey, { method: 'DELETE', path: `/subscriptions/${encodeURIComponent(graphId)}` })),
    dropTokens: async (tokenKey) => {
      await integration.tokenCache.delete(tokenKey);
      auth.forget(tokenKey);
    },
    enqueue: (payload, runAt) => integration.queue.enqueue(SUBSCRIPTION_CLEANUP_JOB, payload, { key: payload.tokenKey, runAt, maxAttempts: 10 }),
    now: () => Date.now(),
    backoff: { baseMs: 30_000, maxMs: 30 * 60_000 },
    warn: (obj, msg) => log.warn(obj, msg),
  };
}
