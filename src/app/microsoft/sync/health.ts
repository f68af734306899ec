import type { MicrosoftAccount } from '../../../microsoft/accounts/accounts.js';
import { userMessage, ERROR_KINDS, type ErrorKind } from '../../../microsoft/graph/errors.js';
import type { ResourceManifest } from '../../../microsoft/sync/manifest.js';
import { syncStates } from '../../../microsoft/sync/syncStates.js';
import type { SyncEngine } from './context.js';
import { enabledManifests } from './gate.js';
import { counterName, RECEIVED, REJECTED } from './intake.js';
import { resourceWebhookMode } from './subscribe.js';

export type ResourceState = 'initial' | 'live' | 'polling' | 'needs_reconnect' | 'error';

export interface ResourceHealth {
  resource: string;
  state: ResourceState;
  /** 0-100 while state is initial, otherwise null. */
  percent: number | null;
  itemsSynced: number;
  itemsTotal: number | null;
  lastSuccessAt: string | null;
  subscriptionExpiresAt: string | null;
  mode: 'push' | 'polling';
  modeReason: string | null;
  notificationsReceived: number;
  notificationsRejected: number;
  lastError: string | null;
}

export interface SyncHealth {
  resources: ResourceHealth[];
}

/** Sync health for Settings: one row per resource the account syncs (CONNECT's GET /api/microsoft shows it as `health`). */
export async function syncHealth(s: SyncEngine, account: MicrosoftAccount): Promise<SyncHealth> {
  const counters = await s.integration.database.db.selectFrom('microsoft_counters').select(['name', 'value']).where('account_id', '=', account.id).execute();
  const counter = (name: string) => counters.find((c) => c.name === name)?.value ?? 0;
  const resources: ResourceHealth[] = [];
  for (const m of enabledManifests(s.manifests.values(), account)) resources.push(await resourceHealth(s, m, account, counter));
  return { resources };
}

async function resourceHealth(s: SyncEngine, m: ResourceManifest, account: MicrosoftAccount, counter: (name: string) => number): Promise<ResourceHealth> {
  const states = await syncStates.list(s.integration.database.db, account.id, m.name);
  const subs = await s.subscriptions.forAccount(account.id, m.name);
  // The real mode: without a live subscription it is polled, and the reason says why.
  const mode = await resourceWebhookMode(s, m, account.id);

  const initial = states.length === 0 || states.some((st) => st.phase === 'initial');
  const synced = states.reduce((n, st) => n + st.items_synced, 0);
  const totals = states.map((st) => st.items_total);
  const total = totals.every((t) => t !== null) && states.length ? totals.reduce((n, t) => n + (t ?? 0), 0) : null;
  const failing = states.find((st) => st.last_error_kind && st.last_error_kind !== 'deltaExpired');
  const successes = states.map((st) => st.last_success_at).filter((x): x is string => x !== null).sort();
  const kind = failing?.last_error_kind as ErrorKind | undefined;

  let state: ResourceState;
  if (account.status === 'needs_reconnect') state = 'needs_reconnect';
  else if (failing) state = 'error';
  else if (initial) state = 'initial';
  else state = mode.mode === 'polling' ? 'polling' : 'live';

  return {
    resource: m.name,
    state,
    percent: state === 'initial' ? (total ? Math.min(100, Math.floor((synced / total) * 100)) : 0) : null,
    itemsSynced: synced,
    itemsTotal: total,
    lastSuccessAt: successes.length ? successes[successes.length - 1]! : null,
    subscriptionExpiresAt: subs.find((r) => r.status === 'active')?.expires_at ?? null,
    mode: mode.mode,
    modeReason: mode.reason,
    notificationsReceived: counter(counterName(RECEIVED, m.name)),
    notificationsRejected: counter(counterName(REJECTED, m.name)),
    lastError: account.status === 'needs_reconnect' ? account.statusMessage
      : kind ? (failing?.last_error_message ?? (ERROR_KINDS.includes(kind) ? userMessage(kind) : null))
        // The URL passes the rule, yet Graph refused the subscription: that is an error worth showing.
        : s.integration.webhookMode().mode === 'push' && mode.mode === 'polling' && (await s.failures.get(account.id, m.name)) ? mode.reason : null,
  };
}
