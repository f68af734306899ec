/**
 * A sync's several-at-once event (people.synced) reaches the pages of the records it names, and,
 * when it had to leave some out (truncated), every page of that kind.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { syncedEvents, syncedNames } from '../../web/src/live.js';

test('people.synced names its people; a truncated one may name anyone; other events are not synced events', () => {
  assert.deepEqual(syncedEvents('person'), ['people.synced']);
  assert.deepEqual(syncedEvents('company'), ['companies.synced']);
  assert.deepEqual(syncedEvents('task'), []);
  assert.equal(syncedNames({ ids: ['p1', 'p2'] }, 'people.synced', 'p2'), true);
  assert.equal(syncedNames({ ids: ['p1', 'p2'] }, 'people.synced', 'p3'), false);
  assert.equal(syncedNames({ ids: ['p1'], truncated: true }, 'people.synced', 'p3'), true);
  assert.equal(syncedNames({ id: 'p1' }, 'person.updated', 'p1'), null);
  assert.equal(syncedNames({ ids: ['c1'] }, 'companies.synced', 'c1'), true);
});
