/**
 * Standalone Teams meeting links (POST /api/teams/links → Graph POST /me/onlineMeetings): a join
 * link with no calendar event; refused with what to do when the permission is missing or Microsoft
 * 365 is not connected; bad input answers 400. Real Tandem against the real sandbox.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { MicrosoftTestEnv } from '../helpers/microsoft.js';
import { control, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { calendarTenant, connectCalendar, outlookEvents } from './calendarHelpers.js';
import { startSyncEnv } from './syncHelpers.js';

let sandbox: TestSandbox;
let env: MicrosoftTestEnv;
before(async () => {
  sandbox = await startTestSandbox({ notificationDelayMs: 0 });
  ({ env } = await startSyncEnv(sandbox, 'sqlite'));
});
after(async () => {
  await env?.close();
  await sandbox?.close();
});

describe('standalone Teams links', () => {
  test('a link with the subject, and no calendar event', async () => {
    const [tia] = await calendarTenant(sandbox, ['tia']);
    const user = await connectCalendar(env, sandbox, tia!, { features: ['calendar', 'teamsMeetings'] });
    const before = (await outlookEvents(sandbox, user.mailboxId)).length;
    const res = await user.api.request<{ joinUrl: string; subject: string; start: string; end: string }>('POST', '/api/teams/links', { subject: 'Quick sync with Acme' });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.match(res.body.joinUrl, /^https:\/\//);
    assert.equal(res.body.subject, 'Quick sync with Acme');
    assert.equal(Date.parse(res.body.end) - Date.parse(res.body.start), 3_600_000, 'an hour from now by default');
    const second = await user.api.request<{ joinUrl: string }>('POST', '/api/teams/links', { subject: 'Another', start: '2027-01-05T09:00:00Z', end: '2027-01-05T09:30:00Z' });
    assert.equal(second.status, 201);
    assert.notEqual(second.body.joinUrl, res.body.joinUrl, 'each call is its own meeting');
    assert.equal((await outlookEvents(sandbox, user.mailboxId)).length, before, 'no calendar event was made');
  });

  test('without the permission: 403 saying to enable it; not connected: 409; bad input: 400 naming the field', async () => {
    const [uma] = await calendarTenant(sandbox, ['uma']);
    const user = await connectCalendar(env, sandbox, uma!, { features: ['calendar'] });
    const refused = await user.api.request<{ error: { code: string; message: string } }>('POST', '/api/teams/links', { subject: 'x' });
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error.code, 'feature_not_granted');
    assert.match(refused.body.error.message, /^Enable Standalone Teams meeting links in Settings/);
    const stranger = env.client();
    await stranger.signup();
    const notConnected = await stranger.request<{ error: { code: string } }>('POST', '/api/teams/links', { subject: 'x' });
    assert.equal(notConnected.status, 409);
    for (const [body, field] of [[{ subject: '  ' }, /Check subject/], [{ subject: 'x', start: '2027-01-05T09:00' }, /Check start/], [{ subject: 'x', start: '2027-01-05T09:00:00Z', end: '2027-01-05T08:00:00Z' }, /Check end/], [{}, /subject/]] as const) {
      const r = await user.api.request('POST', '/api/teams/links', body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.match(JSON.stringify(r.body), field);
    }
  });

  test('Microsoft refusing the account (a personal account answers 400, no licence 403): a plain refusal, not an outage', async () => {
    const [vic] = await calendarTenant(sandbox, ['vic']);
    const user = await connectCalendar(env, sandbox, vic!, { features: ['calendar', 'teamsMeetings'] });
    for (const status of [400, 403]) {
      await control(sandbox, 'PUT', `/control/online-meetings/${encodeURIComponent(user.mailboxId)}/failure`, { status, count: 1 });
      const r = await user.api.request<{ error: { code: string; message: string } }>('POST', '/api/teams/links', { subject: 'x' });
      assert.equal(r.status, 403, `Graph ${status}`);
      assert.match(r.body.error.message, /Microsoft refused to create a Teams meeting for this account/);
    }
    assert.equal((await user.api.request('POST', '/api/teams/links', { subject: 'x' })).status, 201, 'the next one works');
  });
});
