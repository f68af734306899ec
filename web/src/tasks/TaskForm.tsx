/** Create a task. Links to a person or company are fixed when the form sits on that record's page. */
import { useState, type FormEvent } from 'react';
import type { TaskInput } from '../api/resources.js';
import type { Company, Member, Person } from '../api/types.js';
import { ErrorText } from '../components/ErrorText.js';
import { useAction } from '../hooks/useAction.js';

interface Props {
  members: Member[];
  people?: Person[];
  companies?: Company[];
  fixed?: { personId?: string; companyId?: string };
  onCreate(input: TaskInput): Promise<void>;
}

export function TaskForm({ members, people, companies, fixed, onCreate }: Props) {
  const [title, setTitle] = useState('');
  const [dueDate, setDueDate] = useState('');
  const [assigneeId, setAssigneeId] = useState('');
  const [personId, setPersonId] = useState('');
  const [companyId, setCompanyId] = useState('');
  const { busy, error, run } = useAction();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const created = await run(() =>
      onCreate({
        title: title.trim(),
        dueDate: dueDate || null,
        assigneeId: assigneeId || null,
        personId: fixed?.personId ?? (personId || null),
        companyId: fixed?.companyId ?? (companyId || null),
      }),
    );
    if (created) {
      setTitle('');
      setDueDate('');
    }
  };

  return (
    <form className="card form-grid task-form" onSubmit={submit} aria-label="New task">
      <label className="span-2">
        Task title
        <input required value={title} onChange={(e) => setTitle(e.target.value)} placeholder="Call back about the proposal" />
      </label>
      <label>
        Due date
        <input type="date" value={dueDate} onChange={(e) => setDueDate(e.target.value)} />
      </label>
      <label>
        Assignee
        <select value={assigneeId} onChange={(e) => setAssigneeId(e.target.value)}>
          <option value="">Unassigned</option>
          {members.map((m) => (
            <option key={m.userId} value={m.userId}>
              {m.name}
            </option>
          ))}
        </select>
      </label>
      {people && !fixed?.personId && (
        <label>
          Person
          <select value={personId} onChange={(e) => setPersonId(e.target.value)}>
            <option value="">No person</option>
            {people.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {companies && !fixed?.companyId && (
        <label>
          Company
          <select value={companyId} onChange={(e) => setCompanyId(e.target.value)}>
            <option value="">No company</option>
            {companies.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <ErrorText error={error} />
      <div className="actions span-2">
        <button type="submit" className="primary" disabled={busy}>
          Add task
        </button>
      </div>
    </form>
  );
}
