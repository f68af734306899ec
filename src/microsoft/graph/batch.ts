import { classifyGraphResponse, type MicrosoftError } from './errors.js';
import { mergePrefer, lowerCaseHeaders } from './requestHeaders.js';
import { backoffMs, parseRetryAfter } from './retryAfter.js';

/** Graph accepts at most 20 requests in one $batch call. */
export const BATCH_LIMIT = 20;

/** Outlook runs at most this many of one batch's requests at once, each against the mailbox's concurrency limit. */
export const BATCH_PARALLELISM = 4;

export interface BatchItem {
  /** Unique within the call; defaults to the item's index. */
  id?: string;
  method: GraphMethod;
  /** Relative to the API version, e.g. '/me/messages/{id}'. */
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Ids of items that must run first. They must fall within the same chunk of 20. */
  dependsOn?: string[];
}

export interface BatchResult {
  id: string;
  status: number;
  headers: Record<string, string>;
  body: unknown;
  /** Set for a non-2xx answer, classified like any Graph error. */
  error?: MicrosoftError;
}

interface WireResponse {
  id: string;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

function wireRequest(item: BatchItem, id: string, inCall: Set<string>): Record<string, unknown> {
  // On a retry, items that already ran are no longer in the call and cannot be depended on.
  const dependsOn = item.dependsOn?.filter((d) => inCall.has(d));
  const headers = lowerCaseHeaders(item.headers);
  headers.prefer = mergePrefer(headers.prefer);
  if (item.body !== undefined) headers['content-type'] ??= 'application/json';
  return {
    id,
    method: item.method,
    url: item.url,
    headers,
    ...(item.body !== undefined ? { body: item.body } : {}),
    ...(dependsOn?.length ? { dependsOn } : {}),
  };
}

interface WireRequest {
  id: string;
  dependsOn?: string[];
}

/**
 * How many of a $batch call's requests Outlook can run at once: what the call costs against the
 * mailbox's concurrency limit, which the $batch itself does not count against. Requests linked by
 * dependsOn run one after another, so the count is a cover of the requests by dependency chains
 * (never fewer than the most that can really run together), capped at Outlook's 4.
 */
export function batchParallelism(requests: readonly WireRequest[]): number {
  const ids = new Set(requests.map((r) => r.id));
  const deps = (r: WireRequest) => (r.dependsOn ?? []).filter((d) => ids.has(d));
  const placed = new Set<string>();
  // A dependency whose chain has not been continued yet: the next request after it can join that chain.
  const openTails = new Set<string>();
  let chains = 0;
  let left = [...requests];
  while (left.length > 0) {
    const ready = left.filter((r) => deps(r).every((d) => placed.has(d)));
    // A cycle cannot run at all (Graph refuses the call); counting its requests apart errs on the safe side.
    const wave = ready.length > 0 ? ready : left;
    for (const r of wave) {
      const tail = deps(r).find((d) => openTails.has(d));
      if (tail) openTails.delete(tail);
      else chains++;
      openTails.add(r.id);
      placed.add(r.id);
    }
    left = left.filter((r) => !placed.has(r.id));
  }
  return Math.min(BATCH_PARALLELISM, Math.max(1, chains));
}

/** The mailbox concurrency slots a request takes: a $batch takes one per request Outlook may run at once. */
export function concurrencySlots(method: string, url: string, body: unknown): number {
  if (method !== 'POST' || !new URL(url).pathname.endsWith('/$batch')) return 1;
  const requests = (body as { requests?: unknown } | null | undefined)?.requests;
  if (!Array.isArray(requests)) return 1;
  return batchParallelism(requests.filter((r): r is WireRequest => typeof (r as WireRequest | null)?.id === 'string'));
}

function toResult(r: WireResponse): BatchResult {
  const headers = r.headers ?? {};
  const result: BatchResult = { id: r.id, status: r.status, headers, body: r.body };
  if (r.status >= 400) result.error = classifyGraphResponse(r.status, r.body, new Headers(headers));
  return result;
}

export type GraphMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** What runBatch needs of the Graph client (the client passes itself; it is not imported here). */
export interface BatchSender {
  request<T>(accountId: string, req: { method: 'POST'; path: string; body: unknown }): Promise<{ body: T | undefined }>;
}

/** Runs items through $batch in chunks of 20; results come back in input order. */
export async function runBatch(
  client: BatchSender,
  accountId: string,
  items: BatchItem[],
  opts: { maxAttempts: number; sleep: (ms: number) => Promise<void> },
): Promise<BatchResult[]> {
  const ids = items.map((item, i) => item.id ?? String(i));
  if (new Set(ids).size !== ids.length) throw new Error('batch item ids must be unique');
  const results = new Map<string, BatchResult>();
  for (let start = 0; start < items.length; start += BATCH_LIMIT) {
    let pending = items.slice(start, start + BATCH_LIMIT).map((item, i) => ({ item, id: ids[start + i]! }));
    for (let attempt = 1; pending.length > 0; attempt++) {
      const inCall = new Set(pending.map((p) => p.id));
      const res = await client.request<{ responses?: WireResponse[] }>(accountId, {
        method: 'POST',
        path: '/$batch',
        body: { requests: pending.map((p) => wireRequest(p.item, p.id, inCall)) },
      });
      const answered = new Map((res.body?.responses ?? []).map((r) => [String(r.id), r]));
      const retry: typeof pending = [];
      let waitMs = 0;
      for (const p of pending) {
        const r = answered.get(p.id);
        const throttled = r !== undefined && r.status === 429;
        if (throttled && attempt < opts.maxAttempts) {
          retry.push(p);
          const h = new Headers(r.headers ?? {});
          waitMs = Math.max(waitMs, parseRetryAfter(h.get('retry-after')) ?? backoffMs(attempt));
        } else if (r) {
          results.set(p.id, toResult(r));
        } else {
          results.set(p.id, toResult({ id: p.id, status: 500, body: { error: { code: 'missingBatchResponse' } } }));
        }
      }
      pending = retry;
      if (pending.length > 0) await opts.sleep(waitMs);
    }
  }
  return ids.map((id) => results.get(id)!);
}
