import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.js';
import { createLiveEvents } from '../../src/events/createLiveEvents.js';
import type { LiveEvent, LiveEvents } from '../../src/events/liveEvents.js';
import { LocalLiveEvents } from '../../src/events/localLiveEvents.js';
import { PgLiveEvents, REFRESH_EVENT } from '../../src/events/pgLiveEvents.js';
import { createLogger } from '../../src/lib/log.js';
import { openTestDatabase } from '../helpers/db.js';
import { waitFor } from '../helpers/wait.js';

function collect(bus: LiveEvents): LiveEvent[] {
  const seen: LiveEvent[] = [];
  bus.subscribe((e) => seen.push(e));
  return seen;
}

describe('local live events', () => {
  test('delivers to subscribers until they unsubscribe, despite a failing subscriber', async () => {
    const bus = new LocalLiveEvents(createLogger('silent'));
    const seen: LiveEvent[] = [];
    bus.subscribe(() => {
      throw new Error('broken page');
    });
    const unsubscribe = bus.subscribe((e) => seen.push(e));
    await bus.publish({ type: 'task.created', workspaceId: 'w1', data: { id: 't1' } });
    assert.deepEqual(seen, [{ type: 'task.created', workspaceId: 'w1', data: { id: 't1' } }]);
    unsubscribe();
    await bus.publish({ type: 'task.created', workspaceId: 'w1', data: { id: 't2' } });
    assert.equal(seen.length, 1);
    await bus.close();
  });

  test('createLiveEvents picks the local bus for SQLite', async () => {
    const handle = await openTestDatabase('sqlite');
    const bus = await createLiveEvents({ dbKind: 'sqlite', databaseUrl: handle.url }, handle);
    assert.ok(bus instanceof LocalLiveEvents);
    await bus.close();
    await handle.close();
  });
});

describe('PostgreSQL live events (two processes)', () => {
  let handleA: Awaited<ReturnType<typeof openTestDatabase>>;
  let handleB: DatabaseHandle;
  let a: LiveEvents;
  let b: LiveEvents;

  before(async () => {
    handleA = await openTestDatabase('postgres');
    handleB = openDatabase({ databaseUrl: handleA.url, dbKind: 'postgres' });
    const config = { dbKind: 'postgres' as const, databaseUrl: handleA.url };
    a = await createLiveEvents(config, handleA, createLogger('silent'));
    b = await createLiveEvents(config, handleB, createLogger('silent'));
  });
  after(async () => {
    await a.close();
    await b.close();
    await handleB.close();
    await handleA.close();
  });

  test('an event published in one process reaches subscribers in both, once each', async () => {
    assert.ok(a instanceof PgLiveEvents);
    const atA = collect(a);
    const atB = collect(b);
    const event = { type: 'task.created', workspaceId: 'w1', data: { id: 't1', title: 'Call Ana' } };
    await a.publish(event);
    await waitFor(() => atB.length === 1, { message: 'B received the event' });
    assert.deepEqual(atB[0], event);
    // Publish one more from B: once it has arrived at A, A's own first event has long echoed back.
    await b.publish({ type: 'marker', data: null });
    await waitFor(() => atA.some((e) => e.type === 'marker'));
    assert.equal(atA.filter((e) => e.type === 'task.created').length, 1);
  });

  test('an event too large for NOTIFY arrives elsewhere as a scoped refresh', async () => {
    const atA = collect(a);
    const atB = collect(b);
    const big = { type: 'mail.synced', userId: 'u1', data: { text: 'x'.repeat(20_000) } };
    await a.publish(big);
    await waitFor(() => atB.length === 1);
    assert.deepEqual(atB[0], { type: REFRESH_EVENT, userId: 'u1', data: { reason: 'oversized', originalType: 'mail.synced' } });
    assert.deepEqual(atA, [big]);
  });

  test('the listener reconnects after its connection is killed', async () => {
    const atB = collect(b);
    const admin = new pg.Client({ connectionString: handleA.url });
    await admin.connect();
    try {
      const killed = await admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'tandem-live-events' AND datname = current_database()",
      );
      assert.equal(killed.rowCount, 2);
    } finally {
      await admin.end();
    }
    await waitFor(() => atB.some((e) => e.type === REFRESH_EVENT), { message: 'B announced a refresh after reconnecting' });
    // Keep publishing until one arrives: B is listening again.
    let n = 0;
    await waitFor(async () => {
      await a.publish({ type: 'after.reconnect', data: { n: n++ } });
      return atB.some((e) => e.type === 'after.reconnect');
    }, { intervalMs: 100, message: 'B receives events again' });
  });
});
