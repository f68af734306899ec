import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DB_KINDS } from '../helpers/db.js';
import { ApiClient, startTestServer, type TestServer } from '../helpers/server.js';

interface Person { id: string; name: string; emails: string[]; phones: string[]; companyId: string | null }

for (const kind of DB_KINDS) {
  describe(`people API (${kind})`, () => {
    let server: TestServer;
    let c: ApiClient;
    before(async () => {
      server = await startTestServer({ kind });
      c = new ApiClient(server.url);
      await c.signup();
    });
    after(async () => {
      await server.close();
    });

    test('create, read, update, delete', async () => {
      const created = await c.request<Person>('POST', '/api/people', {
        name: ' Linus Pauling ', emails: ['Linus@Caltech.test', 'linus@caltech.test', 'lp@home.test'], phones: ['+1 555 0100'], jobTitle: 'Chemist',
      });
      assert.equal(created.status, 201);
      assert.equal(created.body.name, 'Linus Pauling');
      assert.deepEqual(created.body.emails, ['linus@caltech.test', 'lp@home.test'], 'normalized lowercase, deduplicated, order kept');
      assert.deepEqual(created.body.phones, ['+1 555 0100']);
      const id = created.body.id;
      assert.deepEqual((await c.request('GET', `/api/people/${id}`)).body, created.body);
      const patched = await c.request<Person>('PATCH', `/api/people/${id}`, { jobTitle: null, emails: ['lp@home.test'] });
      assert.equal(patched.status, 200);
      assert.deepEqual(patched.body.emails, ['lp@home.test']);
      assert.equal((patched.body as unknown as { jobTitle: null }).jobTitle, null);
      assert.equal(patched.body.name, 'Linus Pauling', 'fields not sent are kept');
      assert.equal((await c.request('DELETE', `/api/people/${id}`)).status, 204);
      assert.equal((await c.request('GET', `/api/people/${id}`)).status, 404);
      assert.equal((await c.request('DELETE', `/api/people/${id}`)).status, 404);
      // Deleting freed the address.
      assert.equal((await c.request('POST', '/api/people', { name: 'Reuse', emails: ['lp@home.test'] })).status, 201);
    });

    test('no two people in a workspace share an email: 409 naming the address and the owner', async () => {
      const first = await c.request<Person>('POST', '/api/people', { name: 'Marie', emails: ['marie@curie.test'] });
      const clash = await c.request('POST', '/api/people', { name: 'Impostor', emails: ['other@x.test', 'MARIE@curie.test'] });
      assert.equal(clash.status, 409);
      assert.equal(clash.body.error.code, 'conflict');
      assert.match(clash.body.error.message, /marie@curie\.test/);
      assert.match(clash.body.error.message, new RegExp(first.body.id));
      const second = await c.request<Person>('POST', '/api/people', { name: 'Pierre', emails: ['pierre@curie.test'] });
      const patchClash = await c.request('PATCH', `/api/people/${second.body.id}`, { emails: ['pierre@curie.test', 'marie@curie.test'] });
      assert.equal(patchClash.status, 409);
      assert.deepEqual((await c.request<Person>('GET', `/api/people/${second.body.id}`)).body.emails, ['pierre@curie.test'], 'a rejected patch changes nothing');
      const keepOwn = await c.request('PATCH', `/api/people/${first.body.id}`, { emails: ['marie@curie.test', 'm@curie.test'] });
      assert.equal(keepOwn.status, 200);
    });

    test('the database itself enforces the unique address (raw insert is refused)', async () => {
      const p = await c.request<Person>('POST', '/api/people', { name: 'Unique', emails: ['only@one.test'] });
      await assert.rejects(
        server.database.db.insertInto('person_emails').values({ workspace_id: c.workspaceId!, person_id: p.body.id, email: 'only@one.test', position: 5 }).execute(),
      );
    });

    test('search matches name or email, case-insensitively, and treats % and _ literally', async () => {
      await c.request('POST', '/api/people', { name: 'Rosalind Franklin', emails: ['rfranklin@kings.test'] });
      await c.request('POST', '/api/people', { name: 'Dorothy Hodgkin', emails: ['dh@oxford.test'] });
      await c.request('POST', '/api/people', { name: '100% Real_Name', emails: [] });
      const names = async (q: string) => ((await c.request('GET', `/api/people?q=${encodeURIComponent(q)}`)).body.items as Person[]).map((p) => p.name).sort();
      assert.deepEqual(await names('ROSALIND'), ['Rosalind Franklin']);
      assert.deepEqual(await names('OXFORD.test'), ['Dorothy Hodgkin']);
      assert.deepEqual(await names('%'), ['100% Real_Name']);
      assert.deepEqual(await names('e_l'), [], '_ is not a wildcard (it would match "Real")');
      assert.deepEqual(await names('zzz-nobody'), []);
    });

    test('filter by company; unknown companyId on create is 400', async () => {
      const co = await c.request('POST', '/api/companies', { name: 'Filter Co' });
      await c.request('POST', '/api/people', { name: 'In Co', companyId: co.body.id });
      const listed = await c.request('GET', `/api/people?companyId=${co.body.id}`);
      assert.deepEqual(listed.body.items.map((p: Person) => p.name), ['In Co']);
      const bad = await c.request('POST', '/api/people', { name: 'X', companyId: 'nosuchcompany' });
      assert.equal(bad.status, 400);
      assert.match(bad.body.error.message, /companyId/);
    });

    test('pagination walks every person once, in a stable order', async () => {
      const fresh = new ApiClient(server.url);
      await fresh.signup();
      const made = new Set<string>();
      for (let i = 0; i < 7; i++) made.add((await fresh.request('POST', '/api/people', { name: `Page Person ${i % 3}` })).body.id);
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res: { body: { items: Person[]; nextCursor: string | null } } = await fresh.request('GET', `/api/people?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
        assert.ok(res.body.items.length <= 3);
        seen.push(...res.body.items.map((p) => p.id));
        cursor = res.body.nextCursor;
        pages += 1;
      } while (cursor && pages < 10);
      assert.equal(pages, 3);
      assert.equal(seen.length, 7);
      assert.deepEqual(new Set(seen), made);
      const all = (await fresh.request('GET', '/api/people?limit=200')).body;
      assert.deepEqual(all.items.map((p: Person) => p.id), seen, 'pages concatenate to the full list');
      assert.equal(all.nextCursor, null);
    });
  });
}
