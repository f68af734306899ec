import { randomUUID } from 'node:crypto';
import { GraphRefusal } from './errors.js';

// .NET's HttpStatusCode names, which Graph quotes in its validation messages.
const STATUS_NAMES: Record<number, string> = {
  201: 'Created', 202: 'Accepted', 204: 'NoContent', 301: 'MovedPermanently', 302: 'Redirect', 307: 'RedirectKeepVerb',
  400: 'BadRequest', 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 405: 'MethodNotAllowed', 408: 'RequestTimeout',
  415: 'UnsupportedMediaType', 429: 'TooManyRequests', 500: 'InternalServerError', 502: 'BadGateway',
  503: 'ServiceUnavailable', 504: 'GatewayTimeout',
};
const MUST_200 = 'Notification endpoint must respond with 200 OK to validation request.';

/** A token shaped like Graph's: readable text with spaces and colons, so it must be URL-encoded. */
export function newValidationToken(): string {
  return `Validation: Testing client application reachability for subscription Request-Id: ${randomUUID()}`;
}

/** `url` with `validationToken` appended, keeping whatever query the subscriber put there. */
export function validationUrl(url: string, token: string): string {
  const u = new URL(url);
  u.searchParams.append('validationToken', token);
  return u.toString();
}

/**
 * Graph's reachability check: POST `{url}?validationToken=…` with an empty text/plain body;
 * the endpoint must answer 200, text/plain, the decoded token, within the time limit.
 * Throws the 400 ValidationError Graph answers the subscription create with otherwise.
 */
export async function validateEndpoint(url: string, timeoutMs: number): Promise<void> {
  const token = newValidationToken();
  let response: Response;
  try {
    response = await fetch(validationUrl(url, token), {
      method: 'POST',
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: '',
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
    throw refusal(timedOut ? `Subscription validation request timed out. ${MUST_200}` : `Subscription validation request failed. ${MUST_200}`);
  }
  let body: string;
  try {
    body = await response.text();
  } catch {
    throw refusal(`Subscription validation request timed out. ${MUST_200}`);
  }
  if (response.status !== 200) {
    const name = STATUS_NAMES[response.status] ?? String(response.status);
    throw refusal(`Subscription validation request failed. HTTP status code is '${name}'. ${MUST_200}`);
  }
  const type = response.headers.get('content-type') ?? '';
  if (!/^text\/plain\b/i.test(type)) {
    throw refusal(`Subscription validation request failed. Response content type must be 'text/plain'. ${MUST_200}`);
  }
  if (body !== token) {
    throw refusal('Subscription validation request failed. Response must exactly match validationToken query parameter.');
  }
}

const refusal = (message: string): GraphRefusal => new GraphRefusal(400, 'ValidationError', message);
