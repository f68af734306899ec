/**
 * A person's timeline fills itself: creating a person, or adding an address, links the emails
 * already synced with that address (a local query, no Graph); removing the address unlinks them.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { signUp } from '../../src/crm/accounts.js';
import { companyTimeline, personTimeline } from '../../src/crm/activities.js';
import { createCompany } from '../../src/crm/companies.js';
import { onPersonAddressesChanged } from '../../src/crm/personAddresses.js';
import { createPerson, deletePerson, updatePerson } from '../../src/crm/people.js';
import { registerTimelineSource } from '../../src/crm/timelineSources.js';
import type { GraphClient } from '../../src/microsoft/graph/client.js';
import type { DeltaItem, SyncContext } from '../../src/microsoft/sync/contract.js';
import { mailResource } from '../../src/microsoft/sync/mail/mailResource.js';
import { relinkPersonEmails } from '../../src/microsoft/sync/mail/personLinks.js';
import { mailTimelineSource } from '../../src/microsoft/sync/mail/timeline.js';
import { DB_KINDS, openTestDatabase } from '../helpers/db.js';

const from = (id: string, address: string, to: string[] = []): DeltaItem => ({
  id, subject: `subject ${id}`, from: { emailAddress: { name: 'X', address } }, toRecipients: to.map((a) => ({ emailAddress: { name: 'Y', address: a } })),
  receivedDateTime: `2024-05-01T10:00:0${id.slice(-1)}Z`, isRead: false, bodyPreview: 'hi',
});

for (const kind of DB_KINDS) {
  describe(`linking synced emails when a person's addresses change (${kind})`, () => {
    test('create, add, remove an address, delete the person', async () => {
      const database = await openTestDatabase(kind);
      try {
        const db = database.db;
        registerTimelineSource('mail', mailTimelineSource);
        onPersonAddressesChanged('mail', relinkPersonEmails);
        const { user, workspace } = await signUp(db, { email: 'owner@example.test', password: 'correct horse battery', name: 'Owner' });
        const ctx: SyncContext = { db, graph: {} as GraphClient, account: { id: 'acc-1', userId: user.id, workspaceId: workspace.id } };
        // Synced before anyone in the CRM had these addresses: nothing is linked.
        await db.transaction().execute((trx) => mailResource().applyPage(trx, ctx, { key: 'inbox', name: 'Inbox' }, [
          from('m1', 'grace_h@navy.example'), from('m2', 'other@example.test', ['GRACE_H@navy.example']), from('m3', 'grace@work.example'),
          from('m4', 'graceXh@navy.example'),
        ], null));
        const titles = async (personId: string) => (await personTimeline(db, workspace.id, personId, { limit: 50 }, user.id)).items.map((a) => a.title).sort();

        const grace = await createPerson(db, workspace.id, { name: 'Grace Hopper', emails: ['grace_h@navy.example'] });
        assert.deepEqual(await titles(grace.id), ['subject m1', 'subject m2'], 'from and to the address, in any case; "_" is not a wildcard');

        await updatePerson(db, workspace.id, grace.id, { emails: ['grace_h@navy.example', 'grace@work.example'] });
        assert.deepEqual(await titles(grace.id), ['subject m1', 'subject m2', 'subject m3'], 'the added address brings its mail');

        const navy = await createCompany(db, workspace.id, { name: 'Navy' });
        await updatePerson(db, workspace.id, grace.id, { companyId: navy.id });
        await createPerson(db, workspace.id, { name: 'Other', emails: ['other@example.test'], companyId: navy.id });
        const companyTitles = (await companyTimeline(db, workspace.id, navy.id, { limit: 50 }, user.id)).items.map((a) => a.title).sort();
        assert.deepEqual(companyTitles, ['subject m1', 'subject m2', 'subject m3'], "the company's timeline has its people's mail, each email once");

        await updatePerson(db, workspace.id, grace.id, { emails: ['grace@work.example'] });
        assert.deepEqual(await titles(grace.id), ['subject m3'], 'the removed address takes its mail away');

        await deletePerson(db, workspace.id, grace.id);
        const left = await db.selectFrom('email_people').select('person_id').where('person_id', '=', grace.id).execute();
        assert.deepEqual(left, [], 'no links left for a deleted person');
      } finally {
        await database.close();
      }
    });
  });
}
