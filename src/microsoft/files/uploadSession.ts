import type { DriveItem } from '@microsoft/microsoft-graph-types';
import { classifyGraphResponse, classifyNetworkError, MicrosoftError } from '../graph/errors.js';

/**
 * The calls on an upload session's uploadUrl. The URL is pre-authenticated (a bearer URL, often on
 * another host than Graph: SharePoint's), so these never carry Authorization, Microsoft warns it
 * may be answered 401, and they go around the Graph client, which would add the token. The URL is
 * never logged. Failures are classified as Graph's are: 404 the session is gone, 416 a fragment
 * not where the session is, 409/507 at commit, 5xx transient.
 */
export interface UploadSessionState {
  nextExpectedRanges: string[];
  expirationDateTime: string | null;
}

export type FragmentResult =
  | { done: false; state: UploadSessionState }
  | { done: true; item: DriveItem };

/** Microsoft: fragments MUST be multiples of 320 KiB (except the last), or large commits can fail. */
export const FRAGMENT_UNIT = 320 * 1024;
/** Microsoft: less than 60 MiB in any one request. */
export const MAX_FRAGMENT_BYTES = 60 * 1024 * 1024 - FRAGMENT_UNIT;

type Fetch = typeof globalThis.fetch;

function sessionUrl(uploadUrl: string): string {
  const u = new URL(uploadUrl);
  // A bearer URL over plain http would hand write access to the drive to anyone on the path.
  if (u.protocol !== 'https:') throw new MicrosoftError('fatal', 'refusing an upload URL that is not https');
  return u.toString();
}

async function send(fetchFn: Fetch, uploadUrl: string, init: RequestInit): Promise<{ status: number; body: unknown; headers: Headers }> {
  let res: Response;
  try {
    res = await fetchFn(sessionUrl(uploadUrl), init);
  } catch (e) {
    if (e instanceof MicrosoftError) throw e;
    throw classifyNetworkError(e);
  }
  const text = await res.text();
  let body: unknown = text === '' ? undefined : text;
  try {
    if (text) body = JSON.parse(text);
  } catch {
    // Not JSON: the classifier reads the status alone.
  }
  if (res.status >= 400) throw classifyGraphResponse(res.status, body, res.headers);
  return { status: res.status, body, headers: res.headers };
}

function stateOf(body: unknown): UploadSessionState {
  const b = (body ?? {}) as { nextExpectedRanges?: unknown; expirationDateTime?: unknown };
  return {
    nextExpectedRanges: Array.isArray(b.nextExpectedRanges) ? b.nextExpectedRanges.filter((r): r is string => typeof r === 'string') : [],
    expirationDateTime: typeof b.expirationDateTime === 'string' ? b.expirationDateTime : null,
  };
}

/**
 * Streams one fragment, `bytes start-end/total`, from `body` to the session without holding it:
 * Content-Length is the fragment's, so a body that ends early fails at Graph, which then counts
 * none of its bytes. 202 means more is expected; 200/201 carry the committed driveItem.
 */
export async function putFragment(
  fetchFn: Fetch,
  uploadUrl: string,
  range: { start: number; end: number; total: number },
  body: AsyncIterable<Uint8Array>,
  signal?: AbortSignal,
): Promise<FragmentResult> {
  const res = await send(fetchFn, uploadUrl, {
    method: 'PUT',
    headers: { 'content-length': String(range.end - range.start + 1), 'content-range': `bytes ${range.start}-${range.end}/${range.total}` },
    body: body as unknown as BodyInit,
    duplex: 'half',
    ...(signal ? { signal } : {}),
  } as RequestInit);
  if (res.status === 202) return { done: false, state: stateOf(res.body) };
  const item = res.body as DriveItem | undefined;
  if (!item || typeof item !== 'object' || typeof item.id !== 'string') {
    throw new MicrosoftError('transient', 'the upload session answered its last fragment without the driveItem', { status: res.status });
  }
  return { done: true, item };
}

/** What the session still expects: where to resume after a fragment failed or its answer was lost. */
export async function sessionStatus(fetchFn: Fetch, uploadUrl: string): Promise<UploadSessionState> {
  return stateOf((await send(fetchFn, uploadUrl, { method: 'GET', headers: { accept: 'application/json' } })).body);
}

/** Drops the session and its bytes; a session already gone counts as cancelled. */
export async function cancelSession(fetchFn: Fetch, uploadUrl: string): Promise<void> {
  try {
    await send(fetchFn, uploadUrl, { method: 'DELETE' });
  } catch (e) {
    if (!(e instanceof MicrosoftError && e.kind === 'notFound')) throw e;
  }
}
