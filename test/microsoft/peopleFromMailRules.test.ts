/** Who a message makes a person for, without a database: the rules people-from-mail applies. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { displayName, isPublicDomain, isRobotAddress } from '../../src/microsoft/sync/mail/people/addressRules.js';
import { candidatesOf, type Mailbox, type ScannedEmail } from '../../src/microsoft/sync/mail/people/candidates.js';
import { companyNameOf } from '../../src/microsoft/sync/mail/people/companyDomains.js';
import { widens } from '../../src/microsoft/sync/mail/people/settings.js';

const mailbox: Mailbox = { own: new Set(['ann@contoso.test']), domain: 'contoso.test', sentFolders: new Set(['SENT']) };
const email = (folder: string, from: string, to: Array<[string, string, string?]>): ScannedEmail => ({
  folder_graph_id: folder, from_name: null, from_address: from,
  recipients: JSON.stringify(to.map(([address, kind, name]) => ({ name: name ?? null, address, kind }))),
});

describe('people from mail: the rules', () => {
  test('robots by local part, as words', () => {
    for (const a of ['noreply@x.test', 'no-reply@x.test', 'no_reply@x.test', 'donotreply@x.test', 'do-not-reply@x.test', 'dont.reply@x.test', 'info.noreply@x.test',
      'mailer-daemon@x.test', 'postmaster@x.test', 'bounce@x.test', 'bounces+abc@x.test', 'notifications@x.test', 'notification@x.test', 'newsletter@x.test']) {
      assert.equal(isRobotAddress(a), true, a);
    }
    for (const a of ['nora.reply@x.test', 'reply@x.test', 'alerton@x.test', 'jane@x.test', 'noah@x.test', 'bouncer.bob@x.test']) assert.equal(isRobotAddress(a), false, a);
  });

  test('public mail domains come from the package list', () => {
    for (const d of ['gmail.com', 'outlook.com', 'hotmail.com', 'yahoo.com', 'icloud.com', 'gmx.de']) assert.equal(isPublicDomain(d), true, d);
    assert.equal(isPublicDomain('contoso.com'), false);
  });

  test('names: the one mail carried, unless it is an address or blank', () => {
    assert.equal(displayName("'Jane Doe'", 'jane@x.test'), 'Jane Doe');
    assert.equal(displayName('JANE@x.test', 'jane@x.test'), null);
    assert.equal(displayName('  ', 'jane@x.test'), null);
  });

  test('company names from domains', () => {
    assert.equal(companyNameOf('contoso.com'), 'Contoso');
    assert.equal(companyNameOf('mail.fabrikam.com'), 'Fabrikam');
    assert.equal(companyNameOf('acme.co.uk'), 'Acme');
  });

  test("'sent': To and Cc of sent mail, never Bcc, the owner, colleagues or robots; received mail is ignored", () => {
    const got = candidatesOf([
      email('SENT', 'ann@contoso.test', [['dana@fabrikam.test', 'to', 'Dana'], ['eli@fabrikam.test', 'cc'], ['bcc@fabrikam.test', 'bcc'], ['bob@contoso.test', 'to'], ['ann@contoso.test', 'cc'], ['noreply@fabrikam.test', 'to']]),
      email('INBOX', 'frank@fabrikam.test', [['ann@contoso.test', 'to'], ['hal@fabrikam.test', 'cc']]),
    ], { mode: 'sent', includeColleagues: false }, mailbox);
    assert.deepEqual([...got.entries()].sort(), [['dana@fabrikam.test', 'Dana'], ['eli@fabrikam.test', null]]);
  });

  test("'all' adds senders and others on received mail; colleagues only when asked; an alias the owner sends from is theirs", () => {
    const mails = [
      email('SENT', 'ann.alias@other.test', [['dana@fabrikam.test', 'to']]),
      email('INBOX', 'frank@fabrikam.test', [['ann.alias@other.test', 'to'], ['hal@fabrikam.test', 'cc'], ['bob@contoso.test', 'cc']]),
      email('INBOX', 'no-reply@shop.test', [['ann@contoso.test', 'to']]),
    ];
    assert.deepEqual([...candidatesOf(mails, { mode: 'all', includeColleagues: false }, mailbox).keys()].sort(), ['dana@fabrikam.test', 'frank@fabrikam.test', 'hal@fabrikam.test']);
    assert.deepEqual([...candidatesOf(mails, { mode: 'all', includeColleagues: true }, mailbox).keys()].sort(), ['bob@contoso.test', 'dana@fabrikam.test', 'frank@fabrikam.test', 'hal@fabrikam.test']);
    assert.equal(candidatesOf(mails, { mode: 'off', includeColleagues: true }, mailbox).size, 0);
  });

  test('a setting that lets more through widens; one that lets fewer does not', () => {
    assert.equal(widens({ mode: 'off', includeColleagues: false }, { mode: 'sent', includeColleagues: false }), true);
    assert.equal(widens({ mode: 'sent', includeColleagues: false }, { mode: 'all', includeColleagues: false }), true);
    assert.equal(widens({ mode: 'all', includeColleagues: false }, { mode: 'all', includeColleagues: true }), true);
    assert.equal(widens({ mode: 'all', includeColleagues: true }, { mode: 'sent', includeColleagues: true }), false);
    assert.equal(widens({ mode: 'sent', includeColleagues: false }, { mode: 'off', includeColleagues: true }), false);
  });
});
