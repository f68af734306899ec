import assert from 'node:assert/strict';
import type { GraphHarness, Reply } from './graphHarness.js';
import { followDelta } from './deltaRound.js';

/** Helpers shared by the contacts and To Do conformance tests (graph-contacts*, graph-todo*). */
export const CONTACTS_RW = ['Contacts.ReadWrite', 'User.Read'];
export const TASKS_RW = ['Tasks.ReadWrite', 'User.Read'];

export interface Item { id: string; '@removed'?: { reason: string }; [k: string]: unknown }
export interface Page { value: Item[]; '@odata.nextLink'?: string; '@odata.deltaLink'?: string }
export interface GraphErr { error: { code: string; message: string; innerError: Record<string, string> } }

export async function created<T = Item>(h: GraphHarness, token: string, path: string, body: unknown): Promise<T> {
  const r = await h.call<T>('POST', path, token, { body });
  assert.equal(r.status, 201, `${path}: ${JSON.stringify(r.body)}`);
  return r.body;
}

/** Follows nextLinks to the deltaLink; returns the items and the pages. */
export const deltaRound = (h: GraphHarness, token: string, url: string, headers: Record<string, string> = {}) => followDelta<Item>(h, token, url, headers);

/** Graph's 403 for a token without the permission: ErrorAccessDenied in the error shape with request ids. */
export function assertAccessDenied(r: Reply<unknown>, what: string): void {
  assert.equal(r.status, 403, what);
  const body = r.body as GraphErr;
  assert.equal(body.error.code, 'ErrorAccessDenied', what);
  assert.ok(body.error.innerError['request-id'], what);
}
