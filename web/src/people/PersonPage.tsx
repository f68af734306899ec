import { useEffect, useState } from 'react';
import { people } from '../api/resources.js';
import { ScheduleMeeting } from '../calendar/ScheduleMeeting.js';
import { ErrorText } from '../components/ErrorText.js';
import { FilesPanel } from '../files/FilesPanel.js';
import { RecordGone, RecordHead } from '../components/RecordHead.js';
import { useRecord } from '../hooks/useRecord.js';
import { useCompanyOptions } from '../hooks/useCompanyOptions.js';
import { TaskList } from '../tasks/TaskList.js';
import { Timeline } from '../timeline/Timeline.js';
import { ShareTeamsLink } from '../teams/ShareTeamsLink.js';
import { PersonDetails } from './PersonDetails.js';
import { PersonForm } from './PersonForm.js';

export function PersonPage({ id }: { id: string }) {
  const [editing, setEditing] = useState(false);
  const { record: person, setRecord: setPerson, error, gone } = useRecord('person', id, people.get, editing);
  const { companies, nameOf } = useCompanyOptions();
  const mirrors = useOutlookMirrors(id);

  if (gone) return <RecordGone noun="person" listPath="/people" listLabel="People" />;
  if (!person) return error ? <ErrorText error={error} /> : <p className="empty">Loading…</p>;

  return (
    <section className="record">
      <RecordHead
        listPath="/people"
        listLabel="People"
        title={person.name}
        editing={editing}
        onEdit={() => setEditing(true)}
        onDelete={() => people.remove(person.id)}
        deleteDetail={mirrors}
      />
      {editing ? (
        <PersonForm
          initial={person}
          companies={companies}
          submitLabel="Save changes"
          onSubmit={async (input) => {
            setPerson(await people.update(person.id, input));
            setEditing(false);
          }}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <PersonDetails person={person} companyName={nameOf(person.companyId)} />
      )}
      <ShareTeamsLink subject={`Meeting with ${person.name}`} />
      <ScheduleMeeting personId={person.id} />
      <div className="record-columns">
        <Timeline
          owner="person"
          ownerId={person.id}
          load={(cursor) => people.timeline(person.id, cursor)}
          addNote={(body) => people.addNote(person.id, body)}
        />
        <div className="record-side">
          <section aria-labelledby="person-tasks">
            <h2 id="person-tasks">Tasks</h2>
            <TaskList filter={{ personId: person.id }} fixed={{ personId: person.id }} />
          </section>
          <FilesPanel record={{ type: 'person', id: person.id }} />
        </div>
      </div>
    </section>
  );
}

/** The confirmation's warning when Outlook contacts mirror the person (deleting deletes them there too). */
function useOutlookMirrors(id: string): string | null {
  const [text, setText] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    people.outlookContacts(id).then((r) => {
      if (!live) return;
      const names = r.outlookContacts.map((c) => c.userName);
      setText(names.length ? `It is also deleted from the Outlook contacts of ${names.join(', ')}.` : null);
    }, () => live && setText(null));
    return () => {
      live = false;
    };
  }, [id]);
  return text;
}
