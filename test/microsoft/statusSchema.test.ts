/**
 * GET /api/microsoft is serialized by a spelled-out schema (for the API docs). Fastify drops what
 * a schema does not list, so this checks that every field the status view builds reaches the client.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { MicrosoftAccount } from '../../src/microsoft/accounts/accounts.js';
import type { MicrosoftIntegration } from '../../src/app/microsoft/integration.js';
import { connectionView, featureStates } from '../../src/app/microsoft/status.js';
import { FEATURES } from '../../src/microsoft/catalogue.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { restoreFeatures, withholdFeatures } from '../helpers/withheldFeatures.js';
import { connectUser, startSyncEnv } from './syncHelpers.js';

let sandbox: TestSandbox;
before(async () => {
  sandbox = await startTestSandbox({ notificationDelayMs: 0 });
});
after(() => sandbox.close());

/** Every key path in a JSON value ("features[].state"), arrays by their items. */
function paths(value: unknown, prefix = ''): Set<string> {
  const out = new Set<string>();
  if (Array.isArray(value)) {
    for (const item of value) for (const p of paths(item, `${prefix}[]`)) out.add(p);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const here = prefix ? `${prefix}.${k}` : k;
      out.add(here);
      for (const p of paths(v, here)) out.add(p);
    }
  }
  return out;
}

test('the answer carries every field of the status view, connected (with sync health) and not', async () => {
  const { env } = await startSyncEnv(sandbox, 'sqlite');
  try {
    const user = await connectUser(env, sandbox, 3);
    const userId = (await user.api.request('GET', '/api/session')).body.user.id as string;
    const direct = JSON.parse(JSON.stringify(await connectionView(env.integration, userId)));
    const answer = await user.api.request('GET', '/api/microsoft');
    assert.equal(answer.status, 200);
    assert.ok(paths(direct).has('health.resources[].notificationsReceived'), 'health is filled when connected');
    assert.ok(paths(direct).has('features[].syncHealth[].state'), "a feature carries its resource's sync health");
    const mailRow = answer.body.health.resources.find((r: { resource: string }) => r.resource === 'mail');
    assert.deepEqual(answer.body.features.find((f: { id: string }) => f.id === 'mail').syncHealth, [mailRow]);
    assert.deepEqual([...paths(direct)].filter((p) => !paths(answer.body).has(p)), []);

    const stranger = env.client();
    await stranger.signup();
    const strangerId = (await stranger.request('GET', '/api/session')).body.user.id as string;
    const none = await stranger.request('GET', '/api/microsoft');
    assert.equal(none.body.status, 'not_connected');
    assert.deepEqual([...paths(JSON.parse(JSON.stringify(await connectionView(env.integration, strangerId))))].filter((p) => !paths(none.body).has(p)), []);
  } finally {
    await env.close();
  }
});

/** Just what featureStates reads of the integration: nothing approved for the org, nothing refused. */
const noConsents = {
  tenantConsents: { featuresFor: async () => new Set<string>() },
  adminBlocks: { forAccount: async () => new Set<string>() },
} as unknown as MicrosoftIntegration;

test('a feature Tandem does not have reads coming soon, even where the grant covers it; health is matched on the resources it powers', async (t) => {
  const withheld = withholdFeatures();
  t.after(() => restoreFeatures(withheld));
  const everything = FEATURES.flatMap((f) => f.scopes);
  const account = { id: 'a1', tenantId: 't1', grantedScopes: everything } as unknown as MicrosoftAccount;
  const health = { resources: [{ resource: 'mail', state: 'initial', percent: 40 }, { resource: 'files', state: 'live', percent: null }, { bogus: true }] };
  const view = await featureStates(noConsents, account, health);
  for (const f of FEATURES) {
    const v = view.find((x) => x.id === f.id)!;
    assert.equal(v.state, f.available ? 'granted' : 'coming_soon', f.id);
    if (!f.available) {
      assert.equal(v.preselected, false, `${f.id} is never ticked`);
      assert.equal(v.adminRoute, false, `${f.id} offers no admin route`);
      assert.deepEqual(v.syncHealth, [], `${f.id} shows no sync state`);
    }
  }
  assert.deepEqual(view.find((x) => x.id === 'mail')!.syncHealth, [health.resources[0]]);
  assert.deepEqual(view.find((x) => x.id === 'sendMail')!.syncHealth, [], 'powers no resource');

  const none = await featureStates(noConsents, undefined, { resources: 'not a list' });
  assert.deepEqual(none.filter((v) => v.state === 'coming_soon').map((v) => v.id), FEATURES.filter((f) => !f.available).map((f) => f.id));
  assert.ok(none.filter((v) => v.state !== 'coming_soon').every((v) => v.state === 'available'));
});
