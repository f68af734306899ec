import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { DirectoryUser } from '../../sandbox/core/directory.js';
import { registerApp, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

interface Ev { type: string; isOrganizer: boolean; seriesMasterId: string | null; attendees: unknown[] }

describe('sandbox demo seed: calendars', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tandem-cal-seed-'));
  let sb: TestSandbox;
  let clientId: string;
  const get = async <T>(user: DirectoryUser, path: string): Promise<T> => {
    const token = sb.identity.tokens.issue({ user, clientId, granted: new Set(['openid', 'Calendars.Read']), clientInfo: false }).access_token;
    const r = await sb.fetch(`${sb.urls.graph}/v1.0${path}`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(r.status, 200);
    return (await r.json()) as T;
  };
  before(async () => {
    sb = await startTestSandbox({ dataDir, seedDemo: true });
    clientId = (await registerApp(sb, { redirectUris: ['https://app.test/callback'] })).clientId;
  });
  after(async () => {
    await sb.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('demo users get a realistic calendar over ±3 months: series, meetings with Contoso colleagues; Fabrikam cannot host Teams', async () => {
    assert.equal(sb.seeded, true);
    const adele = sb.context.directory.userByEmail('adele@contoso.onmicrosoft.com')!;
    const from = new Date(Date.now() - 91 * 86_400_000).toISOString();
    const to = new Date(Date.now() + 91 * 86_400_000).toISOString();
    const view = await get<{ value: Ev[] }>(adele, `/me/calendarView?startDateTime=${from}&endDateTime=${to}&$top=1000`);
    assert.ok(view.value.length >= 36, `only ${view.value.length} instances`);
    assert.ok(view.value.some((e) => e.type === 'occurrence'));
    assert.ok(view.value.some((e) => !e.isOrganizer), 'invited by a colleague');
    assert.ok(view.value.some((e) => e.isOrganizer && e.attendees.length > 0), 'organizes meetings with colleagues');
    const megan = sb.context.directory.userByEmail('megan@fabrikam.onmicrosoft.com')!;
    const cal = await get<{ allowedOnlineMeetingProviders: string[] }>(megan, '/me/calendar');
    assert.deepEqual(cal.allowedOnlineMeetingProviders, ['unknown']);
  });
});
