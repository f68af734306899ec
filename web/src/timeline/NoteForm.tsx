import { useState, type FormEvent } from 'react';
import { errorMessage } from '../api/client.js';
import { ErrorText } from '../components/ErrorText.js';

export function NoteForm({ onAdd }: { onAdd(body: string): Promise<void> }) {
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim()) return;
    setBusy(true);
    setError(null);
    try {
      await onAdd(body.trim());
      setBody('');
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
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
