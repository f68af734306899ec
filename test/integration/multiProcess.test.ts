import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { freshDatabaseUrl } from '../helpers/db.js';
import { startTandemProcess, type TandemProcess } from '../helpers/process.js';
import { ApiClient, openEventStream } from '../helpers/server.js';

// Two real Tandem processes on one PostgreSQL database, as a web/worker deployment runs them.
describe('two processes on one PostgreSQL', () => {
  let a: TandemProcess;
  let b: TandemProcess;

  before(async () => {
    const env = {
      DATABASE_URL: await freshDatabaseUrl('postgres'),
      TANDEM_SECRET_KEY: randomBytes(32).toString('hex'),
      // A configured (unreachable) Azure app keeps the launcher from starting a sandbox per process.
      MS_CLIENT_ID: '00000000-0000-0000-0000-000000000001',
      MS_CLIENT_SECRET: 'unused-in-this-test',
    };
    a = await startTandemProcess({ ...env, TANDEM_ROLE: 'web', TANDEM_DATA_DIR: mkdtempSync(join(tmpdir(), 'tandem-a-')) });
    b = await startTandemProcess({ ...env, TANDEM_ROLE: 'all', TANDEM_DATA_DIR: mkdtempSync(join(tmpdir(), 'tandem-b-')) });
  });

  after(async () => {
    await a?.stop();
    await b?.stop();
  });

  test('a session and the records made through one process are served by the other', async () => {
    const onA = new ApiClient(a.url);
    assert.equal((await onA.signup()).status, 201);
    const created = await onA.request('POST', '/api/people', { name: 'Grace Hopper', emails: ['grace@navy.example'] });
    assert.equal(created.status, 201);

    const onB = new ApiClient(b.url);
    onB.cookie = onA.cookie;
    onB.csrfToken = onA.csrfToken;
    const listed = await onB.request('GET', '/api/people?q=grace');
    assert.equal(listed.status, 200);
    assert.deepEqual(listed.body.items.map((p: { id: string }) => p.id), [created.body.id]);
  });

  test('a live event published by one process reaches a page connected to the other', async () => {
    const onA = new ApiClient(a.url);
    await onA.signup();
    const onB = new ApiClient(b.url);
    onB.cookie = onA.cookie;
    const stream = await openEventStream(onB);
    try {
      const task = await onA.request('POST', '/api/tasks', { title: 'Call back about the renewal' });
      assert.equal(task.status, 201);
      const event = await stream.waitForEvent((e) => e.type === 'task.created');
      assert.equal((event.data as { id: string }).id, task.body.id);
    } finally {
      stream.close();
    }
  });

  test('SIGTERM drains and exits cleanly', async () => {
    const extra = await startTandemProcess({
      DATABASE_URL: await freshDatabaseUrl('postgres'),
      TANDEM_SECRET_KEY: randomBytes(32).toString('hex'),
      MS_CLIENT_ID: '00000000-0000-0000-0000-000000000001',
      MS_CLIENT_SECRET: 'unused-in-this-test',
      TANDEM_DATA_DIR: mkdtempSync(join(tmpdir(), 'tandem-c-')),
    });
    assert.equal(await extra.stop(), 0, extra.output());
  });
});

test('a bad configuration value stops the launcher with a message naming the variable', async () => {
  const { spawnSync } = await import('node:child_process');
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'bin/tandem.ts'], {
    env: { ...process.env, PORT: 'eighty', TANDEM_DATA_DIR: mkdtempSync(join(tmpdir(), 'tandem-bad-')) },
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(run.status, 1);
  assert.match(run.stderr, /PORT must be an integer/);
});

test('bad sandbox and logging settings stop the launcher naming the variable, without a stack trace', async () => {
  const { spawnSync } = await import('node:child_process');
  for (const [name, value, expected] of [
    ['SANDBOX_LOGIN_PORT', 'abc', /SANDBOX_LOGIN_PORT must be an integer/],
    ['SANDBOX_TRICKLE_SECONDS', '-5', /SANDBOX_TRICKLE_SECONDS must be an integer between 0/],
    ['LOG_LEVEL', 'verbose', /LOG_LEVEL must be one of/],
  ] as const) {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'bin/tandem.ts'], {
      env: { ...process.env, [name]: value, TANDEM_DATA_DIR: mkdtempSync(join(tmpdir(), 'tandem-bad-')) },
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(run.status, 1, `${name}=${value}: ${run.stderr}`);
    assert.match(run.stderr, expected);
    assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
  }
});
