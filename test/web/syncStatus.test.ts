/**
 * What the header says about the Microsoft 365 account (web/src/integration/syncStatus.ts): "Live"
 * only when the account is active and every resource syncs; anything else says what it is.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { canUse, syncStatus } from '../../web/src/integration/syncStatus.js';
import type { Connection } from '../../web/src/settings/microsoft/api.js';

type Health = NonNullable<Connection['health']>['resources'][number];
const health = (state: Health['state'], extra: Partial<Health> = {}): Health => ({
  resource: 'mail', state, percent: null, itemsSynced: 0, itemsTotal: null, lastSuccessAt: null, subscriptionExpiresAt: null,
  mode: 'push', modeReason: null, notificationsReceived: 0, notificationsRejected: 0, lastError: null, ...extra,
});
const connection = (status: Connection['status'], resources: Health[], features: Array<{ id: string; state: string }> = []): Connection =>
  ({ status, statusMessage: null, account: null, features, health: { resources }, webhooks: { mode: 'push', reason: null } }) as unknown as Connection;

describe('the account status the header shows', () => {
  test('each state', () => {
    assert.deepEqual(syncStatus(undefined), { kind: 'unknown' });
    assert.deepEqual(syncStatus(null), { kind: 'none' });
    assert.deepEqual(syncStatus(connection('not_connected', [])), { kind: 'none' });
    assert.deepEqual(syncStatus(connection('active', [health('live'), health('polling')])), { kind: 'live' });
    assert.deepEqual(syncStatus(connection('active', [health('live'), health('initial', { percent: 40 })])), { kind: 'syncing', percent: 40 });
    assert.deepEqual(syncStatus(connection('active', [health('live'), health('error', { lastError: 'Microsoft is unavailable' })])), { kind: 'error', message: 'Microsoft is unavailable' });
    assert.equal(syncStatus(connection('needs_reconnect', [health('needs_reconnect')])).kind, 'reconnect');
    assert.equal(syncStatus(connection('active', [health('needs_reconnect')])).kind, 'reconnect', 'a resource that lost access is enough');
    assert.deepEqual(syncStatus(connection('disconnecting', [])), { kind: 'disconnecting' });
  });

  test('features are called only for an active account that granted them', () => {
    const granted = [{ id: 'mail', state: 'granted' }];
    assert.equal(canUse(connection('active', [], granted), 'mail'), true);
    assert.equal(canUse(connection('needs_reconnect', [], granted), 'mail'), false);
    assert.equal(canUse(connection('not_connected', [], []), 'mail'), false);
    assert.equal(canUse(connection('active', [], [{ id: 'mail', state: 'declined' }]), 'mail'), false);
    assert.equal(canUse(undefined, 'mail'), false);
  });
});
