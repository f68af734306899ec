import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { revokeGuidance } from '../../src/microsoft/auth/revokeGuidance.js';

describe('where a user withdraws Tandem\'s permissions at Microsoft', () => {
  test('work or school accounts: My Apps of their cloud; personal accounts: the account consent page', () => {
    assert.equal(revokeGuidance('https://login.microsoftonline.com', '72f988bf-86f1-41af-91ab-2d7cd011db47').url, 'https://myapps.microsoft.com');
    assert.equal(revokeGuidance('https://login.microsoftonline.us', '72f988bf-86f1-41af-91ab-2d7cd011db47').url, 'https://myapps.microsoft.us');
    assert.equal(revokeGuidance('https://login.microsoftonline.com', '9188040d-6c67-4c5b-b112-36a304b66dad').url, 'https://account.live.com/consent/Manage');
    const unknown = revokeGuidance('https://127.0.0.1:4430', '72f988bf-86f1-41af-91ab-2d7cd011db47');
    assert.equal(unknown.url, null, 'no link to a portal that is not this platform\'s');
    assert.match(unknown.page, /My Apps/);
  });

  test('against the sandbox launched by npm start: its own My Apps, beside its sign-in pages', () => {
    assert.deepEqual(revokeGuidance('https://127.0.0.1:4430', 'any', 'http://localhost:4433/'), { url: 'http://localhost:4433/myapps', page: 'My Apps (the sandbox tenant)' });
  });
});
