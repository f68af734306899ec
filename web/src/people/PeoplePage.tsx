import { useState } from 'react';
import { people } from '../api/resources.js';
import type { Person } from '../api/types.js';
import { ErrorText } from '../components/ErrorText.js';
import { LoadMore } from '../components/LoadMore.js';
import { useCompanyOptions } from '../hooks/useCompanyOptions.js';
import { useDebounced } from '../hooks/useDebounced.js';
import { useLiveRecords } from '../hooks/useLiveRecords.js';
import { usePagedList } from '../hooks/usePagedList.js';
import { PeopleTable } from './PeopleTable.js';
import { PersonForm } from './PersonForm.js';

function matchesSearch(person: Person, q: string): boolean {
  const needle = q.trim().toLowerCase();
  if (!needle) return true;
  return person.name.toLowerCase().includes(needle) || person.emails.some((e) => e.includes(needle));
}

export function PeoplePage() {
  const [search, setSearch] = useState('');
  const q = useDebounced(search, 250);
  const [creating, setCreating] = useState(false);
  const { companies, nameOf } = useCompanyOptions();
  const list = usePagedList((cursor) => people.list({ q, cursor }), q);
  useLiveRecords('person', list, people.get, (p) => matchesSearch(p, q));

  return (
    <section>
      <div className="page-head">
        <h1>People</h1>
        <button type="button" className="primary" onClick={() => setCreating((v) => !v)} aria-expanded={creating}>
          {creating ? 'Close form' : 'New person'}
        </button>
      </div>
      {creating && (
        <PersonForm
          companies={companies}
          submitLabel="Create person"
          onSubmit={async (input) => {
            list.upsert(await people.create(input));
            setCreating(false);
          }}
          onCancel={() => setCreating(false)}
        />
      )}
      <label className="search">
        Search people
        <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Name or email" />
      </label>
      <ErrorText error={list.error} />
      <PeopleTable people={list.items} companyName={nameOf} loading={list.loading} />
      <LoadMore hasMore={list.hasMore} loading={list.loading} onMore={list.loadMore} />
    </section>
  );
}
