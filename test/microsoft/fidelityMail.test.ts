import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { Message } from '@microsoft/microsoft-graph-types';
import { pino } from 'pino';
import { GraphClient } from '../../src/microsoft/graph/client.js';
import { graphInstant } from '../../src/microsoft/graph/instant.js';
import { changesFromGraph } from '../../src/microsoft/mail/emailRows.js';
import { archive, fetchBody, setRead, updateDraft } from '../../src/microsoft/mail/mailActions.js';
import { mapMessage } from '../../src/microsoft/sync/mail/mapMessage.js';
import { json, send, startFakeGraph, type FakeGraph } from '../helpers/fakeGraph.js';

/** Messages and answers that real Graph, or a Graph-compatible server, can send and our sandbox does not. */
describe('mapping messages with missing, null and extra properties', () => {
  test('a sparse message maps to nulls, and recipients without a name or address are handled', () => {
    const m = {
      id: 'AAMkAD=/+_-x', '@odata.etag': 'W/"x"', unknownFutureProperty: { nested: true },
      subject: null, bodyPreview: null, from: null,
      toRecipients: [{ emailAddress: { address: ' Ann@Example.COM ' } }, { emailAddress: null }, { emailAddress: { name: 'No Address' } }],
      ccRecipients: null,
    } as unknown as Message;
    const { row, addresses } = mapMessage(m, 'folder-1');
    assert.equal(row.graph_id, 'AAMkAD=/+_-x');
    assert.equal(row.subject, null);
    assert.equal(row.preview, null);
    assert.equal(row.from_address, null);
    assert.equal(row.from_name, null);
    assert.equal(row.received_at, null);
    assert.equal(row.is_read, 0);
    assert.deepEqual(JSON.parse(row.recipients as string), [{ name: null, address: 'ann@example.com', kind: 'to' }]);
    assert.deepEqual(addresses, ['ann@example.com']);
  });

  test('receivedDateTime: seven fractional digits, an offset and no zone are UTC instants; garbage does not fail the page', () => {
    const at = (v: unknown) => mapMessage({ id: 'm', receivedDateTime: v } as Message, 'f').row.received_at;
    assert.equal(at('2024-03-01T10:00:00.1234567Z'), '2024-03-01T10:00:00.123Z');
    assert.equal(at('2024-03-01T12:00:00+02:00'), '2024-03-01T10:00:00.000Z');
    assert.equal(at('2024-03-01T10:00:00'), '2024-03-01T10:00:00.000Z');
    assert.equal(at('not a date'), null);
  });

  test('a write-through stores receivedDateTime in the same UTC form as sync', () => {
    assert.equal(changesFromGraph({ receivedDateTime: '2024-03-01T12:00:00+02:00' }).received_at, '2024-03-01T10:00:00.000Z');
    assert.equal(changesFromGraph({ receivedDateTime: '2024-03-01T10:00:00Z' }).received_at, mapMessage({ id: 'm', receivedDateTime: '2024-03-01T10:00:00Z' }, 'f').row.received_at);
    assert.equal(graphInstant(undefined), null);
  });
});

let graph: FakeGraph;

before(async () => {
  graph = await startFakeGraph();
});
after(() => graph.close());
beforeEach(() => graph.reset());

const client = () => new GraphClient({ graphUrl: graph.url, fetch: globalThis.fetch, accessToken: async () => 't', log: pino({ level: 'silent' }), sleep: async () => undefined });

describe('mail writes answered the OData way', () => {
  test('PATCH and move answered 204 with no body give an empty message, not undefined', async () => {
    graph.answer((_req, res) => send(res, 204, ''));
    const g = client();
    const read = await setRead(g, 'a1', 'id/with+odd=chars', true);
    assert.deepEqual(read, {});
    assert.equal(read.isRead ?? true, true);
    assert.deepEqual(await archive(g, 'a1', 'plain-id_1='), {});
    assert.deepEqual(await updateDraft(g, 'a1', 'd1', { subject: 's' }), {});
    assert.deepEqual(graph.requests.map((r) => `${r.method} ${r.url}`), [
      'PATCH /v1.0/me/messages/id%2Fwith%2Bodd%3Dchars',
      'POST /v1.0/me/messages/plain-id_1=/move',
      'PATCH /v1.0/me/messages/d1',
    ]);
  });

  test('a body whose contentType is not lower-case HTML is still HTML', async () => {
    graph.answer((_req, res) => json(res, 200, { id: 'm', body: { contentType: 'HTML', content: '<p>x</p>' } }));
    assert.deepEqual(await fetchBody(client(), 'a1', 'm'), { contentType: 'html', content: '<p>x</p>' });
  });
});
