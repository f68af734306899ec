import type { LiveEvent } from '../../events/liveEvents.js';
import type { FeatureId, SyncedResource } from '../catalogue.js';
import type { PageResult, SyncContext, SyncResource, SyncScope, Trx } from './contract.js';
import type { WriteBack } from './writeBack.js';

/** What a Graph change-notification subscription of a resource looks like (graph-facts.md §1). */
export interface SubscriptionSpec {
  /** The Graph resource path, without base URL: `/me/messages`, `/me/events`. */
  resource: string;
  changeType: string;
  /** Graph's documented maximum for the resource; Tandem asks a little less (clock skew). */
  maxLifetimeMinutes: number;
  /**
   * When the path names one of the user's own items (To Do watches one list's tasks), the path
   * for this account, found when the subscription is made.
   */
  resourceFor?(ctx: SyncContext): Promise<string>;
  /**
   * What resourceFor would answer now, when known without asking Graph (undefined: not known). A
   * subscription on another path (the list was deleted and made again) is replaced.
   */
  currentResource?(accountId: string): string | undefined;
}

/** A pending change: a notification named this item (its id as Graph sent it). */
export interface PendingChange {
  item_id: string;
  change_type: string;
  received_at: string;
}

/**
 * What a resource's run plan may do. The engine gives it the scopes it knows, a way to list them
 * again from Graph, and a way to run delta rounds on some of them (each scope at most once per run).
 */
export interface RunTools {
  ctx: SyncContext;
  /** Notifications that arrived since the last run (empty for sweeps, polling, catch-up). */
  pending: PendingChange[];
  /** Scopes known without asking Graph; refreshed by listScopes(). */
  scopes(): SyncScope[];
  /** Lists the scopes from Graph (new, renamed, deleted); at most once per run. */
  listScopes(): Promise<SyncScope[]>;
  /** Delta rounds on these scopes, skipping those already run in this run. */
  run(scopes: SyncScope[]): Promise<void>;
  /** The known scopes this run has not covered yet. */
  notRun(): SyncScope[];
  /** Tells the watchdog the run is making progress. */
  beat(): void;
}

/**
 * One synced Microsoft 365 resource, as data plus a few functions. The engine
 * (src/app/microsoft/sync) owns everything generic: subscriptions, the webhook intake, one
 * coalesced job per (account, resource), cursors, catch-up, sweep, polling, the watchdog, health
 * and disconnect. Adding a resource means a manifest, its mapping, and an entry in the contract suite.
 */
export interface ResourceManifest {
  name: SyncedResource;
  /** The catalogue feature that powers it: without that grant, no sync and no subscription. */
  feature: FeatureId;
  /** Its change notifications; null for a resource that is only polled. */
  subscription: SubscriptionSpec | null;
  /** The delta cursors and page mapping. */
  sync: SyncResource;
  /**
   * A cheap, frequent round that recovers a dropped notification long before the full sweep
   * (mail: the Inbox every 2 minutes, typically one request answering an empty page).
   */
  catchUp: { everyMs: number; scopes(all: SyncScope[]): SyncScope[] };
  /** Scopes known without calling Graph (default: those with a stored cursor). */
  knownScopes?(ctx: SyncContext): Promise<SyncScope[]>;
  /**
   * Which scopes a run that follows notifications covers (default: every known scope). Sweeps,
   * polling and lifecycle events always run every scope.
   */
  plan?(tools: RunTools): Promise<void>;
  /**
   * Work that follows a committed page outside its transaction (mail: queue the people-from-mail
   * job), set by whoever installs that work. Called after the live event; a failure is logged.
   */
  committed?(ctx: SyncContext, scope: SyncScope, page: PageResult): Promise<void>;
  /** The live events for a committed page, with Tandem's ids, in publishing order; null to publish nothing. */
  liveEvent(ctx: SyncContext, scope: SyncScope, page: PageResult): Promise<LiveEvent | LiveEvent[] | null>;
  /**
   * Deletes every row synced from the account (disconnect); Microsoft 365 data is never touched.
   * Answers how many of its items (`items`) went, for the disconnect's receipt.
   */
  purge(trx: Trx, account: { id: string; workspaceId: string; userId: string }): Promise<number>;
  /** What one synced item is called, for people ("email"/"emails"). */
  items: { one: string; other: string };
  /** Two-way resources: sends outbox entries to Graph. */
  writeBack?: WriteBack;
}
