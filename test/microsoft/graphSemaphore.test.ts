import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { batchParallelism, concurrencySlots } from '../../src/microsoft/graph/batch.js';
import { KeyedSemaphore } from '../../src/microsoft/graph/keyedSemaphore.js';

/** A holder that runs until the test lets it go, recording when it started. */
function holder(sem: KeyedSemaphore, key: string, weight: number, started: string[], name: string) {
  let finish!: () => void;
  const gate = new Promise<void>((r) => (finish = r));
  const done = sem.run(key, async () => {
    started.push(name);
    await gate;
  }, weight);
  return { finish, done };
}

/** Lets every already-settled promise continuation run. */
const settle = () => new Promise<void>((r) => setImmediate(r));

describe('KeyedSemaphore, weighted', () => {
  test('a weight takes that many units at once; the total held never passes the limit', async () => {
    const sem = new KeyedSemaphore(4);
    const started: string[] = [];
    const batch = holder(sem, 'a', 3, started, 'batch');
    const one = holder(sem, 'a', 1, started, 'one');
    const two = holder(sem, 'a', 1, started, 'two');
    await settle();
    assert.deepEqual(started, ['batch', 'one']);
    assert.equal(sem.active('a'), 4);
    assert.equal(sem.waiting('a'), 1);
    batch.finish();
    await batch.done;
    await settle();
    assert.deepEqual(started, ['batch', 'one', 'two']);
    assert.equal(sem.active('a'), 2);
    one.finish();
    two.finish();
    await Promise.all([one.done, two.done]);
    assert.equal(sem.active('a'), 0);
    assert.equal(sem.peakConcurrency(), 4);
  });

  test('a heavy waiter is not starved: single requests arriving after it wait behind it', async () => {
    const sem = new KeyedSemaphore(4);
    const started: string[] = [];
    const singles = [0, 1, 2, 3].map((i) => holder(sem, 'a', 1, started, `s${i}`));
    const batch = holder(sem, 'a', 4, started, 'batch');
    const late = holder(sem, 'a', 1, started, 'late');
    await settle();
    assert.deepEqual(started, ['s0', 's1', 's2', 's3']);
    // Freeing one unit must not let the late single in ahead of the batch, or a steady stream of
    // singles would keep the batch waiting for ever.
    singles[0]!.finish();
    await settle();
    assert.deepEqual(started, ['s0', 's1', 's2', 's3']);
    assert.equal(sem.active('a'), 3, 'the batch holds no partial units while it waits');
    for (const s of singles.slice(1)) s.finish();
    await settle();
    assert.deepEqual(started, ['s0', 's1', 's2', 's3', 'batch']);
    assert.equal(sem.active('a'), 4);
    batch.finish();
    await settle();
    assert.deepEqual(started.at(-1), 'late');
    late.finish();
    await Promise.all([...singles.map((s) => s.done), batch.done, late.done]);
    assert.equal(sem.active('a'), 0);
  });

  test('two heavy waiters and singles all finish: no deadlock, arrival order kept', async () => {
    const sem = new KeyedSemaphore(4);
    const order: string[] = [];
    const work = (name: string, weight: number) => sem.run('a', async () => {
      order.push(name);
      assert.ok(sem.active('a') <= 4);
      await settle();
    }, weight);
    await Promise.all([work('s1', 1), work('b1', 3), work('b2', 4), work('s2', 1), work('b3', 2), work('s3', 1)]);
    assert.deepEqual(order, ['s1', 'b1', 'b2', 's2', 'b3', 's3']);
    assert.equal(sem.peakConcurrency(), 4);
    assert.equal(sem.active('a'), 0);
  });

  test('a weight above the limit takes the whole limit instead of waiting for ever; other keys are unaffected', async () => {
    const sem = new KeyedSemaphore(2);
    const started: string[] = [];
    const big = holder(sem, 'a', 20, started, 'big');
    const other = holder(sem, 'b', 2, started, 'other');
    await settle();
    assert.deepEqual(started, ['big', 'other']);
    assert.equal(sem.active('a'), 2);
    big.finish();
    other.finish();
    await Promise.all([big.done, other.done]);
    assert.equal(sem.active('a'), 0);
  });

  test('units are released when the work throws', async () => {
    const sem = new KeyedSemaphore(4);
    await assert.rejects(sem.run('a', () => Promise.reject(new Error('boom')), 3), /boom/);
    assert.equal(sem.active('a'), 0);
    await sem.run('a', async () => assert.equal(sem.active('a'), 4), 4);
  });
});

describe('what a $batch costs against the mailbox', () => {
  const req = (id: string, dependsOn?: string[]) => ({ id, ...(dependsOn ? { dependsOn } : {}) });

  test('independent requests: as many as there are, at most Outlook\'s 4', () => {
    assert.equal(batchParallelism([req('1')]), 1);
    assert.equal(batchParallelism([req('1'), req('2'), req('3')]), 3);
    assert.equal(batchParallelism(Array.from({ length: 20 }, (_, i) => req(String(i)))), 4);
  });

  test('a dependsOn chain runs one at a time', () => {
    assert.equal(batchParallelism([req('1'), req('2', ['1']), req('3', ['2']), req('4', ['3']), req('5', ['4'])]), 1);
    assert.equal(batchParallelism([req('a1'), req('a2', ['a1']), req('b1'), req('b2', ['b1'])]), 2);
    assert.equal(batchParallelism([req('3', ['2']), req('2', ['1']), req('1')]), 1, 'order in the call does not matter');
  });

  test('fan-out and fan-in count what can run side by side', () => {
    assert.equal(batchParallelism([req('root'), req('x', ['root']), req('y', ['root']), req('z', ['root'])]), 3);
    assert.equal(batchParallelism([req('x'), req('y'), req('join', ['x', 'y'])]), 2);
    assert.equal(batchParallelism([req('1', ['gone'])]), 1, 'a dependency outside the call is ignored');
  });

  test('only a POST to $batch takes more than one slot', () => {
    const body = { requests: [req('1'), req('2'), req('3')] };
    assert.equal(concurrencySlots('POST', 'https://graph.test/v1.0/$batch', body), 3);
    assert.equal(concurrencySlots('POST', 'https://graph.test/v1.0/me/messages', body), 1);
    assert.equal(concurrencySlots('GET', 'https://graph.test/v1.0/$batch', body), 1);
    assert.equal(concurrencySlots('POST', 'https://graph.test/v1.0/$batch', { requests: [] }), 1);
  });
});
