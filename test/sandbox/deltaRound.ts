/** Walking a Graph delta round against the sandbox, for every resource's conformance tests. */
import assert from 'node:assert/strict';
import type { GraphHarness, Reply } from './graphHarness.js';

export interface DeltaPage<T> { value: T[]; '@odata.nextLink'?: string; '@odata.deltaLink'?: string }

/** Follows nextLinks to the deltaLink; returns the items and the pages. */
export async function followDelta<T>(h: GraphHarness, token: string, url: string, headers: Record<string, string> = {}) {
  const items: T[] = [];
  const pages: Array<Reply<DeltaPage<T>>> = [];
  let next: string | undefined = url;
  for (let guard = 0; next && guard < 5000; guard++) {
    const r: Reply<DeltaPage<T>> = await h.call<DeltaPage<T>>('GET', next, token, { headers });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    pages.push(r);
    items.push(...r.body.value);
    if (r.body['@odata.deltaLink']) return { items, pages, deltaLink: r.body['@odata.deltaLink'] };
    next = r.body['@odata.nextLink'];
  }
  throw new Error('delta round did not end with a deltaLink');
}
