import { useState } from 'react';
import { companies } from '../api/resources.js';
import { ScheduleMeeting } from '../calendar/ScheduleMeeting.js';
import { ErrorText } from '../components/ErrorText.js';
import { FilesPanel } from '../files/FilesPanel.js';
import { RecordGone, RecordHead } from '../components/RecordHead.js';
import { useRecord } from '../hooks/useRecord.js';
import { TaskList } from '../tasks/TaskList.js';
import { Timeline } from '../timeline/Timeline.js';
import { ShareTeamsLink } from '../teams/ShareTeamsLink.js';
import { CompanyForm } from './CompanyForm.js';
import { CompanyPeople } from './CompanyPeople.js';

export function CompanyPage({ id }: { id: string }) {
  const [editing, setEditing] = useState(false);
  const { record: company, setRecord: setCompany, error, gone } = useRecord('company', id, companies.get, editing);

  if (gone) return <RecordGone noun="company" listPath="/companies" listLabel="Companies" />;
  if (!company) return error ? <ErrorText error={error} /> : <p className="empty">Loading…</p>;

  return (
    <section className="record">
      <RecordHead
        listPath="/companies"
        listLabel="Companies"
        title={company.name}
        editing={editing}
        onEdit={() => setEditing(true)}
        onDelete={() => companies.remove(company.id)}
      />
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
      <ShareTeamsLink subject={`Meeting with ${company.name}`} />
      <CompanyPeople companyId={company.id} />
      <ScheduleMeeting companyId={company.id} />
      <div className="record-columns">
        <Timeline
          owner="company"
          ownerId={company.id}
          load={(cursor) => companies.timeline(company.id, cursor)}
          addNote={(body) => companies.addNote(company.id, body)}
        />
        <div className="record-side">
          <section aria-labelledby="company-tasks">
            <h2 id="company-tasks">Tasks</h2>
            <TaskList filter={{ companyId: company.id }} fixed={{ companyId: company.id }} />
          </section>
          <FilesPanel record={{ type: 'company', id: company.id }} />
        </div>
      </div>
    </section>
  );
}
