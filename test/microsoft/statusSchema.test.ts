/**
 * GET /api/microsoft is serialized by a spelled-out schema (for the API docs). Fastify drops what
 * a schema does not list, so this checks that every field the status view builds reaches the client.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { connectionView } from '../../src/app/microsoft/status.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
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
