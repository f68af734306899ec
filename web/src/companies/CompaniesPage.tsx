import { useState } from 'react';
import { companies } from '../api/resources.js';
import type { Company } from '../api/types.js';
import { ErrorText } from '../components/ErrorText.js';
import { LoadMore } from '../components/LoadMore.js';
import { useDebounced } from '../hooks/useDebounced.js';
import { useLiveRecords } from '../hooks/useLiveRecords.js';
import { usePagedList } from '../hooks/usePagedList.js';
import { Link } from '../router.js';
import { CompanyForm } from './CompanyForm.js';

function matchesSearch(company: Company, q: string): boolean {
  const needle = q.trim().toLowerCase();
  return !needle || company.name.toLowerCase().includes(needle) || (company.domain ?? '').toLowerCase().includes(needle);
}

export function CompaniesPage() {
  const [search, setSearch] = useState('');
  const q = useDebounced(search, 250);
  const [creating, setCreating] = useState(false);
  const list = usePagedList((cursor) => companies.list({ q, cursor }), q);
  useLiveRecords('company', list, companies.get, (c) => matchesSearch(c, q));

  return (
    <section>
      <div className="page-head">
        <h1>Companies</h1>
        <button type="button" className="primary" onClick={() => setCreating((v) => !v)} aria-expanded={creating}>
          {creating ? 'Close form' : 'New company'}
        </button>
      </div>
      {creating && (
        <CompanyForm
          submitLabel="Create company"
          onSubmit={async (input) => {
            list.upsert(await companies.create(input));
            setCreating(false);
          }}
          onCancel={() => setCreating(false)}
        />
      )}
      <label className="search">
        Search companies
        <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Name or domain" />
      </label>
      <ErrorText error={list.error} />
      {list.items.length ? (
        <table className="table" aria-label="Companies">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Domain</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((c) => (
              <tr key={c.id}>
                <td>
                  <Link to={`/companies/${encodeURIComponent(c.id)}`}>{c.name}</Link>
                </td>
                <td>{c.domain ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="empty">{list.loading ? 'Loading…' : 'No companies yet.'}</p>
      )}
      <LoadMore hasMore={list.hasMore} loading={list.loading} onMore={list.loadMore} />
    </section>
  );
}
