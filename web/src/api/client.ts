/**
 * The one way the web app talks to the server. Cookie-authenticated writes need the session's
 * CSRF token, so it is kept here and fetched from GET /api/session when missing; every error
 * response becomes an ApiError carrying the server's closed error code.
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken: string | null = null;
let unauthorizedListener: (() => void) | null = null;

/** Called when the server says the session is gone (expired, signed out elsewhere). */
export function onUnauthorized(listener: (() => void) | null): void {
  unauthorizedListener = listener;
}

/** Called whenever a response hands out the session's CSRF token (sign in, sign up, GET /api/session). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Query = Record<string, string | number | null | undefined>;

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function ensureCsrfToken(): Promise<string | null> {
  if (csrfToken) return csrfToken;
  const res = await fetch('/api/session', { credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (!res.ok) return null; // not signed in: sign-in and sign-up need no token
  const body = (await res.json()) as { csrfToken?: string };
  csrfToken = body.csrfToken ?? null;
  return csrfToken;
}

/** The CSRF header for a write `request` cannot make (raw bytes with upload progress, in files/upload.ts). */
export async function csrfHeaders(): Promise<Record<string, string>> {
  const token = await ensureCsrfToken();
  return token ? { 'x-csrf-token': token } : {};
}

async function toApiError(res: Response): Promise<ApiError> {
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string } };
    if (body.error?.code) return new ApiError(res.status, body.error.code, body.error.message ?? body.error.code);
  } catch {
    // not JSON: fall through to a generic error
  }
  return new ApiError(res.status, res.status >= 500 ? 'internal' : 'http_error', `The server answered ${`${res.status} ${res.statusText}`.trim()}. Try again in a moment.`);
}

async function send(method: Method, path: string, body: unknown, retried: boolean): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') {
    const token = await ensureCsrfToken();
    if (token) headers['x-csrf-token'] = token;
  }
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', 'Could not reach the Tandem server. Check your connection and try again.');
  }
  if (res.ok) return res;
  const error = await toApiError(res);
  // A stale token (new session in another tab, workspace switch) earns one retry with a fresh one.
  if (error.code === 'csrf_failed' && !retried) {
    csrfToken = null;
    return send(method, path, body, true);
  }
  // Sign-in answers 401 for bad credentials and GET /api/session for "not signed in": both are expected.
  if (error.status === 401 && !path.startsWith('/api/auth/') && !path.startsWith('/api/session')) unauthorizedListener?.();
  throw error;
}

export async function request<T>(method: Method, path: string, options: { query?: Query; body?: unknown } = {}): Promise<T> {
  const res = await send(method, withQuery(path, options.query), options.body, false);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, { query }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body: body ?? {} }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  del: (path: string) => request<void>('DELETE', path),
};

/** A message fit to show the user for anything thrown by the API layer. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return 'Something went wrong. Try again in a moment.';
}
