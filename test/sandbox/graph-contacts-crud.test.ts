import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { USERS, startGraphHarness, type GraphHarness } from './graphHarness.js';
import { CONTACTS_RW, assertAccessDenied, created, type GraphErr, type Item } from './pimHarness.js';

interface Folder { id: string; displayName: string; parentFolderId: string }
interface Contact extends Item {
  displayName: string; givenName: string | null; surname: string | null; changeKey: string; '@odata.etag': string; parentFolderId: string;
  emailAddresses: Array<{ name: string; address: string }>; businessPhones: string[]; homePhones: string[]; mobilePhone: string | null;
  companyName: string | null; jobTitle: string | null; personalNotes: string; createdDateTime: string; lastModifiedDateTime: string;
}

const pavel = { givenName: 'Pavel', surname: 'Bansky', emailAddresses: [{ address: 'pavelb@contoso.com', name: 'Pavel Bansky' }], businessPhones: ['+1 732 555 0102'] };

describe('sandbox Graph contacts: folders and contact CRUD', () => {
  let h: GraphHarness;
  let ann: string;
  let def: Folder;
  before(async () => {
    h = await startGraphHarness();
    ann = h.token(USERS.ann, CONTACTS_RW);
    def = (await h.call<Folder>('GET', '/v1.0/me/contactFolders/contacts', ann)).body;
  });
  after(() => h.close());

  test('the default folder is "Contacts", reached as contacts or by id; /contactFolders lists only the folders inside it', async () => {
    assert.equal(def.displayName, 'Contacts');
    assert.match(def.id, /^[A-Za-z0-9_-]{60,}=*$/);
    assert.equal((await h.call<Folder>('GET', `/v1.0/me/contactFolders/${def.id}`, ann)).body.id, def.id);
    assert.equal((await h.call<Folder>('GET', "/v1.0/me/contactFolders('contacts')", ann)).body.id, def.id);
    const empty = await h.call<{ value: Folder[] }>('GET', '/v1.0/me/contactFolders', ann);
    assert.deepEqual(empty.body.value, []);
    const customers = await created<Folder>(h, ann, '/v1.0/me/contactFolders', { displayName: 'Customers' });
    assert.equal(customers.parentFolderId, def.id);
    const dup = await h.call<GraphErr>('POST', '/v1.0/me/contactFolders', ann, { body: { displayName: 'customers' } });
    assert.equal(dup.status, 400);
    assert.equal(dup.body.error.code, 'ErrorFolderExists');
    const vip = await created<Folder>(h, ann, `/v1.0/me/contactFolders/${customers.id}/childFolders`, { displayName: 'VIP' });
    assert.equal(vip.parentFolderId, customers.id);
    const listed = await h.call<{ value: Folder[] }>('GET', '/v1.0/me/contactFolders', ann);
    assert.deepEqual(listed.body.value.map((f) => f.displayName), ['Customers'], 'child folders are not flattened into the list');
    const children = await h.call<{ value: Folder[] }>('GET', `/v1.0/me/contactFolders/${customers.id}/childFolders`, ann);
    assert.deepEqual(children.body.value.map((f) => f.id), [vip.id]);
    const other = h.token(USERS.bob, CONTACTS_RW);
    assert.equal((await h.call<GraphErr>('GET', `/v1.0/me/contactFolders/${customers.id}`, other)).status, 404, 'another user\'s folder is not found');
  });

  test('create on /me/contacts goes to the default folder and answers every property; GET, list and the folder list agree', async () => {
    const c = await created<Contact>(h, ann, '/v1.0/me/contacts', { ...pavel, homePhones: ['+1 555 0100'], mobilePhone: '+1 555 0199', companyName: 'Contoso', jobTitle: 'Buyer', personalNotes: 'Prefers mornings' });
    assert.equal(c.parentFolderId, def.id);
    assert.equal(c.displayName, 'Pavel Bansky', 'composed from givenName and surname');
    assert.deepEqual(c.emailAddresses, [{ name: 'Pavel Bansky', address: 'pavelb@contoso.com' }]);
    assert.deepEqual([c.businessPhones, c.homePhones, c.mobilePhone, c.companyName, c.jobTitle, c.personalNotes],
      [['+1 732 555 0102'], ['+1 555 0100'], '+1 555 0199', 'Contoso', 'Buyer', 'Prefers mornings']);
    assert.match(c.id, /^AAMkAGI2[A-Za-z0-9_-]{140}AAA=$/);
    assert.match(c.changeKey, /^EQAAABYAAAD/);
    assert.equal(c['@odata.etag'], `W/"${c.changeKey}"`);
    assert.match(c.createdDateTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(c.lastModifiedDateTime, c.createdDateTime);
    for (const k of ['middleName', 'nickName', 'birthday', 'department', 'officeLocation']) assert.equal(c[k], null, k);
    assert.deepEqual([c.imAddresses, c.children, c.homeAddress, c.categories], [[], [], {}, []]);
    const got = await h.call<Contact>('GET', `/v1.0/me/contacts/${c.id}`, ann);
    assert.equal(got.status, 200);
    assert.deepEqual({ ...got.body, '@odata.context': undefined }, { ...c, '@odata.context': undefined });
    const list = await h.call<{ value: Contact[] }>('GET', '/v1.0/me/contacts', ann);
    assert.ok(list.body.value.some((x) => x.id === c.id));
    const viaFolder = await h.call<Contact>('GET', `/v1.0/me/contactFolders/contacts/contacts/${c.id}`, ann);
    assert.equal(viaFolder.status, 200);
  });

  test('a contact created in a folder lives there only: /me/contacts is the default folder', async () => {
    const f = await created<Folder>(h, ann, '/v1.0/me/contactFolders', { displayName: 'Suppliers' });
    const c = await created<Contact>(h, ann, `/v1.0/me/contactFolders/${f.id}/contacts`, { givenName: 'Sven', surname: 'Andersen' });
    assert.equal(c.parentFolderId, f.id);
    const inFolder = await h.call<{ value: Contact[] }>('GET', `/v1.0/me/contactFolders/${f.id}/contacts`, ann);
    assert.deepEqual(inFolder.body.value.map((x) => x.id), [c.id]);
    const defaults = await h.call<{ value: Contact[] }>('GET', '/v1.0/me/contacts?$top=1000', ann);
    assert.ok(!defaults.body.value.some((x) => x.id === c.id));
    assert.equal((await h.call('GET', `/v1.0/me/contacts/${c.id}`, ann)).status, 200, 'by id from /me/contacts, whatever its folder');
    assert.equal((await h.call('GET', `/v1.0/me/contactFolders/contacts/contacts/${c.id}`, ann)).status, 404, 'not under another folder');
  });

  test('at most 3 emailAddresses (and 2 business or home phones): more is 400 and changes nothing', async () => {
    const three = [1, 2, 3].map((i) => ({ address: `p${i}@fabrikam.test` }));
    const ok = await created<Contact>(h, ann, '/v1.0/me/contacts', { givenName: 'Three', emailAddresses: three });
    assert.deepEqual(ok.emailAddresses.map((e) => e.name), three.map((e) => e.address), 'a missing name is the address');
    const four = await h.call<GraphErr>('POST', '/v1.0/me/contacts', ann, { body: { givenName: 'Four', emailAddresses: [...three, { address: 'p4@fabrikam.test' }] } });
    assert.equal(four.status, 400);
    assert.match(four.body.error.message, /EmailAddresses has 4 entries, that exceeds the max allowed value of 3/);
    const patch = await h.call<GraphErr>('PATCH', `/v1.0/me/contacts/${ok.id}`, ann, { body: { emailAddresses: [...three, { address: 'p4@fabrikam.test' }] } });
    assert.equal(patch.status, 400);
    const after = await h.call<Contact>('GET', `/v1.0/me/contacts/${ok.id}`, ann);
    assert.equal(after.body.changeKey, ok.changeKey);
    assert.equal(after.body.emailAddresses.length, 3);
    const phones = await h.call<GraphErr>('POST', '/v1.0/me/contacts', ann, { body: { givenName: 'P', businessPhones: ['1', '2', '3'] } });
    assert.equal(phones.status, 400);
    assert.match(phones.body.error.message, /BusinessPhones has 3 entries/);
    const names = await h.call<{ value: Contact[] }>('GET', '/v1.0/me/contacts?$top=1000&$select=givenName', ann);
    assert.ok(!names.body.value.some((c) => c.givenName === 'Four' || c.givenName === 'P'), 'refused creates left nothing behind');
  });

  test('PATCH: new changeKey and lastModifiedDateTime; a composed displayName follows the names, an explicit one stays', async () => {
    const c = await created<Contact>(h, ann, '/v1.0/me/contacts', { givenName: 'Olivia', surname: 'Garcia' });
    h.advanceClock(2000);
    const r = await h.call<Contact>('PATCH', `/v1.0/me/contacts/${c.id}`, ann, { body: { surname: 'Smith', jobTitle: 'CTO' } });
    assert.equal(r.status, 200);
    assert.equal(r.body.displayName, 'Olivia Smith');
    assert.equal(r.body.jobTitle, 'CTO');
    assert.notEqual(r.body.changeKey, c.changeKey);
    assert.ok(r.body.lastModifiedDateTime > c.lastModifiedDateTime);
    assert.equal(r.body.createdDateTime, c.createdDateTime);
    const named = await h.call<Contact>('PATCH', `/v1.0/me/contacts/${c.id}`, ann, { body: { displayName: 'Liv' } });
    assert.equal(named.body.displayName, 'Liv');
    const renamed = await h.call<Contact>('PATCH', `/v1.0/me/contacts/${c.id}`, ann, { body: { givenName: 'Olive' } });
    assert.equal(renamed.body.displayName, 'Liv');
    assert.equal(renamed.body.givenName, 'Olive');
  });

  test('a stale change key (If-Match or changeKey in the body) gets 412 ErrorIrresolvableConflict and changes nothing', async () => {
    const c = await created<Contact>(h, ann, '/v1.0/me/contacts', { givenName: 'Nora' });
    const v2 = (await h.call<Contact>('PATCH', `/v1.0/me/contacts/${c.id}`, ann, { body: { surname: 'Novak' }, headers: { 'If-Match': c['@odata.etag'] } })).body;
    assert.equal(v2.surname, 'Novak');
    const stale = await h.call<GraphErr>('PATCH', `/v1.0/me/contacts/${c.id}`, ann, { body: { surname: 'Park' }, headers: { 'If-Match': c['@odata.etag'] } });
    assert.equal(stale.status, 412);
    assert.equal(stale.body.error.code, 'ErrorIrresolvableConflict');
    const staleBody = await h.call<GraphErr>('PATCH', `/v1.0/me/contacts/${c.id}`, ann, { body: { surname: 'Park', changeKey: c.changeKey } });
    assert.equal(staleBody.status, 412);
    const staleDelete = await h.call<GraphErr>('DELETE', `/v1.0/me/contacts/${c.id}`, ann, { headers: { 'If-Match': c['@odata.etag'] } });
    assert.equal(staleDelete.status, 412);
    assert.equal((await h.call<Contact>('GET', `/v1.0/me/contacts/${c.id}`, ann)).body.surname, 'Novak');
    assert.equal((await h.call('PATCH', `/v1.0/me/contacts/${c.id}`, ann, { body: { surname: 'Park' }, headers: { 'If-Match': '*' } })).status, 200);
  });

  test('DELETE is 204, then 404 ErrorItemNotFound; deleting a folder takes its contacts; the default folder cannot be deleted', async () => {
    const c = await created<Contact>(h, ann, '/v1.0/me/contacts', { givenName: 'Gone' });
    assert.equal((await h.call('DELETE', `/v1.0/me/contacts/${c.id}`, ann)).status, 204);
    const gone = await h.call<GraphErr>('GET', `/v1.0/me/contacts/${c.id}`, ann);
    assert.equal(gone.status, 404);
    assert.equal(gone.body.error.code, 'ErrorItemNotFound');
    const f = await created<Folder>(h, ann, '/v1.0/me/contactFolders', { displayName: 'Temp' });
    const inside = await created<Contact>(h, ann, `/v1.0/me/contactFolders/${f.id}/contacts`, { givenName: 'Inside' });
    const renamed = await h.call<Folder>('PATCH', `/v1.0/me/contactFolders/${f.id}`, ann, { body: { displayName: 'Temporary' } });
    assert.equal(renamed.body.displayName, 'Temporary');
    assert.equal((await h.call('DELETE', `/v1.0/me/contactFolders/${f.id}`, ann)).status, 204);
    assert.equal((await h.call('GET', `/v1.0/me/contacts/${inside.id}`, ann)).status, 404);
    const refused = await h.call<GraphErr>('DELETE', `/v1.0/me/contactFolders/${def.id}`, ann);
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error.code, 'ErrorDeleteDistinguishedFolder');
  });

  test('$select, $top/$skip paging; unknown properties and unsupported options are 400', async () => {
    const f = await created<Folder>(h, ann, '/v1.0/me/contactFolders', { displayName: 'Paging' });
    for (let i = 0; i < 5; i++) await created(h, ann, `/v1.0/me/contactFolders/${f.id}/contacts`, { givenName: `P${i}` });
    const page = await h.call<{ value: Contact[]; '@odata.nextLink'?: string }>('GET', `/v1.0/me/contactFolders/${f.id}/contacts?$top=3&$select=givenName,emailAddresses`, ann);
    assert.deepEqual(page.body.value.map((c) => c.givenName), ['P0', 'P1', 'P2']);
    assert.deepEqual(Object.keys(page.body.value[0]!).sort(), ['@odata.etag', 'emailAddresses', 'givenName', 'id']);
    const rest = await h.call<{ value: Contact[]; '@odata.nextLink'?: string }>('GET', page.body['@odata.nextLink']!, ann);
    assert.deepEqual(rest.body.value.map((c) => c.givenName), ['P3', 'P4']);
    assert.equal(rest.body['@odata.nextLink'], undefined);
    const unknown = await h.call<GraphErr>('POST', '/v1.0/me/contacts', ann, { body: { givenName: 'X', favouriteColour: 'blue' } });
    assert.equal(unknown.status, 400);
    assert.match(unknown.body.error.message, /favouriteColour/);
    assert.equal((await h.call('GET', '/v1.0/me/contacts?$select=nonsense', ann)).status, 400);
    assert.equal((await h.call('GET', "/v1.0/me/contacts?$filter=givenName%20eq%20'P1'", ann)).status, 400);
  });

  test('scopes: Contacts.Read reads but cannot write; a token without Contacts.* gets Graph\'s 403 everywhere', async () => {
    const c = await created<Contact>(h, ann, '/v1.0/me/contacts', { givenName: 'Scoped' });
    const reader = h.token(USERS.ann, ['Contacts.Read']);
    assert.equal((await h.call('GET', `/v1.0/me/contacts/${c.id}`, reader)).status, 200);
    assert.equal((await h.call('GET', '/v1.0/me/contactFolders', reader)).status, 200);
    assertAccessDenied(await h.call('POST', '/v1.0/me/contacts', reader, { body: { givenName: 'No' } }), 'create with Contacts.Read');
    assertAccessDenied(await h.call('PATCH', `/v1.0/me/contacts/${c.id}`, reader, { body: { givenName: 'No' } }), 'patch with Contacts.Read');
    assertAccessDenied(await h.call('DELETE', `/v1.0/me/contacts/${c.id}`, reader), 'delete with Contacts.Read');
    assertAccessDenied(await h.call('POST', '/v1.0/me/contactFolders', reader, { body: { displayName: 'No' } }), 'folder with Contacts.Read');
    const mailOnly = h.token(USERS.ann, ['Mail.ReadWrite', 'Calendars.ReadWrite', 'Tasks.ReadWrite']);
    for (const path of ['/v1.0/me/contacts', `/v1.0/me/contacts/${c.id}`, '/v1.0/me/contactFolders', '/v1.0/me/contactFolders/contacts/contacts/delta']) {
      assertAccessDenied(await h.call('GET', path, mailOnly), path);
    }
    assert.equal((await h.call<Contact>('GET', `/v1.0/me/contacts/${c.id}`, ann)).body.givenName, 'Scoped');
  });

  test('faults, throttling and call counting apply to contact routes as to every Outlook route', async () => {
    await h.ctl('POST', '/control/mail/faults', { mailbox: USERS.ann.id, status: 503, count: 1, retryAfter: 2 });
    const failed = await h.call<GraphErr>('GET', '/v1.0/me/contacts', ann);
    assert.equal(failed.status, 503);
    assert.equal(failed.headers['retry-after'], '2');
    assert.equal((await h.call('GET', '/v1.0/me/contacts', ann)).status, 200);
    await h.ctl('PUT', '/control/mail/throttling', { requestBudget: 1 });
    try {
      const bob = h.token(USERS.bob, CONTACTS_RW);
      assert.equal((await h.call('GET', '/v1.0/me/contactFolders', bob)).status, 200);
      const throttled = await h.call<GraphErr>('GET', '/v1.0/me/contactFolders', bob);
      assert.equal(throttled.status, 429);
      assert.ok(Number(throttled.headers['retry-after']) > 0);
    } finally {
      await h.ctl('PUT', '/control/mail/throttling', { requestBudget: 10_000 });
    }
    const stats = await h.ctl<{ callsByEndpoint: Record<string, number> }>('GET', '/control/mail/stats');
    assert.ok((stats.body.callsByEndpoint['GET /me/contacts'] ?? 0) >= 2);
  });
});
