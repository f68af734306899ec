import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InteractionRequiredAuthError, ServerError } from '@azure/msal-node';
import { classifyGraphResponse, classifyNetworkError, ERROR_KINDS, MicrosoftError, userMessage } from '../../src/microsoft/graph/errors.js';
import { aadstsNumber, classifyIdentityError, classifyMsalError } from '../../src/microsoft/graph/identityErrors.js';
import { backoffMs, parseRetryAfter } from '../../src/microsoft/graph/retryAfter.js';

const graphBody = (code: string) => ({ error: { code, message: 'm' } });

describe('Graph error classification', () => {
  const cases: Array<[number, string | undefined, Record<string, string>, string]> = [
    [429, 'TooManyRequests', { 'retry-after': '7' }, 'throttled'],
    [429, undefined, {}, 'throttled'],
    [503, undefined, { 'retry-after': '3' }, 'throttled'],
    [503, undefined, {}, 'transient'],
    [410, undefined, {}, 'deltaExpired'],
    [400, 'syncStateNotFound', {}, 'deltaExpired'],
    [400, 'resyncRequired', {}, 'deltaExpired'],
    [400, 'ErrorInvalidSyncStateData', {}, 'deltaExpired'],
    [400, 'SyncStateInvalid', {}, 'deltaExpired'],
    [401, 'InvalidAuthenticationToken', {}, 'reauthRequired'],
    [404, undefined, {}, 'notFound'],
    [400, 'ErrorItemNotFound', {}, 'notFound'],
    [404, 'ResourceNotFound', {}, 'notFound'],
    [409, undefined, {}, 'conflict'],
    [412, 'ErrorIrresolvableConflict', {}, 'conflict'],
    [400, 'ErrorIrresolvableConflict', {}, 'conflict'],
    [403, 'ErrorAccessDenied', {}, 'forbidden'],
    [403, 'Authorization_RequestDenied', {}, 'forbidden'],
    [500, undefined, {}, 'transient'],
    [502, undefined, {}, 'transient'],
    [504, undefined, {}, 'transient'],
    [400, 'BadRequest', {}, 'invalidRequest'],
    [400, 'ErrorInvalidRecipients', {}, 'invalidRequest'],
    [400, 'ErrorInvalidRequest', {}, 'invalidRequest'],
    [400, undefined, {}, 'invalidRequest'],
    [405, undefined, {}, 'fatal'],
    [507, 'quotaLimitReached', {}, 'quotaExceeded'],
    [507, undefined, {}, 'quotaExceeded'],
    [423, 'resourceLocked', {}, 'locked'],
    [423, undefined, {}, 'locked'],
    [416, 'invalidRange', {}, 'rangeNotSatisfiable'],
    [416, undefined, {}, 'rangeNotSatisfiable'],
  ];
  for (const [status, code, headers, kind] of cases) {
    test(`${status} ${code ?? ''} → ${kind}`, () => {
      const e = classifyGraphResponse(status, code ? graphBody(code) : '', new Headers(headers));
      assert.equal(e.kind, kind);
      assert.equal(e.status, status);
      if (code) assert.equal(e.code, code);
    });
  }

  test('Retry-After is carried in ms, from seconds and from an HTTP date', () => {
    assert.equal(classifyGraphResponse(429, '', new Headers({ 'retry-after': '7' })).retryAfterMs, 7000);
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now), 5000);
    assert.equal(parseRetryAfter('Wed, 31 Dec 2025 00:00:05 GMT', now), 0);
    assert.equal(parseRetryAfter('soon'), undefined);
    assert.equal(parseRetryAfter(null), undefined);
    assert.equal(parseRetryAfter('999999'), 600_000);
  });

  test('a 400 is a request Graph rejected, never an outage; outages stay 5xx, timeouts and throttling', () => {
    const rejected = classifyGraphResponse(400, graphBody('ErrorInvalidRecipients'));
    assert.equal(rejected.kind, 'invalidRequest');
    assert.equal(rejected.code, 'ErrorInvalidRecipients', 'Graph\'s code is kept for the log');
    assert.match(rejected.message, /^Graph 400 ErrorInvalidRecipients/);
    // The 400s that already mean something else keep their meaning.
    assert.equal(classifyGraphResponse(400, graphBody('syncStateNotFound')).kind, 'deltaExpired');
    assert.equal(classifyGraphResponse(400, { error: { code: 'invalidRequest', innerError: { code: 'resyncRequired' } } }).kind, 'deltaExpired');
    assert.equal(classifyGraphResponse(400, graphBody('ErrorItemNotFound')).kind, 'notFound');
    assert.equal(classifyGraphResponse(400, graphBody('ErrorIrresolvableConflict')).kind, 'conflict');
    for (const status of [500, 502, 503, 504]) assert.equal(classifyGraphResponse(status, '').kind, 'transient');
    assert.equal(classifyGraphResponse(429, '').kind, 'throttled');
    assert.equal(classifyNetworkError(Object.assign(new Error('t'), { name: 'TimeoutError' })).kind, 'transient');
    assert.ok(ERROR_KINDS.includes('invalidRequest'));
  });

  test('the error code is read from a JSON text body too', () => {
    assert.equal(classifyGraphResponse(400, JSON.stringify(graphBody('resyncRequired'))).kind, 'deltaExpired');
  });

  test('network errors and timeouts are transient', () => {
    assert.equal(classifyNetworkError(new TypeError('fetch failed')).kind, 'transient');
    const t = new Error('t');
    t.name = 'TimeoutError';
    assert.match(classifyNetworkError(t).message, /timed out/);
  });

  test('backoff grows and stays within its cap', () => {
    assert.equal(backoffMs(1, 500, 30_000, () => 1), 500);
    assert.equal(backoffMs(3, 500, 30_000, () => 1), 2000);
    assert.equal(backoffMs(3, 500, 30_000, () => 0), 1000);
    assert.equal(backoffMs(20, 500, 30_000, () => 1), 30_000);
  });
});

