/**
 * The Files panel's rules that need no browser (web/src/files): OneDrive's name rules as the page
 * checks them before an upload, sizes, which files.changed events concern a record, where an upload
 * resumes, and the picker's selection across folders.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DriveEntry } from '../../web/src/files/filesApi.js';
import { formatSize } from '../../web/src/files/format.js';
import { nameProblem } from '../../web/src/files/names.js';
import { selectionKey, toggled } from '../../web/src/files/selection.js';
import { nextStart } from '../../web/src/files/upload.js';
import { concerns } from '../../web/src/files/useRecordFiles.js';

test('names OneDrive refuses are refused with the reason', () => {
  assert.equal(nameProblem('Proposal v2.docx'), null);
  assert.equal(nameProblem('Q3: plan.txt'), 'OneDrive does not allow “:” in names.');
  assert.match(nameProblem(' lead.txt') ?? '', /start or end with a space/);
  assert.match(nameProblem('CON') ?? '', /reserves/);
  assert.match(nameProblem('desktop.ini') ?? '', /reserves/);
  assert.match(nameProblem('~$draft.docx') ?? '', /~\$/);
  assert.match(nameProblem('a_vti_b') ?? '', /_vti_/);
  assert.match(nameProblem('tab\there') ?? '', /control characters/);
  assert.equal(nameProblem('   '), 'Give it a name.');
});

test('sizes read as people say them', () => {
  assert.equal(formatSize(null), '');
  assert.equal(formatSize(12), '12 B');
  assert.equal(formatSize(200_000), '195 KB');
  assert.equal(formatSize(10 * 1024 * 1024 + 300_000), '10 MB');
  assert.equal(formatSize(1536), '1.5 KB');
});

test('files.changed concerns a record only when it names it', () => {
  const acme = { type: 'company' as const, id: 'c1' };
  assert.equal(concerns({ records: [{ recordType: 'company', recordId: 'c1' }] }, acme), true);
  assert.equal(concerns({ records: [{ recordType: 'company', recordId: 'c2' }, { recordType: 'task', recordId: 'c1' }] }, acme), false, 'same id, other kind');
  assert.equal(concerns({ records: [] }, acme), true, 'a payload that names nobody is taken as "look again"');
  assert.equal(concerns(null, acme), true);
});

test('an upload resumes from the first byte the session still expects', () => {
  assert.equal(nextStart(['10485760-']), 10485760);
  assert.equal(nextStart(['0-']), 0);
  assert.equal(nextStart(['26-30', '40-']), 26);
  assert.equal(nextStart([]), null);
});

test('the picker keeps what is ticked, per drive and item', () => {
  const entry = (driveId: string, itemId: string): DriveEntry => ({
    driveId, itemId, name: itemId, kind: 'file', size: 1, mimeType: null, modifiedAt: null, modifiedBy: null, webUrl: null, childCount: null,
  });
  let selection = toggled(new Map(), entry('d1', 'a'));
  selection = toggled(selection, entry('d2', 'a'));
  assert.deepEqual([...selection.keys()], ['d1/a', 'd2/a'], 'the same item id in two drives is two items');
  selection = toggled(selection, entry('d1', 'a'));
  assert.deepEqual([...selection.keys()], [selectionKey(entry('d2', 'a'))]);
});
