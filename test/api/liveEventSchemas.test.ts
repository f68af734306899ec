/**
 * Every event type a page can receive is described in the OpenAPI document (liveEventSchemas.ts):
 * the source's publishers are read, so a new event type without a schema fails here.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { LIVE_EVENTS } from '../../src/http/routes/liveEventSchemas.js';
import { buildOpenApiDocument } from '../../scripts/gen-api-types.js';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : name.endsWith('.ts') ? [path] : [];
  });
}

test('every published event type has a schema', () => {
  const published = new Set<string>();
  for (const file of sources('src')) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/publishAfterCommit\(ctx, '([\w.]+)'/g)) published.add(m[1]!);
    // Events addressed to a user or a workspace reach pages; process-internal ones (no audience) do not.
    for (const m of text.matchAll(/publish\(\{\s*type: '([\w.]+)',\s*(?:userId|workspaceId)/g)) published.add(m[1]!);
    for (const m of text.matchAll(/type: '([\w.]+)',\s*\n?\s*userId:/g)) published.add(m[1]!);
  }
  assert.ok(published.has('mail.changed') && published.has('person.created'), `the scan found too little: ${[...published]}`);
  const missing = [...published].filter((t) => !(t in LIVE_EVENTS));
  assert.deepEqual(missing, []);
});

test('the OpenAPI document describes the event stream', async () => {
  const doc = await buildOpenApiDocument();
  const op = doc.paths?.['/api/events']?.get as { responses?: Record<string, { content?: Record<string, { schema?: { oneOf?: unknown[] } }> }> };
  const schema = op.responses?.['200']?.content?.['text/event-stream']?.schema;
  assert.equal(schema?.oneOf?.length, Object.keys(LIVE_EVENTS).length);
});
