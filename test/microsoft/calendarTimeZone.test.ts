import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { control, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { calendarTenant, connectCalendar } from './calendarHelpers.js';
import { startSyncEnv } from './syncHelpers.js';

// The Calendar page shows the mailbox's time zone when Tandem may read the mailbox settings, and
// the browser's otherwise (timeZone null).
let sandbox: TestSandbox;
before(async () => {
  sandbox = await startTestSandbox({ notificationDelayMs: 0 });
});
after(() => sandbox.close());

test('the calendar settings carry the mailbox time zone (as IANA) only with mailbox settings granted', async () => {
  const { env } = await startSyncEnv(sandbox, 'sqlite');
  try {
    const [ann, bob] = await calendarTenant(sandbox, ['ann', 'bob']);
    for (const u of [ann!, bob!]) await control(sandbox, 'PUT', '/control/mail/mailbox-settings', { mailbox: u.id, timeZone: 'W. Europe Standard Time' });
    const withSettings = await connectCalendar(env, sandbox, ann!, { features: ['calendar', 'mailboxSettings'] });
    const without = await connectCalendar(env, sandbox, bob!, { features: ['calendar'] });
    assert.equal((await withSettings.api.request('GET', '/api/calendar/settings')).body.timeZone, 'Europe/Berlin');
    assert.equal((await without.api.request('GET', '/api/calendar/settings')).body.timeZone, null);
    const view = (await withSettings.api.request('GET', '/api/microsoft')).body;
    assert.equal(view.features.find((f: { id: string }) => f.id === 'mailboxSettings').state, 'granted');
  } finally {
    await env.close();
  }
});
