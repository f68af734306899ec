import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { control, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

interface Contact { displayName: string; parentFolderId: string; emailAddresses: Array<{ address: string }> }
interface Folder { id: string; displayName: string; isDefault: boolean }
interface Task { title: string; status: string; listId: string; linkedResources: Array<{ externalId: string }> }

describe('sandbox demo seed: contacts and To Do', () => {
  let sb: TestSandbox;
  before(async () => {
    sb = await startTestSandbox({ seedDemo: true });
  });
  after(() => sb.close());

  test('each demo user has a few contacts (the people they mail with most among them) in Contacts and a "Customers" folder', async () => {
    assert.equal(sb.seeded, true);
    for (const upn of ['adele@contoso.onmicrosoft.com', 'megan@fabrikam.onmicrosoft.com']) {
      const folders = (await control<{ value: Folder[] }>(sb, 'GET', `/control/contacts/${upn}/folders`)).value;
      assert.deepEqual(folders.map((f) => [f.displayName, f.isDefault]), [['Contacts', true], ['Customers', false]]);
      const contacts = (await control<{ value: Contact[] }>(sb, 'GET', `/control/contacts/${upn}/contacts`)).value;
      const inDefault = contacts.filter((c) => c.parentFolderId === folders[0]!.id);
      assert.equal(inDefault.length, 6, upn);
      assert.equal(contacts.length - inDefault.length, 2, upn);
      const user = sb.context.directory.userByEmail(upn)!;
      const top = sb.context.db.prepare('SELECT address FROM gm_correspondent WHERE user_id = ? ORDER BY sent_to + received_from DESC LIMIT 1').get(user.id) as { address: string };
      assert.ok(contacts.some((c) => c.emailAddresses.some((e) => e.address === top.address)), `${upn}: their most frequent correspondent is a contact`);
    }
  });

  test('each demo user has the built-in Tasks list with a few tasks, one done and one linked back to a CRM record', async () => {
    const tasks = (await control<{ value: Task[] }>(sb, 'GET', '/control/todo/alex@contoso.onmicrosoft.com/tasks')).value;
    assert.equal(tasks.length, 4);
    assert.equal(new Set(tasks.map((t) => t.listId)).size, 1);
    assert.deepEqual(tasks.map((t) => t.status).sort(), ['completed', 'notStarted', 'notStarted', 'waitingOnOthers']);
    assert.ok(tasks.some((t) => t.linkedResources.some((l) => l.externalId === 'deal-1001')));
  });
});
