import { randomBytes } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.js';
import type { MicrosoftSubscriptionsTable } from '../../db/tables/microsoft.js';
import { newId } from '../../lib/ids.js';
import type { SecretBox } from '../../lib/secretBox.js';
import type { GraphClient } from '../graph/client.js';
import { isMicrosoftError, MicrosoftError } from '../graph/errors.js';
import { graphInstant } from '../graph/instant.js';
import type { SubscriptionRegistry } from './registry.js';

export type SubscriptionRow = Selectable<MicrosoftSubscriptionsTable>;

/** Asked for below each resource's documented maximum, so clock skew never exceeds it. */
const SKEW_MS = 30 * 60_000;

/** The lifetime to request for a resource whose documented maximum is `maxMinutes`. */
export const lifetimeMs = (maxMinutes: number) => maxMinutes * 60_000 - SKEW_MS;

export interface SubscriptionDeps {
  db: Db;
  graph: GraphClient;
  box: SecretBox;
  registry: SubscriptionRegistry;
  publicUrl: () => string;
}

/** A resource's subscription (the manifest's SubscriptionSpec) and the kind its rows are stored under. */
export interface SubscriptionTarget {
  kind: string;
  resource: string;
  changeType: string;
  maxLifetimeMinutes: number;
}

interface GraphSubscription {
  id?: unknown;
  expirationDateTime?: unknown;
}

/**
 * The expiry the server granted, which may be shorter than asked: Graph caps lifetimes, and the cap
 * has changed over time. A server that answers a renewal with 204 and no body (OData's default for
 * PATCH) granted what was asked.
 */
function grantedExpiry(body: GraphSubscription | undefined, requested: string): string {
  return graphInstant(body?.expirationDateTime) ?? requested;
}

/** Gone at the server: 404, or 410 from a server that says so. */
export const isGone = (err: unknown): boolean => isMicrosoftError(err, 'notFound') || (isMicrosoftError(err) && err.status === 410);

const now = () => new Date().toISOString();

/** Graph subscriptions of one account: created, renewed, reauthorized and deleted, with a row per subscription. */
export class Subscriptions {
  constructor(private readonly deps: SubscriptionDeps) {}

  /** One resource's rows, or every row of the account without `kind`. */
  async forAccount(accountId: string, kind?: string): Promise<SubscriptionRow[]> {
    let q = this.deps.db.selectFrom('microsoft_subscriptions').selectAll().where('account_id', '=', accountId);
    if (kind !== undefined) q = q.where('resource_kind', '=', kind);
    return q.execute();
  }

  /** Creates the subscription; the row stores the sealed clientState and the expiry Graph returned. */
  async create(accountId: string, spec: SubscriptionTarget): Promise<SubscriptionRow> {
    const { db, graph, box } = this.deps;
    const clientState = randomBytes(32).toString('base64url');
    const id = newId();
    const base = this.deps.publicUrl().replace(/\/+$/, '');
    await db.insertInto('microsoft_subscriptions').values({
      id, account_id: accountId, resource_kind: spec.kind, graph_id: null, resource: spec.resource, sealed_client_state: box.seal(clientState),
      expires_at: null, status: 'pending', created_at: now(), updated_at: now(),
    }).execute();
    try {
      const requested = new Date(Date.now() + lifetimeMs(spec.maxLifetimeMinutes)).toISOString();
      const res = await graph.request<GraphSubscription | undefined>(accountId, {
        method: 'POST',
        path: '/subscriptions',
        body: {
          changeType: spec.changeType,
          notificationUrl: `${base}/webhooks/microsoft`,
          lifecycleNotificationUrl: `${base}/webhooks/microsoft/lifecycle`,
          resource: spec.resource,
          expirationDateTime: requested,
          clientState,
        },
      });
      const graphId = res.body?.id;
      if (typeof graphId !== 'string' || graphId === '') throw new MicrosoftError('fatal', 'Graph created a subscription but returned no id', { status: res.status });
      this.deps.registry.remember(graphId, accountId, clientState, spec.kind);
      await db.updateTable('microsoft_subscriptions')
        .set({ graph_id: graphId, expires_at: grantedExpiry(res.body, requested), status: 'active', updated_at: now() })
        .where('id', '=', id).execute();
    } catch (err) {
      await db.deleteFrom('microsoft_subscriptions').where('id', '=', id).execute();
      throw err;
    }
    return (await db.selectFrom('microsoft_subscriptions').selectAll().where('id', '=', id).executeTakeFirst())!;
  }

