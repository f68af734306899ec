import { performance } from 'node:perf_hooks';

export interface DeliveryResult {
  ok: boolean;
  status: number | null;
  ms: number;
}

/**
 * One POST of a notification collection. Any 2xx acknowledges it; anything else, a timeout
 * or a connection failure is a failed attempt. Never throws.
 */
export async function postNotifications(url: string, body: unknown, timeoutMs: number, cancel: AbortSignal): Promise<DeliveryResult> {
  const started = performance.now();
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body),
      redirect: 'manual',
      signal: AbortSignal.any([cancel, AbortSignal.timeout(timeoutMs)]),
    });
    await response.arrayBuffer();
    return { ok: response.status >= 200 && response.status < 300, status: response.status, ms: performance.now() - started };
  } catch {
    return { ok: false, status: null, ms: performance.now() - started };
  }
}
