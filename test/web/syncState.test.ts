/**
 * How Settings words a resource's initial sync (web/src/settings/microsoft/syncState.ts): a
 * percentage only when the resource has a total to measure against (mail folders count their
 * items; contact folders and To Do lists do not).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ResourceHealth } from '../../web/src/settings/microsoft/api.js';
import { stateText } from '../../web/src/settings/microsoft/syncState.js';

const health = (extra: Partial<ResourceHealth>): ResourceHealth => ({
  resource: 'contacts', state: 'initial', percent: null, itemsSynced: 0, itemsTotal: null, lastSuccessAt: null, subscriptionExpiresAt: null,
  mode: 'push', modeReason: null, notificationsReceived: 0, notificationsRejected: 0, lastError: null, ...extra,
});

test('initial sync with and without a total', () => {
  assert.equal(stateText(health({ resource: 'mail', percent: 40, itemsSynced: 400, itemsTotal: 1000 })), 'Initial sync 40% (400 / 1000)');
  assert.equal(stateText(health({ itemsSynced: 4500 })), 'Initial sync (4500 so far)', 'no made-up 0%');
  assert.equal(stateText(health({ state: 'live' })), 'Live');
});