describe('identity-platform error classification', () => {
  const cases: Array<[string, string | undefined, number[] | undefined, string, number?]> = [
    ['invalid_grant', 'AADSTS50173: The provided grant has expired due to it being revoked.', undefined, 'reauthRequired', 50173],
    ['invalid_grant', 'AADSTS700082: The refresh token has expired due to inactivity.', undefined, 'reauthRequired', 700082],
    ['invalid_grant', 'AADSTS70008: The provided authorization code or refresh token has expired', undefined, 'reauthRequired', 70008],
    ['invalid_grant', 'AADSTS70000: The provided value for the input parameter is not valid.', undefined, 'reauthRequired', 70000],
    ['invalid_grant', undefined, undefined, 'reauthRequired'],
    ['interaction_required', 'AADSTS50076: MFA', undefined, 'reauthRequired', 50076],
    ['access_denied', 'AADSTS65004: User declined to consent to access the app.', undefined, 'consentDeclined', 65004],
    ['access_denied', undefined, undefined, 'consentDeclined'],
    ['invalid_grant', 'whatever text', [65001], 'reauthRequired', 65001],
    ['access_denied', 'AADSTS90094: The grant requires admin permission.', undefined, 'needsAdminApproval', 90094],
    ['consent_required', undefined, undefined, 'needsAdminApproval'],
    ['invalid_client', 'AADSTS7000215: Invalid client secret provided.', undefined, 'fatal', 7000215],
    ['invalid_client', undefined, undefined, 'fatal'],
    ['temporarily_unavailable', undefined, undefined, 'transient'],
    ['server_error', undefined, undefined, 'transient'],
  ];
  for (const [error, description, codes, kind, aadsts] of cases) {
    test(`${error} ${aadsts ?? ''} → ${kind}`, () => {
      // Redirect errors (the user's answer on Microsoft's pages) versus token-endpoint errors.
      const source = error === 'access_denied' || error === 'consent_required' ? 'authorize' : 'token';
      const e = classifyIdentityError({ source, error, ...(description ? { error_description: description } : {}), ...(codes ? { error_codes: codes } : {}) });
      assert.equal(e.kind, kind);
      assert.equal(e.aadsts, aadsts);
      assert.equal(e.code, error);
    });
  }

  test('an unknown error with a 5xx status is transient, without one fatal', () => {
    assert.equal(classifyIdentityError({ source: 'token', error: 'weird', status: 502 }).kind, 'transient');
    assert.equal(classifyIdentityError({ source: 'token', error: 'weird', status: 400 }).kind, 'fatal');
  });

  test('the AADSTS number is parsed from the code, not from prose', () => {
    assert.equal(aadstsNumber('Trace: AADSTS700082: expired'), 700082);
    assert.equal(aadstsNumber('error 700082 without prefix'), undefined);
    assert.equal(aadstsNumber('the AADSTS code was not given'), undefined);
  });
});

describe('MSAL error classification', () => {
  test('InteractionRequiredAuthError with a revoked grant', () => {
    const e = classifyMsalError(new InteractionRequiredAuthError('invalid_grant', 'AADSTS50173: The provided grant has expired due to it being revoked'));
    assert.equal(e.kind, 'reauthRequired');
    assert.equal(e.aadsts, 50173);
  });

  test('InteractionRequiredAuthError with a consent_required sub-error needs an interactive sign-in', () => {
    const e = classifyMsalError(new InteractionRequiredAuthError('invalid_grant', 'needs consent', 'consent_required'));
    assert.equal(e.kind, 'reauthRequired');
  });

  test('ServerError uses errorNo when MSAL gives it', () => {
    const e = classifyMsalError(new ServerError('invalid_client', 'secret problem', '', '7000215', 401));
    assert.equal(e.kind, 'fatal');
    assert.equal(e.aadsts, 7000215);
    assert.equal(e.status, 401);
  });

  test('ServerError temporarily_unavailable is transient', () => {
    assert.equal(classifyMsalError(new ServerError('temporarily_unavailable', 'try later')).kind, 'transient');
  });

  test('MSAL network_error and no cached account', () => {
    assert.equal(classifyMsalError({ errorCode: 'network_error', errorMessage: 'x' }).kind, 'transient');
    assert.equal(classifyMsalError({ errorCode: 'no_tokens_found', errorMessage: 'x' }).kind, 'reauthRequired');
  });

  test('a MicrosoftError passes through; an unknown throw is fatal', () => {
    const own = new MicrosoftError('throttled', 'x');
    assert.equal(classifyMsalError(own), own);
    assert.equal(classifyMsalError(new Error('boom')).kind, 'fatal');
  });
});

test('every kind has a distinct plain sentence', () => {
  const sentences = ERROR_KINDS.map(userMessage);
  assert.equal(new Set(sentences).size, ERROR_KINDS.length);
  for (const s of sentences) assert.match(s, /^[A-Z].*\.$/);
});