  /** PATCHes a new expiry; 'gone' when Graph no longer has it (the caller recreates and resyncs). */
  async renew(row: SubscriptionRow, maxLifetimeMinutes: number): Promise<'renewed' | 'gone'> {
    if (!row.graph_id) return 'gone';
    try {
      const requested = new Date(Date.now() + lifetimeMs(maxLifetimeMinutes)).toISOString();
      const res = await this.deps.graph.request<GraphSubscription | undefined>(row.account_id, {
        method: 'PATCH', path: `/subscriptions/${encodeURIComponent(row.graph_id)}`, body: { expirationDateTime: requested },
      });
      await this.setExpiry(row.id, grantedExpiry(res.body, requested));
      return 'renewed';
    } catch (err) {
      if (isGone(err)) {
        await this.drop(row);
        return 'gone';
      }
      throw err;
    }
  }

  /** Answers reauthorizationRequired: POST …/reauthorize, falling back to a renewal. */
  async reauthorize(row: SubscriptionRow, maxLifetimeMinutes: number): Promise<'reauthorized' | 'renewed' | 'gone'> {
    if (!row.graph_id) return 'gone';
    try {
      await this.deps.graph.request(row.account_id, { method: 'POST', path: `/subscriptions/${encodeURIComponent(row.graph_id)}/reauthorize` });
      return 'reauthorized';
    } catch (err) {
      if (isMicrosoftError(err, 'reauthRequired')) throw err;
    }
    return this.renew(row, maxLifetimeMinutes);
  }

  /**
   * Asks Graph whether the subscription still exists. Graph deletes an expired subscription without
   * notice, and one can vanish for other reasons; until renewal (half its lifetime) nothing else
   * would notice. 'gone' drops the row: the caller recreates it and runs a delta round.
   */
  async verify(row: SubscriptionRow): Promise<'ok' | 'gone'> {
    if (!row.graph_id) return 'gone';
    try {
      await this.deps.graph.request(row.account_id, { method: 'GET', path: `/subscriptions/${encodeURIComponent(row.graph_id)}` });
      return 'ok';
    } catch (err) {
      if (!isGone(err)) throw err;
      await this.drop(row);
      return 'gone';
    }
  }

  /** Deletes at Graph (404 counts as done) and forgets the row. */
  async deleteRemote(row: SubscriptionRow): Promise<void> {
    if (row.graph_id) {
      await this.deps.db.updateTable('microsoft_subscriptions').set({ status: 'deleting', updated_at: now() }).where('id', '=', row.id).execute();
      this.deps.registry.forget(row.graph_id);
      try {
        await this.deps.graph.request(row.account_id, { method: 'DELETE', path: `/subscriptions/${encodeURIComponent(row.graph_id)}` });
      } catch (err) {
        if (!isGone(err)) throw err;
      }
    }
    await this.drop(row);
  }

  async drop(row: SubscriptionRow): Promise<void> {
    if (row.graph_id) this.deps.registry.forget(row.graph_id);
    await this.deps.db.deleteFrom('microsoft_subscriptions').where('id', '=', row.id).execute();
  }

  private async setExpiry(id: string, expiresAt: string): Promise<void> {
    await this.deps.db.updateTable('microsoft_subscriptions').set({ expires_at: expiresAt, updated_at: now() }).where('id', '=', id).execute();
  }
}

/** Renew when less than half the lifetime Graph granted is left. */
export function needsRenewal(row: SubscriptionRow, at = Date.now()): boolean {
  if (!row.expires_at) return false;
  const expires = Date.parse(row.expires_at);
  const lifetime = expires - Date.parse(row.updated_at < row.created_at ? row.created_at : row.updated_at);
  return expires - at < Math.max(lifetime, 0) / 2;
}
