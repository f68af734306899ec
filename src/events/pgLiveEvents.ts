import pg from 'pg';
import { newId } from '../lib/ids.js';
import type { Logger } from '../lib/log.js';
import type { LiveEvent, LiveEvents } from './liveEvents.js';
import { LocalLiveEvents } from './localLiveEvents.js';

export const LIVE_EVENTS_CHANNEL = 'tandem_live_events';
/** PostgreSQL refuses NOTIFY payloads from 8000 bytes; leave room for the envelope. */
export const MAX_NOTIFY_BYTES = 7_900;
/**
 * Sent instead of an event too large to travel, and to local subscribers after the listening
 * connection came back (events may have been missed meanwhile): "reload what you show".
 * Scope is kept when known; a refresh with neither workspaceId nor userId concerns every page.
 */
export const REFRESH_EVENT = 'refresh';

interface Wire {
  origin: string;
  event: LiveEvent;
}

export interface PgLiveEventsOptions {
  connectionString: string;
  /** Publishing goes through the shared pool, so it works while the listener reconnects. */
  pool: pg.Pool;
  log?: Logger;
  /** First reconnect delay; doubles up to 5 s. */
  reconnectMs?: number;
}

/**
 * The bus across processes: LISTEN/NOTIFY on one channel. Each process delivers its own events
 * locally at once and ignores their echo, so local delivery does not depend on the connection.
 */
export class PgLiveEvents implements LiveEvents {
  private readonly local: LocalLiveEvents;
  private readonly origin = newId();
  private client: pg.Client | undefined;
  private closed = false;
  private connectedOnce = false;
  private retryMs: number;
  private reconnectTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: PgLiveEventsOptions) {
    this.local = new LocalLiveEvents(options.log);
    this.retryMs = options.reconnectMs ?? 100;
  }

  /** Connects the listener; resolves once LISTEN is in place. */
  async start(): Promise<void> {
    await this.connect();
  }

  async publish(event: LiveEvent): Promise<void> {
    this.local.deliver(event);
    let payload = JSON.stringify({ origin: this.origin, event } satisfies Wire);
    if (Buffer.byteLength(payload) > MAX_NOTIFY_BYTES) {
      const refresh: LiveEvent = {
        type: REFRESH_EVENT,
        workspaceId: event.workspaceId,
        userId: event.userId,
        data: { reason: 'oversized', originalType: event.type.slice(0, 200) },
      };
      payload = JSON.stringify({ origin: this.origin, event: refresh } satisfies Wire);
    }
    await this.options.pool.query('SELECT pg_notify($1, $2)', [LIVE_EVENTS_CHANNEL, payload]);
  }

  subscribe(listener: (event: LiveEvent) => void): () => void {
    return this.local.subscribe(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = undefined;
    await this.local.close();
    if (client) await client.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.connectionString, application_name: 'tandem-live-events' });
    let lost = false;
    const onLost = (err?: Error): void => {
      if (lost) return;
      lost = true;
      if (this.client === client) this.client = undefined;
      if (this.closed) return;
      this.options.log?.warn({ err }, 'live-events listener lost its connection; reconnecting');
      this.scheduleReconnect();
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
    client.on('notification', (msg) => this.onNotification(msg.payload));
    try {
      await client.connect();
      await client.query(`LISTEN ${LIVE_EVENTS_CHANNEL}`);
    } catch (err) {
      lost = true;
      await client.end().catch(() => undefined);
      throw err;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.retryMs = this.options.reconnectMs ?? 100;
    if (this.connectedOnce) this.local.deliver({ type: REFRESH_EVENT, data: { reason: 'reconnected' } });
    this.connectedOnce = true;
  }

  private scheduleReconnect(): void {
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => {
      this.connect().catch((err: unknown) => {
        this.options.log?.warn({ err }, 'live-events reconnect failed');
        this.retryMs = Math.min(this.retryMs * 2, 5_000);
        if (!this.closed) this.scheduleReconnect();
      });
    }, this.retryMs);
  }

  private onNotification(payload: string | undefined): void {
    if (!payload) return;
    let wire: Wire;
    try {
      wire = JSON.parse(payload) as Wire;
    } catch {
      return;
    }
    if (wire.origin === this.origin || !wire.event || typeof wire.event.type !== 'string') return;
    this.local.deliver(wire.event);
  }
}
