import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config/env.js';

const KEY = 'ab'.repeat(32);
const dataDir = (): string => mkdtempSync(join(tmpdir(), 'tandem-config-'));

describe('configuration', () => {
  test('defaults: SQLite under the data directory, a secret key generated once and kept', () => {
    const dir = dataDir();
    const config = loadConfig({ TANDEM_DATA_DIR: dir });
    assert.equal(config.dbKind, 'sqlite');
    assert.equal(config.databaseUrl, `sqlite:${join(dir, 'tandem.sqlite')}`);
    assert.equal(config.role, 'all');
    assert.equal(config.ms.tenant, 'common');
    assert.equal(config.ms.loginUrl, 'https://login.microsoftonline.com');
    assert.equal(config.secretKey.length, 32);
    assert.equal(statSync(join(dir, 'secret.key')).mode & 0o777, 0o600);
    const again = loadConfig({ TANDEM_DATA_DIR: dir });
    assert.ok(again.secretKey.equals(config.secretKey));
    assert.equal(readFileSync(join(dir, 'secret.key'), 'utf8'), config.secretKey.toString('hex'));
  });

  test('PostgreSQL mode with a shared key', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u@db/tandem', TANDEM_SECRET_KEY: KEY, TANDEM_ROLE: 'worker' });
    assert.equal(config.dbKind, 'postgres');
    assert.equal(config.role, 'worker');
    assert.equal(config.secretKey.toString('hex'), KEY);
  });

  const bad: Array<[string, Record<string, string>]> = [
    ['PORT', { PORT: 'eighty' }],
    ['PORT', { PORT: '70000' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://db/tandem' }],
    ['PUBLIC_URL', { PUBLIC_URL: 'not a url' }],
    ['PUBLIC_URL', { PUBLIC_URL: 'ftp://example.com' }],
    ['TANDEM_SECRET_KEY', { TANDEM_SECRET_KEY: 'too-short' }],
    ['TANDEM_SECRET_KEY', { DATABASE_URL: 'postgresql://db/tandem' }],
    ['TANDEM_ROLE', { TANDEM_ROLE: 'boss' }],
    ['MS_CLIENT_SECRET', { MS_CLIENT_ID: '00000000-0000-0000-0000-000000000001' }],
    ['MS_TENANT', { MS_TENANT: 'contoso/evil' }],
    ['MS_LOGIN_URL', { MS_LOGIN_URL: 'http://login.example.com' }],
    ['MS_GRAPH_URL', { MS_GRAPH_URL: 'graph' }],
    ['MS_CA_FILE', { MS_CA_FILE: '/nonexistent/ca.pem' }],
    ['SYNC_SWEEP_MINUTES', { SYNC_SWEEP_MINUTES: '0' }],
  ];
  for (const [variable, env] of bad) {
    test(`a bad ${variable} (${JSON.stringify(env)}) stops start with a message naming it`, () => {
      assert.throws(
        () => loadConfig({ TANDEM_DATA_DIR: dataDir(), ...env }),
        (err: unknown) => err instanceof ConfigError && err.message.includes(variable),
      );
    });
  }
});
