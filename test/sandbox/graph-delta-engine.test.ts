import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sealState } from '../../sandbox/graph/delta/token.js';
import { MAIL, USERS, startGraphHarness, type GraphHarness } from './graphHarness.js';

interface Page { value: Array<{ id: string }>; '@odata.deltaLink'?: string }

describe('sandbox delta engine: shared by mail and calendar', () => {
  let h: GraphHarness;
  before(async () => {
    h = await startGraphHarness();
  });
  after(() => h.close());

  test('a mail deltaLink sealed before the engine (folder as `f`) still works', async () => {
    const ann = h.token(USERS.ann, MAIL);
    await h.ctl('PUT', '/control/delta/replays', { resource: 'mail', mode: 'off' });
    const inbox = await h.call<{ id: string }>('GET', '/v1.0/me/mailFolders/inbox', ann);
    const legacy = sealState(h.ctx.db, { u: USERS.ann.id, f: inbox.body.id, e: 0, lo: 0, hi: 0, b: 0, r: 0, x: 1 });
    await h.ctl('POST', '/control/mail/deliver', { mailbox: USERS.ann.id, from: { address: 'o@outside.test' }, subject: 'after upgrade', body: 'x' });
    const r = await h.call<Page>('GET', `/v1.0/me/mailFolders/inbox/messages/delta?$deltatoken=${legacy}`, ann);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.value.length, 1);
  });

  test('the generic control knobs name their resource; an unknown one is refused', async () => {
    assert.equal((await h.ctl('PUT', '/control/delta/replays', { resource: 'no-such-resource', mode: 'off' })).status, 400);
    assert.equal((await h.ctl('POST', '/control/delta/evict', { resource: 'calendar', mailbox: 'nobody@nowhere.test' })).status, 404);
    const mail = await h.ctl<{ resource: string; mode: string }>('PUT', '/control/delta/replays', { resource: 'mail', mode: 'random', probability: 0.2 });
    assert.deepEqual([mail.body.resource, mail.body.mode], ['mail', 'random']);
    assert.equal((await h.ctl<{ probability: number }>('PUT', '/control/mail/delta/replays', {})).body.probability, 0.2, 'the older mail route sees the same settings');
  });
});
