#!/usr/bin/env node
// The whole suite: prepares the machine (scripts/test-env.sh), then runs every test file under
// test/ with Node's test runner. Storage and API tests run on SQLite and on PostgreSQL.
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function find(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return find(path);
    return /\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

const filters = process.argv.slice(2);
let files = find('test').sort();
if (filters.length) files = files.filter((f) => filters.some((p) => f.includes(p)));
if (!files.length) {
  console.error('no test files matched');
  process.exit(1);
}

const env = { ...process.env };
if (!env.TEST_PG_URL) {
  env.TEST_PG_URL = execFileSync('bash', ['scripts/test-env.sh'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n').pop();
}
const args = ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files];
const result = spawnSync(process.execPath, args, { stdio: 'inherit', env });
process.exit(result.status ?? 1);
