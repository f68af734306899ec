/**
 * One contacts page applied set-based (PagePeople): what a contact does is seen by the later
 * contacts of the same page, so matches, new people and address moves within one page come out as
 * they would one contact at a time, and the page's writes never trip the unique address rule.
 * Mail already synced follows the addresses that moved (one relink for the page).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { signUp } from '../../src/crm/accounts.js';
import { onPersonAddressesChanged } from '../../src/crm/personAddresses.js';
import { createPerson, getPerson } from '../../src/crm/people.js';
import type { GraphClient } from '../../src/microsoft/graph/client.js';
import { applyContacts, changedPeople } from '../../src/microsoft/sync/contacts/applyContacts.js';
import type { DeltaItem, SyncContext } from '../../src/microsoft/sync/contract.js';
import { mailResource } from '../../src/microsoft/sync/mail/mailResource.js';
import { relinkPersonEmails } from '../../src/microsoft/sync/mail/personLinks.js';
import { DB_KINDS, openTestDatabase } from '../helpers/db.js';

let version = 0;
const contact = (id: string, name: string, emails: string[], extra: Record<string, unknown> = {}): DeltaItem => ({
  id, displayName: name, emailAddresses: emails.map((address) => ({ address })), changeKey: `ck-${++version}`,
  lastModifiedDateTime: '2026-12-01T10:00:00Z', ...extra,
});

for (const kind of DB_KINDS) {
  describe(`a contacts page applied set-based (${kind})`, () => {
    test('matches, new people and address moves within one page; mail follows the moved address', async () => {
      const database = await openTestDatabase(kind);
      try {
        const db = database.db;
        onPersonAddressesChanged('mail', relinkPersonEmails);
        const { user, workspace } = await signUp(db, { email: 'owner@example.test', password: 'correct horse battery', name: 'Owner' });
        const ws = workspace.id;
        const ctx: SyncContext = { db, graph: {} as GraphClient, account: { id: 'acc-1', userId: user.id, workspaceId: ws } };
        const apply = (items: DeltaItem[]) => db.transaction().execute((trx) => applyContacts(trx, ctx, 'folder-1', items, null));
        const linkOf = async (graphId: string) => (await db.selectFrom('microsoft_links').select('record_id').where('graph_id', '=', graphId).executeTakeFirstOrThrow()).record_id;
        const count = async () => Number((await db.selectFrom('people').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', ws).executeTakeFirstOrThrow()).n);

        const known = await createPerson(db, ws, { name: 'Known Person', emails: ['a@x.test'] });
        const first = await apply([
          contact('c1', 'C One', ['A@X.test'], { jobTitle: 'CTO' }),
          contact('c2', 'C Two', ['b@x.test']),
          // Matches the person c2 made earlier in this page.
          contact('c3', 'C Three', ['b@x.test', 'c@x.test']),
          // Matches the known person again, after c1 filled them in.
          contact('c4', 'C Four', ['a@x.test', 'd@x.test'], { jobTitle: 'CEO' }),
        ]);
        assert.equal(await count(), 2, 'one new person, no duplicate');
        assert.equal(await linkOf('c1'), known.id);
        assert.equal(await linkOf('c4'), known.id);
        assert.equal(await linkOf('c3'), await linkOf('c2'));
        const k = await getPerson(db, ws, known.id);
        assert.deepEqual(k.emails, ['a@x.test', 'd@x.test']);
        assert.equal(k.jobTitle, 'CTO', 'the first fill-in took the empty field; the later match found it filled');
        assert.deepEqual(changedPeople.get(first), { updated: [known.id], created: [await linkOf('c2')], companies: [] });

        // Two linked contacts: q@x moves from one to the other within one page.
        await apply([contact('d1', 'Quinn', ['q@x.test']), contact('d2', 'Rae', ['r@x.test'])]);
        const [quinn, rae] = [await linkOf('d1'), await linkOf('d2')];
        await db.transaction().execute((trx) => mailResource().applyPage(trx, { ...ctx }, { key: 'inbox', name: 'Inbox' }, [{
          id: 'm1', subject: 'from q', from: { emailAddress: { name: 'Q', address: 'q@x.test' } }, toRecipients: [], receivedDateTime: '2026-12-01T09:00:00Z', isRead: false, bodyPreview: '',
        }], null));
        const mailOf = async (personId: string) => (await db.selectFrom('email_people').select('email_id').where('person_id', '=', personId).execute()).length;
        assert.equal(await mailOf(quinn), 1);
        const moved = await apply([contact('d1', 'Quinn', ['q2@x.test']), contact('d2', 'Rae', ['r@x.test', 'q@x.test'])]);
        assert.deepEqual((await getPerson(db, ws, quinn)).emails, ['q2@x.test']);
        assert.deepEqual((await getPerson(db, ws, rae)).emails, ['r@x.test', 'q@x.test']);
        assert.deepEqual(changedPeople.get(moved)?.updated.sort(), [quinn, rae].sort());
        assert.equal(await mailOf(quinn), 0, 'the mail left with the address');
        assert.equal(await mailOf(rae), 1, 'and reached its new holder');

        // The same version again changes nobody (nothing to publish).
        const again = await apply([contact('d2', 'Rae', ['r@x.test', 'q@x.test'])]);
        assert.deepEqual(changedPeople.get(again), { updated: [], created: [], companies: [] });
      } finally {
        await database.close();
      }
    });
  });
}
