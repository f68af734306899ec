import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { USERS, startGraphHarness, type GraphHarness } from './graphHarness.js';
import { CONTACTS_RW, deltaRound, type Item } from './pimHarness.js';

interface Folder { id: string; displayName: string; parentFolderId: string; isDefault: boolean; totalContacts?: number }
interface Contact extends Item { displayName: string; parentFolderId: string; changeKey: string }

describe('sandbox control API: contacts "in Outlook"', () => {
  let h: GraphHarness;
  let ann: string;
  const C = `/control/contacts/${USERS.ann.userPrincipalName}`;
  before(async () => {
    h = await startGraphHarness();
    ann = h.token(USERS.ann, CONTACTS_RW);
    await h.ctl('PUT', '/control/delta/replays', { resource: 'contacts', mode: 'off', emptyPages: false });
  });
  after(() => h.close());

  test('folders: create (under the default or a given parent), rename, delete; Graph sees each change', async () => {
    const listed = await h.ctl<{ value: Folder[] }>('GET', `${C}/folders`);
    assert.equal(listed.status, 200);
    const def = listed.body.value[0]!;
    assert.deepEqual([def.displayName, def.isDefault], ['Contacts', true]);
    const made = await h.ctl<Folder>('POST', `${C}/folders`, { displayName: 'Partners' });
    assert.equal(made.status, 201);
    assert.equal(made.body.parentFolderId, def.id);
    const child = await h.ctl<Folder>('POST', `${C}/folders`, { displayName: 'EMEA', parentFolderId: made.body.id });
    assert.equal(child.body.parentFolderId, made.body.id);
    assert.equal((await h.ctl<Folder>('PATCH', `${C}/folders/${made.body.id}`, { displayName: 'Channel partners' })).body.displayName, 'Channel partners');
    const seen = await h.call<{ displayName: string }>('GET', `/v1.0/me/contactFolders/${made.body.id}`, ann);
    assert.equal(seen.body.displayName, 'Channel partners');
    assert.equal((await h.ctl('DELETE', `${C}/folders/${made.body.id}`)).status, 204);
    assert.equal((await h.call('GET', `/v1.0/me/contactFolders/${child.body.id}`, ann)).status, 404, 'subfolders go with it');
    assert.equal((await h.ctl('POST', `${C}/folders`, { displayName: '' })).status, 400);
    assert.equal((await h.ctl('DELETE', `${C}/folders/${def.id}`)).status, 400);
  });

  test('contacts: create, edit, delete "in Outlook" show in Graph and in the folder\'s delta; validation is Graph\'s', async () => {
    const folder = (await h.ctl<Folder>('POST', `${C}/folders`, { displayName: 'Leads' })).body;
    const base = await deltaRound(h, ann, `/v1.0/me/contactFolders/${folder.id}/contacts/delta`);
    const made = await h.ctl<Contact>('POST', `${C}/contacts`, { parentFolderId: folder.id, givenName: 'Aisha', surname: 'Haddad', emailAddresses: [{ address: 'aisha@northwind.test' }] });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.equal(made.body.parentFolderId, folder.id);
    const edited = await h.ctl<Contact>('PATCH', `${C}/contacts/${made.body.id}`, { companyName: 'Northwind' });
    assert.equal(edited.body.companyName, 'Northwind');
    assert.notEqual(edited.body.changeKey, made.body.changeKey);
    const viaGraph = await h.call<Contact>('GET', `/v1.0/me/contacts/${made.body.id}`, ann);
    assert.equal(viaGraph.body.changeKey, edited.body.changeKey);
    const inc = await deltaRound(h, ann, base.deltaLink);
    assert.deepEqual(inc.items.map((i) => [i.id, i.companyName]), [[made.body.id, 'Northwind']]);
    assert.equal((await h.ctl('DELETE', `${C}/contacts/${made.body.id}`)).status, 204);
    const removed = await deltaRound(h, ann, inc.deltaLink);
    assert.deepEqual(removed.items.map((i) => [i.id, i['@removed']?.reason]), [[made.body.id, 'deleted']]);
    const four = await h.ctl<{ error: { message: string } }>('POST', `${C}/contacts`, { givenName: 'Too', emailAddresses: ['a', 'b', 'c', 'd'].map((x) => ({ address: `${x}@x.test` })) });
    assert.equal(four.status, 400);
    assert.match(four.body.error.message, /max allowed value of 3/);
    assert.equal((await h.ctl('POST', '/control/contacts/nobody@nowhere.test/contacts', { givenName: 'X' })).status, 404);
    assert.equal((await h.ctl('PATCH', `${C}/contacts/AAMkAGI2unknown`, { givenName: 'X' })).status, 404);
    const inDefault = await h.ctl<Contact>('POST', `${C}/contacts`, { givenName: 'Default' });
    assert.equal(inDefault.body.parentFolderId, (await h.call<{ id: string }>('GET', '/v1.0/me/contactFolders/contacts', ann)).body.id);
  });

  test('bulk seed: 10,000 contacts across 3 folders in one go; each folder\'s delta pages through exactly its share', async () => {
    const bob = `/control/contacts/${USERS.bob.id}`;
    const g = await h.ctl<{ contacts: number; ms: number; folders: Folder[] }>('POST', `${bob}/generate`, { contacts: 10_000, folders: 3 });
    assert.equal(g.status, 200, JSON.stringify(g.body));
    assert.equal(g.body.folders.length, 3);
    assert.deepEqual(g.body.folders.map((f) => f.totalContacts), [3334, 3333, 3333]);
    assert.ok(g.body.ms < 20_000, `took ${g.body.ms} ms`);
    const token = h.token(USERS.bob, CONTACTS_RW);
    let total = 0;
    for (const f of g.body.folders) {
      const r = await deltaRound(h, token, `/v1.0/me/contactFolders/${f.id}/contacts/delta?$select=displayName`, { Prefer: 'odata.maxpagesize=1000' });
      assert.equal(new Set(r.items.map((i) => i.id)).size, f.totalContacts, f.displayName);
      total += r.items.length;
    }
    assert.equal(total, 10_000);
    const again = await h.ctl<{ folders: Folder[] }>('POST', `${bob}/generate`, { contacts: 3, folders: 3 });
    assert.deepEqual(again.body.folders.map((f) => f.id), g.body.folders.map((f) => f.id), 'generated folders are reused');
    assert.equal((await h.ctl('POST', `${bob}/generate`, { contacts: -1 })).status, 400);
  });
});
