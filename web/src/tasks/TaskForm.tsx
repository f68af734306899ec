/** Create a task. Links to a person or company are fixed when the form sits on that record's page. */
import { useState, type FormEvent } from 'react';
import type { TaskInput } from '../api/resources.js';
import type { Company, Member, Person } from '../api/types.js';
import { ErrorText } from '../components/ErrorText.js';
import { useAction } from '../hooks/useAction.js';
import { EnableTodo } from './EnableTodo.js';
import type { TodoAccess } from './useTodoAccess.js';

interface Props {
  members: Member[];
  people?: Person[];
  companies?: Company[];
  fixed?: { personId?: string; companyId?: string };
  onCreate(input: TaskInput): Promise<void>;
  todo: TodoAccess;
}

export function TaskForm({ members, people, companies, fixed, onCreate, todo }: Props) {
  const [title, setTitle] = useState('');
  const [dueDate, setDueDate] = useState('');
  const [assigneeId, setAssigneeId] = useState('');
  const [personId, setPersonId] = useState('');
  const [companyId, setCompanyId] = useState('');
  const [notes, setNotes] = useState('');
  const [importance, setImportance] = useState<'low' | 'normal' | 'high'>('normal');
  const [syncToDo, setSyncToDo] = useState(false);
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
        notes: notes.trim() ? notes : null,
        importance,
        ...(syncToDo ? { syncToDo: true } : {}),
      }),
    );
    if (created) {
      setTitle('');
      setDueDate('');
      setNotes('');
      setImportance('normal');
      setSyncToDo(false);
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
      <label>
        Importance
        <select value={importance} onChange={(e) => setImportance(e.target.value as typeof importance)}>
          <option value="low">Low</option>
          <option value="normal">Normal</option>
          <option value="high">High</option>
        </select>
      </label>
      <label className="span-2">
        Notes
        <textarea value={notes} onChange={(e) => setNotes(e.target.value)} rows={2} />
      </label>
      {todo !== 'unavailable' && (
        <div className="span-2 todo-sync">
          <label className="inline">
            <input type="checkbox" checked={syncToDo} disabled={todo !== 'granted'} onChange={(e) => setSyncToDo(e.target.checked)} />
            Sync with Microsoft To Do
          </label>
          {todo === 'granted' ? (
            <span className="hint">Adds it to your “Tandem” list in To Do; changes go both ways. Turning sync off later deletes it from To Do (the task stays here).</span>
          ) : (
            <EnableTodo access={todo} />
          )}
        </div>
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
