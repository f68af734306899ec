import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { SecretBox } from '../../src/lib/secretBox.js';

const box = new SecretBox(randomBytes(32));

test('sealed secrets open to the original text, and never repeat', () => {
  const secret = 'refresh-token: 0.AXcA…ünïcode ✓';
  const a = box.seal(secret);
  const b = box.seal(secret);
  assert.notEqual(a, b);
  assert.ok(!a.includes('refresh-token'));
  assert.equal(box.open(a), secret);
  assert.equal(box.open(b), secret);
  assert.equal(box.open(box.seal('')), '');
});

test('any change to a sealed secret is detected', () => {
  const sealed = box.seal('client state value');
  const raw = Buffer.from(sealed.slice(3), 'base64url');
  for (const index of [0, 13, 30, raw.length - 1]) {
    const tampered = Buffer.from(raw);
    tampered[index] = tampered[index]! ^ 0x01;
    assert.throws(() => box.open(`v1.${tampered.toString('base64url')}`), `byte ${index}`);
  }
  assert.throws(() => box.open(`v1.${raw.subarray(0, raw.length - 1).toString('base64url')}`));
});

test('another key cannot open it, and unknown formats are refused', () => {
  const sealed = box.seal('secret');
  assert.throws(() => new SecretBox(randomBytes(32)).open(sealed));
  assert.throws(() => box.open(`v2.${sealed.slice(3)}`), /unknown sealed-secret format/);
  assert.throws(() => new SecretBox(randomBytes(16)));
});
