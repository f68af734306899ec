import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FEATURES, featuresGranted, isAvailable, missingScopes, scopesFor, typicallyUserConsentable, type FeatureId } from '../../src/microsoft/catalogue.js';
import { restoreFeatures, withholdFeatures } from '../helpers/withheldFeatures.js';

const SIGN_IN = ['User.Read', 'openid', 'profile', 'email', 'offline_access'];

describe('feature catalogue', () => {
  test('ids are unique and only sign-in is required', () => {
    const ids = FEATURES.map((f) => f.id);
    assert.equal(new Set(ids).size, ids.length);
    assert.deepEqual(FEATURES.filter((f) => f.required).map((f) => f.id), ['signIn']);
  });

  test('sending mail needs Mail.Send, a separate feature from reading mail', () => {
    assert.deepEqual(scopesFor(['sendMail']).filter((s) => !SIGN_IN.includes(s)), ['Mail.Send']);
    assert.ok(!FEATURES.find((f) => f.id === 'mail')!.scopes.includes('Mail.Send' as never));
  });

  test('features whose scopes the managed default consent policy blocks are flagged typically admin-only', () => {
    // graph-facts: Files/Sites *.All, Calendars.ReadWrite (2025), Contacts.ReadWrite, People.Read, Tasks.* (2026).
    const blocked = (s: string) => /^(files|sites)\.[a-z]+\.all$|^calendars\.readwrite$|^contacts\.readwrite$|^people\.read$|^tasks\./i.test(s);
    for (const f of FEATURES) assert.equal(f.adminConsent, f.scopes.some(blocked), f.id);
    assert.deepEqual(FEATURES.filter((f) => f.adminConsent).map((f) => f.id), ['calendar', 'contacts', 'people', 'todo', 'sharepoint']);
    assert.deepEqual(typicallyUserConsentable(['mail', 'calendar', 'sharepoint', 'sendMail', 'signIn']), ['mail', 'sendMail']);
  });

  test('every feature has a short title for sentences', () => {
    assert.equal(FEATURES.find((f) => f.id === 'sharepoint')!.shortTitle, 'SharePoint');
    for (const f of FEATURES) assert.ok(f.shortTitle.trim().length > 0, f.id);
  });

  test('scopesFor always includes the sign-in scopes, deduplicated', () => {
    assert.deepEqual(scopesFor([]), SIGN_IN);
    const s = scopesFor(['mail', 'people', 'mail', 'signIn']);
    assert.deepEqual(s, [...SIGN_IN, 'Mail.ReadWrite', 'People.Read']);
  });

  test('Tandem claims the features it has code for, and only those', () => {
    for (const id of ['signIn', 'mail', 'sendMail', 'mailboxSettings', 'people', 'calendar', 'teamsMeetings', 'todo', 'contacts', 'onedrive', 'sharepoint'] as const) assert.ok(isAvailable(id), id);
    assert.equal(FEATURES.length, 11, 'a new feature is added to the list above once Tandem has its code');
    assert.equal(isAvailable('nope'), false);
  });

  test('a coming-soon feature is never asked of Microsoft', (t) => {
    const comingSoon = withholdFeatures();
    t.after(() => restoreFeatures(comingSoon));
    assert.deepEqual(FEATURES.filter((f) => !f.available).map((f) => f.id), ['onedrive', 'sharepoint']);
    for (const f of comingSoon) assert.throws(() => scopesFor(['mail', f.id as FeatureId]), new RegExp(`not available yet: ${f.id}`));
    assert.deepEqual(typicallyUserConsentable(['mail', 'onedrive', 'sharepoint']), ['mail'], 'never offered as "connect with only …"');
    const asked = new Set(scopesFor(FEATURES.filter((f) => f.available).map((f) => f.id)));
    for (const f of comingSoon) for (const s of f.scopes) assert.ok(!asked.has(s), `${s} (${f.id})`);
  });

  test('scopesFor rejects an unknown feature', () => {
    assert.throws(() => scopesFor(['nope' as FeatureId]), /unknown feature/);
  });

  test('featuresGranted accepts short and Graph-URL forms, case-insensitively', () => {
    const granted = ['https://graph.microsoft.com/User.Read', 'https://graph.microsoft.com/mail.readwrite', 'Calendars.ReadWrite', 'openid', 'profile', 'email'];
    assert.deepEqual(featuresGranted(granted).sort(), ['calendar', 'mail', 'signIn']);
  });

  test('a national-cloud Graph URL counts as Graph', () => {
    assert.deepEqual(featuresGranted(['https://graph.microsoft.us/User.Read', 'https://graph.microsoft.us/People.Read']).sort(), ['people', 'signIn']);
  });

  test('ReadWrite implies Read, never the reverse', () => {
    assert.deepEqual(missingScopes({ ...FEATURES[0], scopes: ['Mail.Read', 'Sites.Read.All'] }, ['Mail.ReadWrite', 'Sites.ReadWrite.All']), []);
    assert.deepEqual(missingScopes('mail', ['Mail.Read']), ['Mail.ReadWrite']);
    assert.deepEqual(missingScopes('mailboxSettings', ['MailboxSettings.ReadWrite']), []);
  });

  test('missingScopes lists what a declined feature still needs', () => {
    assert.deepEqual(missingScopes('sendMail', ['User.Read', 'Mail.ReadWrite']), ['Mail.Send']);
    assert.deepEqual(missingScopes('sharepoint', ['User.Read']), ['Sites.Read.All']);
    assert.deepEqual(missingScopes('sharepoint', ['Sites.Read.All']), []);
  });

  test('sign-in is granted without offline_access in the scope string (Microsoft does not echo it)', () => {
    assert.ok(featuresGranted(['User.Read', 'openid', 'profile', 'email']).includes('signIn'));
    assert.ok(!featuresGranted(['openid', 'profile', 'email']).includes('signIn'));
  });
});
