import { useCallback, useEffect, useState } from 'react';
import { ApiError, errorMessage } from '../api/client.js';
import { companies } from '../api/resources.js';
import type { Company } from '../api/types.js';
import { ConfirmDelete } from '../components/ConfirmDelete.js';
import { ErrorText } from '../components/ErrorText.js';
import { eventRecordId, useLiveEvent } from '../live.js';
import { Link, navigate } from '../router.js';
import { TaskList } from '../tasks/TaskList.js';
import { Timeline } from '../timeline/Timeline.js';
import { CompanyForm } from './CompanyForm.js';
import { CompanyPeople } from './CompanyPeople.js';

export function CompanyPage({ id }: { id: string }) {
  const [company, setCompany] = useState<Company | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [gone, setGone] = useState(false);
  const [editing, setEditing] = useState(false);

  const load = useCallback(() => {
    companies.get(id).then(
      (c) => {
        setCompany(c);
        setError(null);
      },
      (err: unknown) => {
        if (err instanceof ApiError && err.status === 404) setGone(true);
        else setError(errorMessage(err));
      },
    );
  }, [id]);
  useEffect(load, [load]);

  useLiveEvent(['company.updated', 'company.deleted'], (data, type) => {
    if (eventRecordId(data, 'company') !== id) return;
    if (type === 'company.deleted') setGone(true);
    else if (!editing) load();
  });

  if (gone) {
    return (
      <section>
        <h1>Company not found</h1>
        <p>
          This company was deleted or belongs to another workspace. <Link to="/companies">Back to companies</Link>
        </p>
      </section>
    );
  }
  if (!company) return error ? <ErrorText error={error} /> : <p className="empty">Loading…</p>;

  return (
    <section className="record">
      <p className="crumbs">
        <Link to="/companies">Companies</Link> /
      </p>
      <div className="page-head">
        <h1>{company.name}</h1>
        <div className="actions">
          {!editing && (
            <button type="button" onClick={() => setEditing(true)}>
              Edit
            </button>
          )}
          <ConfirmDelete
            what={company.name}
            onConfirm={async () => {
              await companies.remove(company.id);
              navigate('/companies');
            }}
          />
        </div>
      </div>
      {editing ? (
        <CompanyForm
          initial={company}
          submitLabel="Save changes"
          onSubmit={async (input) => {
            setCompany(await companies.update(company.id, input));
            setEditing(false);
          }}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <dl className="card details">
          <dt>Domain</dt>
          <dd>{company.domain ?? '—'}</dd>
          <dt>Notes</dt>
          <dd className="pre">{company.notes ?? '—'}</dd>
        </dl>
      )}
      <CompanyPeople companyId={company.id} />
      <div className="record-columns">
        <Timeline
          owner="company"
          ownerId={company.id}
          load={(cursor) => companies.timeline(company.id, cursor)}
          addNote={(body) => companies.addNote(company.id, body)}
        />
        <section aria-labelledby="company-tasks">
          <h2 id="company-tasks">Tasks</h2>
          <TaskList filter={{ companyId: company.id }} fixed={{ companyId: company.id }} />
        </section>
      </div>
    </section>
  );
}
