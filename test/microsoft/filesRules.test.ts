/** The files API's own rules, without a server: OneDrive names, record folder names, chunk ranges, sealed cursors. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { openCursor, sealCursor } from '../../src/app/microsoft/files/cursor.js';
import { FilesError, fromMicrosoftError } from '../../src/app/microsoft/files/errors.js';
import { classifyGraphResponse } from '../../src/microsoft/graph/errors.js';
import { parseFragment } from '../../src/app/microsoft/files/uploadChunk.js';
import type { UploadRow } from '../../src/app/microsoft/files/uploadStore.js';
import { SecretBox } from '../../src/lib/secretBox.js';
import { fileNameProblem, folderNameFor } from '../../src/microsoft/files/names.js';

describe('OneDrive names', () => {
  test('valid names pass; each refused kind says what to change', () => {
    for (const ok of ['Report.pdf', 'Q3 – forecast (v2).xlsx', 'été', '.gitignore', 'a'.repeat(255)]) assert.equal(fileNameProblem(ok), null, ok);
    const cases: Array<[string, RegExp]> = [
      ['', /empty/], ['   ', /empty/], ['a'.repeat(256), /at most 255/], ['a:b', /contains ":"/], ['a"b', /contains """/], ['a|b', /contains "\|"/],
      ['a\u0001b', /control character/], [' a', /space/], ['a ', /space/], ['a.', /dot/], ['CON', /reserves/], ['lpt1', /reserves/],
      ['desktop.ini', /reserves/], ['.lock', /reserves/], ['x_vti_y', /_vti_/], ['~$doc.docx', /lock files/],
      ['x\u202Egnp.exe', /text-direction/], ['a\u200bb', /invisible/], ['\ufeffa.txt', /invisible/],
    ];
    for (const [name, why] of cases) assert.match(fileNameProblem(name) ?? '', why, JSON.stringify(name));
  });

  test('record names become valid folder names, the same each time', () => {
    assert.equal(folderNameFor('Acme Corp', 'x'), 'Acme Corp');
    assert.equal(folderNameFor('A/B: "C"?', 'x'), 'A_B_ _C__');
    assert.equal(folderNameFor('  ..Dots..  ', 'x'), 'Dots');
    assert.equal(folderNameFor('CON', 'x'), 'CON_');
    assert.equal(folderNameFor('...', 'rec1'), 'rec1');
    assert.equal(folderNameFor('~$temp', 'x'), 'temp');
    assert.equal(folderNameFor('a'.repeat(300), 'x').length, 100);
    assert.equal(folderNameFor('Acme\u202E Corp\u200b', 'x'), 'Acme Corp');
    for (const n of ['A/B: "C"?', 'CON', ' x.', 'a_vti_b', 'x\u2066y']) assert.equal(fileNameProblem(folderNameFor(n, 'x')), null, n);
  });
});

describe('chunk ranges', () => {
  const row = { size: 1_000_000 } as UploadRow;
  const KiB320 = 327_680;
  const refused = (h: { contentRange?: string; contentLength?: string }, why: RegExp) =>
    assert.throws(() => parseFragment(row, { contentRange: h.contentRange, contentLength: h.contentLength }), (e: unknown) => e instanceof FilesError && why.test(e.message));

  test('a chunk of 320 KiB multiples, or the last one, is taken', () => {
    assert.deepEqual(parseFragment(row, { contentRange: `bytes 0-${KiB320 - 1}/1000000`, contentLength: String(KiB320) }), { start: 0, end: KiB320 - 1, total: 1_000_000 });
    assert.deepEqual(parseFragment(row, { contentRange: `bytes ${3 * KiB320}-999999/1000000`, contentLength: undefined }), { start: 3 * KiB320, end: 999_999, total: 1_000_000 });
  });

  test('everything else is refused before a byte is sent', () => {
    refused({}, /Content-Range/);
    refused({ contentRange: 'bytes=0-9/1000000' }, /Content-Range/);
    refused({ contentRange: 'bytes 0-9/999' }, /started for 1000000 bytes/);
    refused({ contentRange: 'bytes 9-0/1000000' }, /not a range/);
    refused({ contentRange: 'bytes 0-1000000/1000000' }, /not a range/);
    refused({ contentRange: 'bytes 0-999/1000000' }, /multiple of 327680/);
    refused({ contentRange: `bytes 0-${KiB320 - 1}/1000000`, contentLength: '10' }, /Content-Length is 10/);
  });
});

describe('sealed cursors', () => {
  const box = new SecretBox(randomBytes(32));
  const graph = 'https://graph.example.test';
  const c = { kind: 'browse' as const, driveId: null, itemId: 'abc', nextLink: `${graph}/v1.0/me/drive/items/abc/children?$skiptoken=x` };

  test('round-trips for the account and kind that made it, opaque to the client', () => {
    const sealed = sealCursor(box, 'acct-1', c);
    assert.match(sealed, /^[A-Za-z0-9_-]+$/);
    assert.ok(!sealed.includes('skiptoken'));
    assert.deepEqual(openCursor(box, graph, 'acct-1', 'browse', sealed), c);
  });

  test('another account, another kind, another key, a changed byte or a foreign host are refused', () => {
    const sealed = sealCursor(box, 'acct-1', c);
    const bad = (f: () => unknown) => assert.throws(f, (e: unknown) => e instanceof FilesError && e.status === 400);
    bad(() => openCursor(box, graph, 'acct-2', 'browse', sealed));
    bad(() => openCursor(box, graph, 'acct-1', 'search', sealed));
    bad(() => openCursor(new SecretBox(randomBytes(32)), graph, 'acct-1', 'browse', sealed));
    bad(() => openCursor(box, graph, 'acct-1', 'browse', sealed.slice(0, -2) + (sealed.endsWith('AA') ? 'BB' : 'AA')));
    bad(() => openCursor(box, graph, 'acct-1', 'browse', sealCursor(box, 'acct-1', { ...c, nextLink: 'https://evil.test/v1.0/me' })));
    bad(() => openCursor(box, graph, 'acct-1', 'browse', sealCursor(box, 'acct-1', { ...c, nextLink: `${graph}/beta/me` })));
  });
});

describe('Graph refusals as the files API answers them', () => {
  test('each drive failure has its own status and code; an outage is 503', () => {
    const cases: Array<[number, string, number, string, RegExp]> = [
      [507, 'quotaLimitReached', 507, 'quota_exceeded', /OneDrive is full/],
      [423, 'resourceLocked', 423, 'locked', /locked/],
      [412, 'resourceModified', 412, 'conflict', /changed in Microsoft 365/],
      [409, 'nameAlreadyExists', 409, 'name_conflict', /already exists/],
      [416, 'invalidRange', 416, 'range_not_satisfiable', /upload/],
      [404, 'itemNotFound', 404, 'not_found', /not found/],
      [403, 'accessDenied', 403, 'no_access', /no access/],
      [401, 'InvalidAuthenticationToken', 409, 'needs_reconnect', /Reconnect/],
      [400, 'invalidRequest', 422, 'microsoft_invalid_request', /did not accept/],
      [503, 'serviceNotAvailable', 503, 'microsoft_unavailable', /did not answer/],
    ];
    for (const [graphStatus, code, status, ours, message] of cases) {
      const e = fromMicrosoftError(classifyGraphResponse(graphStatus, { error: { code } }), 'the file');
      assert.ok(e, code);
      assert.deepEqual([e.status, e.code], [status, ours], code);
      assert.match(e.message, message, code);
    }
    assert.equal(fromMicrosoftError(new Error('not Graph')), undefined);
  });
});
