/**
 * Tandem runs on Node 20 (package.json engines: >=20.19), while cookie@2, which Fastify's cookie
 * plugin and light-my-request pull in, declares node >=22 (npm warns EBADENGINE). What Tandem
 * uses of it must therefore work on the Node that runs this suite: CI runs it on Node 20.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseCookie, stringifySetCookie } from 'cookie';

test('the running Node satisfies package.json engines', () => {
  const range = (JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } }).engines.node;
  const min = /^>=(\d+)\.(\d+)/.exec(range);
  assert.ok(min, `engines.node is ${range}`);
  const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
  assert.ok(major > Number(min[1]) || (major === Number(min[1]) && minor >= Number(min[2])), `Node ${process.versions.node} is below ${range}`);
});

test('cookie@2 parses and writes session cookies on this Node', () => {
  const header = stringifySetCookie({ name: 'tandem_session', value: 'a b;c', httpOnly: true, sameSite: 'lax', path: '/', secure: true });
  assert.match(header, /^tandem_session=a%20b%3Bc; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
  assert.deepEqual({ ...parseCookie('tandem_session=a%20b%3Bc; other=1') }, { tandem_session: 'a b;c', other: '1' });
});
