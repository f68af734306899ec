import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BodyCache, type CachedBody } from '../../src/microsoft/mail/bodyCache.js';
import { sanitizeHtml } from '../../src/microsoft/mail/sanitizeHtml.js';

const text = (content: string): CachedBody => ({ contentType: 'text', content });

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => { t += ms; } };
}

describe('body cache', () => {
  test('evicts the least recently used entry beyond maxEntries', () => {
    const cache = new BodyCache({ maxEntries: 2, maxBytes: 1e9, ttlMs: 60_000 });
    cache.set('a', 'm1', text('one'));
    cache.set('a', 'm2', text('two'));
    assert.equal(cache.get('a', 'm1')?.content, 'one'); // m1 is now the most recent
    cache.set('a', 'm3', text('three'));
    assert.equal(cache.get('a', 'm2'), undefined);
    assert.equal(cache.get('a', 'm1')?.content, 'one');
    assert.equal(cache.get('a', 'm3')?.content, 'three');
    assert.equal(cache.stats().entries, 2);
  });

  test('keeps total bytes under maxBytes and refuses a body larger than the whole cache', () => {
    const cache = new BodyCache({ maxEntries: 100, maxBytes: 2_000, ttlMs: 60_000 });
    for (let i = 0; i < 10; i++) cache.set('a', `m${i}`, text('x'.repeat(300)));
    assert.ok(cache.stats().bytes <= 2_000, `bytes ${cache.stats().bytes}`);
    assert.ok(cache.stats().entries < 10);
    assert.equal(cache.get('a', 'm9')?.content.length, 300);
    assert.equal(cache.get('a', 'm0'), undefined);
    cache.set('a', 'huge', text('y'.repeat(5_000)));
    assert.equal(cache.get('a', 'huge'), undefined);
  });

  test('an entry expires after its time to live', () => {
    const c = clock();
    const cache = new BodyCache({ maxEntries: 10, maxBytes: 1e9, ttlMs: 1_000, now: c.now });
    cache.set('a', 'm1', text('one'));
    c.advance(999);
    assert.equal(cache.get('a', 'm1')?.content, 'one');
    c.advance(1);
    assert.equal(cache.get('a', 'm1'), undefined);
    assert.equal(cache.stats().bytes, 0);
  });

  test('getOrFetch fetches once for concurrent callers and then serves from memory', async () => {
    const cache = new BodyCache({ maxEntries: 10, maxBytes: 1e9, ttlMs: 60_000 });
    let calls = 0;
    const fetch = async () => {
      calls++;
      await new Promise((r) => setImmediate(r));
      return text('body');
    };
    const [a, b] = await Promise.all([cache.getOrFetch('a', 'm', fetch), cache.getOrFetch('a', 'm', fetch)]);
    assert.equal(calls, 1);
    assert.equal(a.cached || b.cached, false);
    const c = await cache.getOrFetch('a', 'm', fetch);
    assert.equal(c.cached, true);
    assert.equal(calls, 1);
  });

  test('purgeAccount drops only that account, including a fetch in flight during the purge', async () => {
    const cache = new BodyCache({ maxEntries: 10, maxBytes: 1e9, ttlMs: 60_000 });
    cache.set('a', 'm1', text('a1'));
    cache.set('b', 'm1', text('b1'));
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    const pending = cache.getOrFetch('a', 'm2', async () => { await gate; return text('late'); });
    assert.equal(cache.purgeAccount('a'), 1);
    release();
    await pending;
    assert.equal(cache.countFor('a'), 0);
    assert.equal(cache.get('b', 'm1')?.content, 'b1');
  });

  test('a failed fetch is not cached and the next call tries again', async () => {
    const cache = new BodyCache({ maxEntries: 10, maxBytes: 1e9, ttlMs: 60_000 });
    await assert.rejects(cache.getOrFetch('a', 'm', async () => { throw new Error('boom'); }));
    const r = await cache.getOrFetch('a', 'm', async () => text('ok'));
    assert.equal(r.body.content, 'ok');
  });
});

describe('html sanitizer', () => {
  test('strips scripts, event handlers, script URLs and frames, keeps ordinary markup', () => {
    const dirty = '<p onclick="steal()">Hi <b>there</b></p><script>alert(1)</script><a href="javascript:alert(2)">x</a>'
      + '<img src=x onerror=alert(3)><iframe src="https://evil.test"></iframe><a href="https://ok.test">ok</a><scr<script>ipt>alert(4)</script>';
    const clean = sanitizeHtml(dirty);
    assert.doesNotMatch(clean, /<script|onerror|onclick|javascript:|<iframe|alert\(1\)/i);
    assert.match(clean, /<b>there<\/b>/);
    assert.match(clean, /href="https:\/\/ok.test"/);
  });
});
