/** /api/calendar against the real server and sandbox: validation, gating, isolation, CRM meetings on the list and timelines. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { DB_KINDS } from '../helpers/db.js';
import { connectMicrosoft, startMicrosoftTestEnv, type MicrosoftTestEnv } from '../helpers/microsoft.js';
import { createTenantWithUsers, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import type { ApiClient } from '../helpers/server.js';

async function connectedClient(env: MicrosoftTestEnv, sandbox: TestSandbox, features: string[]): Promise<ApiClient> {
  const domain = `c${randomBytes(4).toString('hex')}.test`;
  const { users } = await createTenantWithUsers(sandbox, { domain, users: [{ userPrincipalName: 'ann', password: 'pw-Ann-1' }] });
  const api = env.client();
  await api.signup();
  const r = await connectMicrosoft({ api, sandbox, upn: users[0]!.userPrincipalName, password: 'pw-Ann-1', features });
  if (!r.ok) throw new Error(`connect failed: ${r.error ?? r.callbackStatus}`);
  return api;
}

for (const kind of DB_KINDS) {
  describe(`calendar API (${kind})`, () => {
    let sandbox: TestSandbox;
    let env: MicrosoftTestEnv;
    before(async () => {
      sandbox = await startTestSandbox();
      env = await startMicrosoftTestEnv({ kind, sandbox });
    });
    after(async () => {
      await env?.close();
      await sandbox?.close();
    });

    test('validation, gating and isolation; a CRM meeting is listed and on its people’s timelines', async () => {
      const none = env.client();
      await none.signup();
      const body = { subject: 'Kick-off', start: '2026-03-02T09:00:00Z', end: '2026-03-02T10:00:00Z' };
      const notConnected = await none.request('POST', '/api/calendar/events', body);
      assert.equal(notConnected.status, 409);
      assert.equal(notConnected.body.error.code, 'not_connected');
      assert.deepEqual((await none.request('GET', '/api/calendar/events?start=2026-03-01T00:00:00Z&end=2026-03-08T00:00:00Z')).body, { items: [] });

      const mailOnly = await connectedClient(env, sandbox, ['mail']);
      const refused = await mailOnly.request('POST', '/api/calendar/events', body);
      assert.equal(refused.status, 403);
      assert.equal(refused.body.error.code, 'feature_not_granted');
      assert.match(refused.body.error.message, /Settings/);
      assert.equal((await mailOnly.request('GET', '/api/calendar/settings')).body.granted, false);

      const api = await connectedClient(env, sandbox, ['mail', 'calendar']);
      const ann = (await api.request('POST', '/api/people', { name: 'Ann Client', emails: ['ann@client.test'] })).body;
      const noMail = (await api.request('POST', '/api/people', { name: 'No Mail' })).body;
      const bad = async (b: Record<string, unknown>, field: RegExp) => {
        const r = await api.request('POST', '/api/calendar/events', { ...body, ...b });
        assert.equal(r.status, 400, JSON.stringify(r.body));
        assert.match(r.body.error.message, field);
      };
      await bad({ end: '2026-03-02T08:00:00Z' }, /end/);
      await bad({ timeZone: 'Mars/Olympus' }, /timeZone.*IANA/);
      await bad({ attendeePersonIds: ['nobody123'] }, /nobody123/);
      await bad({ attendeePersonIds: [noMail.id] }, /No Mail.*email/);
      await bad({ start: '2026-03-02T09:00:00' }, /start/);
      const range = await api.request('GET', '/api/calendar/events?start=2026-01-01T00:00:00Z&end=2027-06-01T00:00:00Z');
      assert.equal(range.status, 400);
      assert.match(range.body.error.message, /400 days/);
      assert.equal((await api.request('GET', '/api/calendar/events?start=2026-03-02T00:00:00Z&end=2026-03-01T00:00:00Z')).status, 400);

      const created = await api.request('POST', '/api/calendar/events', { ...body, timeZone: 'Europe/Berlin', attendeePersonIds: [ann.id], location: 'Room 1', notes: 'agenda' });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const ev = created.body;
      assert.equal(ev.source, 'crm');
      assert.equal(ev.start, '2026-03-02T09:00:00.000Z');
      assert.deepEqual(ev.attendees.map((a: { personId: string }) => a.personId), [ann.id]);
      const listed = await api.request('GET', '/api/calendar/events?start=2026-03-01T00:00:00Z&end=2026-03-08T00:00:00Z');
      assert.ok(listed.body.items.some((e: { id: string }) => e.id === ev.id));
      const timeline = await api.request('GET', `/api/people/${ann.id}/timeline`);
      assert.ok(timeline.body.items.some((a: { id: string; kind: string }) => a.id === ev.activityId && a.kind === 'meeting'), 'on the attendee’s timeline');

      // Another user's event answers 404, for reads through edits and cancels alike.
      assert.equal((await mailOnly.request('PATCH', `/api/calendar/events/${ev.id}`, { subject: 'mine now' })).status, 404);
      assert.equal((await mailOnly.request('DELETE', `/api/calendar/events/${ev.id}`)).status, 404);
      assert.ok(!(await mailOnly.request('GET', '/api/calendar/events?start=2026-03-01T00:00:00Z&end=2026-03-08T00:00:00Z')).body.items.some((e: { id: string }) => e.id === ev.id));

      const edited = await api.request('PATCH', `/api/calendar/events/${ev.id}`, { subject: 'Kick-off (moved)' });
      assert.equal(edited.status, 200, JSON.stringify(edited.body));
      assert.equal(edited.body.subject, 'Kick-off (moved)');
      assert.equal((await api.request('PATCH', `/api/calendar/events/${ev.id}`, { teams: false })).status, 400);
      assert.equal((await api.request('DELETE', `/api/calendar/events/${ev.id}`)).status, 204);
      assert.equal((await api.request('DELETE', `/api/calendar/events/${ev.id}`)).status, 404);
    });
  });
}
