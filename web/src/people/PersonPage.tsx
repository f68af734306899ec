import { useCallback, useEffect, useState } from 'react';
import { ApiError, errorMessage } from '../api/client.js';
import { people } from '../api/resources.js';
import type { Person } from '../api/types.js';
import { ConfirmDelete } from '../components/ConfirmDelete.js';
import { ErrorText } from '../components/ErrorText.js';
import { useCompanyOptions } from '../hooks/useCompanyOptions.js';
import { eventRecordId, useLiveEvent } from '../live.js';
import { Link, navigate } from '../router.js';
import { TaskList } from '../tasks/TaskList.js';
import { Timeline } from '../timeline/Timeline.js';
import { PersonDetails } from './PersonDetails.js';
import { PersonForm } from './PersonForm.js';

export function PersonPage({ id }: { id: string }) {
  const [person, setPerson] = useState<Person | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [gone, setGone] = useState(false);
  const [editing, setEditing] = useState(false);
  const { companies, nameOf } = useCompanyOptions();

  const load = useCallback(() => {
    people.get(id).then(
      (p) => {
        setPerson(p);
        setError(null);
      },
      (err: unknown) => {
        if (err instanceof ApiError && err.status === 404) setGone(true);
        else setError(errorMessage(err));
      },
    );
  }, [id]);
  useEffect(load, [load]);

  useLiveEvent(['person.updated', 'person.deleted'], (data, type) => {
    if (eventRecordId(data, 'person') !== id) return;
    if (type === 'person.deleted') setGone(true);
    else if (!editing) load();
  });

  if (gone) {
    return (
      <section>
        <h1>Person not found</h1>
        <p>
          This person was deleted or belongs to another workspace. <Link to="/people">Back to people</Link>
        </p>
      </section>
    );
  }
  if (!person) return error ? <ErrorText error={error} /> : <p className="empty">Loading…</p>;

  return (
    <section className="record">
      <p className="crumbs">
        <Link to="/people">People</Link> /
      </p>
      <div className="page-head">
        <h1>{person.name}</h1>
        <div className="actions">
          {!editing && (
            <button type="button" onClick={() => setEditing(true)}>
              Edit
            </button>
          )}
          <ConfirmDelete
            what={person.name}
            onConfirm={async () => {
              await people.remove(person.id);
              navigate('/people');
            }}
          />
        </div>
      </div>
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
      <div className="record-columns">
        <Timeline
          owner="person"
          ownerId={person.id}
          load={(cursor) => people.timeline(person.id, cursor)}
          addNote={(body) => people.addNote(person.id, body)}
        />
        <section aria-labelledby="person-tasks">
          <h2 id="person-tasks">Tasks</h2>
          <TaskList filter={{ personId: person.id }} fixed={{ personId: person.id }} />
        </section>
      </div>
    </section>
  );
}
