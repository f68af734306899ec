import type { Statement } from 'better-sqlite3';
import type { SandboxDb } from '../core/db.js';
import type { ResourceKind } from './resource.js';
import type { ChangeType } from './validate.js';

export const subscriptionTable = `
CREATE TABLE IF NOT EXISTS graph_subscriptions (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  app_id TEXT NOT NULL,
  resource TEXT NOT NULL,
  kind TEXT NOT NULL,
  match_prefixes TEXT NOT NULL,
  change_type TEXT NOT NULL,
  notification_url TEXT NOT NULL,
  lifecycle_url TEXT,
  client_state TEXT,
  expires_at INTEGER NOT NULL,
  latest_tls TEXT NOT NULL,
  include_resource_data INTEGER NOT NULL DEFAULT 0,
  encryption_certificate_id TEXT,
  token_expires_at INTEGER NOT NULL,
  reauth_notified_for INTEGER,
  created_at INTEGER NOT NULL,
  immutable_ids INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS graph_subscriptions_user ON graph_subscriptions (user_id);
CREATE INDEX IF NOT EXISTS graph_subscriptions_expiry ON graph_subscriptions (expires_at);
`;

export interface Subscription {
  id: string;
  tenantId: string;
  userId: string;
  appId: string;
  resource: string;
  kind: ResourceKind;
  matchPrefixes: string[];
  changeTypes: ChangeType[];
  notificationUrl: string;
  lifecycleUrl: string | null;
  clientState: string | null;
  expiresAt: number;
  latestTls: string;
  includeResourceData: boolean;
  encryptionCertificateId: string | null;
  /** Expiry of the access token that last authorized the subscription (create, renew, reauthorize). */
  tokenExpiresAt: number;
  /** The deadline a reauthorizationRequired was last sent for, so each deadline is announced once. */
  reauthNotifiedFor: number | null;
  createdAt: number;
  /**
   * Created with `Prefer: IdType="ImmutableId"`: its notifications name items by immutable id.
   * Fixed at creation, as in Graph (switching means deleting and recreating the subscription).
   */
  immutableIds: boolean;
}

type Row = Record<string, unknown>;

const fromRow = (r: Row): Subscription => ({
  id: r.id as string,
  tenantId: r.tenant_id as string,
  userId: r.user_id as string,
  appId: r.app_id as string,
  resource: r.resource as string,
  kind: r.kind as ResourceKind,
  matchPrefixes: JSON.parse(r.match_prefixes as string) as string[],
  changeTypes: (r.change_type as string).split(',') as ChangeType[],
  notificationUrl: r.notification_url as string,
  lifecycleUrl: (r.lifecycle_url as string | null) ?? null,
  clientState: (r.client_state as string | null) ?? null,
  expiresAt: r.expires_at as number,
  latestTls: r.latest_tls as string,
  includeResourceData: r.include_resource_data === 1,
  encryptionCertificateId: (r.encryption_certificate_id as string | null) ?? null,
  tokenExpiresAt: r.token_expires_at as number,
  reauthNotifiedFor: (r.reauth_notified_for as number | null) ?? null,
  createdAt: r.created_at as number,
  immutableIds: r.immutable_ids === 1,
});

/** Subscriptions persist with the rest of the tenant so they survive a sandbox restart. */
export class SubscriptionStore {
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly db: SandboxDb) {
    // Data directories from before immutable-id subscriptions lack the column.
    const columns = db.prepare('PRAGMA table_info(graph_subscriptions)').all() as Array<{ name: string }>;
    if (!columns.some((c) => c.name === 'immutable_ids')) {
      db.exec('ALTER TABLE graph_subscriptions ADD COLUMN immutable_ids INTEGER NOT NULL DEFAULT 0');
    }
  }

  /** Every change on the bus looks up its user's subscriptions: statements are prepared once. */
  private sql(text: string): Statement {
    let st = this.statements.get(text);
    if (!st) this.statements.set(text, (st = this.db.prepare(text)));
    return st;
  }

  insert(s: Subscription): void {
    this.sql(
        `INSERT INTO graph_subscriptions (id, tenant_id, user_id, app_id, resource, kind, match_prefixes, change_type,
          notification_url, lifecycle_url, client_state, expires_at, latest_tls, include_resource_data,
          encryption_certificate_id, token_expires_at, reauth_notified_for, created_at, immutable_ids)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(s.id, s.tenantId, s.userId, s.appId, s.resource, s.kind, JSON.stringify(s.matchPrefixes), s.changeTypes.join(','),
        s.notificationUrl, s.lifecycleUrl, s.clientState, s.expiresAt, s.latestTls, s.includeResourceData ? 1 : 0,
        s.encryptionCertificateId, s.tokenExpiresAt, s.reauthNotifiedFor, s.createdAt, s.immutableIds ? 1 : 0);
  }

  get(id: string): Subscription | undefined {
    const row = this.sql('SELECT * FROM graph_subscriptions WHERE id = ?').get(id) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  forUser(userId: string): Subscription[] {
    return (this.sql('SELECT * FROM graph_subscriptions WHERE user_id = ? ORDER BY created_at').all(userId) as Row[]).map(fromRow);
  }

  forAppAndUser(appId: string, userId: string): Subscription[] {
    return (this.sql('SELECT * FROM graph_subscriptions WHERE app_id = ? AND user_id = ? ORDER BY created_at').all(appId, userId) as Row[]).map(fromRow);
  }

  all(): Subscription[] {
    return (this.sql('SELECT * FROM graph_subscriptions ORDER BY created_at').all() as Row[]).map(fromRow);
  }

  countOutlookForUser(userId: string): number {
    const row = this.sql("SELECT COUNT(*) AS n FROM graph_subscriptions WHERE user_id = ? AND kind IN ('message', 'event', 'contact')")
      .get(userId) as { n: number };
    return row.n;
  }

  renew(id: string, expiresAt: number, tokenExpiresAt: number): void {
    this.sql('UPDATE graph_subscriptions SET expires_at = ?, token_expires_at = ? WHERE id = ?').run(expiresAt, tokenExpiresAt, id);
  }

  setNotificationUrl(id: string, url: string): void {
    this.sql('UPDATE graph_subscriptions SET notification_url = ? WHERE id = ?').run(url, id);
  }

  reauthorize(id: string, tokenExpiresAt: number): void {
    this.sql('UPDATE graph_subscriptions SET token_expires_at = ?, reauth_notified_for = NULL WHERE id = ?').run(tokenExpiresAt, id);
  }

  markReauthNotified(id: string, deadline: number): void {
    this.sql('UPDATE graph_subscriptions SET reauth_notified_for = ? WHERE id = ?').run(deadline, id);
  }

  expireNow(id: string, now: number): boolean {
    return this.sql('UPDATE graph_subscriptions SET expires_at = ? WHERE id = ?').run(now, id).changes > 0;
  }

  delete(id: string): boolean {
    return this.sql('DELETE FROM graph_subscriptions WHERE id = ?').run(id).changes > 0;
  }

  /** Removes every subscription whose expiry has passed; returns their ids. */
  reapExpired(now: number): string[] {
    const ids = (this.sql('SELECT id FROM graph_subscriptions WHERE expires_at <= ?').all(now) as Array<{ id: string }>).map((r) => r.id);
    if (ids.length) this.sql('DELETE FROM graph_subscriptions WHERE expires_at <= ?').run(now);
    return ids;
  }
}
