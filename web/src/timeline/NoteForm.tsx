import { useState, type FormEvent } from 'react';
import { ErrorText } from '../components/ErrorText.js';
import { useAction } from '../hooks/useAction.js';

export function NoteForm({ onAdd }: { onAdd(body: string): Promise<void> }) {
  const [body, setBody] = useState('');
  const { busy, error, run } = useAction();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim()) return;
    if (await run(() => onAdd(body.trim()))) setBody('');
  };

  return (
    <form className="note-form" onSubmit={submit}>
      <label>
        New note
        <textarea rows={3} value={body} onChange={(e) => setBody(e.target.value)} placeholder="What happened?" />
      </label>
      <ErrorText error={error} />
      <button type="submit" className="primary" disabled={busy || !body.trim()}>
        Add note
      </button>
    </form>
  );
}
