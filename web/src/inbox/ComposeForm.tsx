/** New message: To/Cc with autocomplete and out-of-office badges, subject, body, Send or Save draft. */
import { useState, type FormEvent } from 'react';
import { useAction } from '../hooks/useAction.js';
import { mail, splitAddresses } from './mailApi.js';
import { RecipientInput } from './RecipientInput.js';

export function ComposeForm({ onDone }: { onDone: (note: string) => void }) {
  const [to, setTo] = useState('');
  const [cc, setCc] = useState('');
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const { busy, error, run } = useAction();
  const message = () => ({ to: splitAddresses(to), cc: splitAddresses(cc), subject, body });

  const finish = (work: () => Promise<unknown>, note: string) =>
    void run(async () => {
      await work();
      onDone(note);
    });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    finish(() => mail.send(message()), 'Message sent.');
  };

  return (
    <form className="card compose" onSubmit={submit} aria-label="Compose">
      <RecipientInput label="To" value={to} onChange={setTo} />
      <RecipientInput label="Cc" value={cc} onChange={setCc} />
      <label>
        Subject
        <input value={subject} onChange={(e) => setSubject(e.target.value)} maxLength={998} />
      </label>
      <label>
        Message
        <textarea value={body} onChange={(e) => setBody(e.target.value)} rows={8} />
      </label>
      {error && <p className="error" role="alert">{error}</p>}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>Send</button>
        <button type="button" disabled={busy} onClick={() => finish(() => mail.saveDraft(message()), 'Draft saved.')}>Save draft</button>
        <button type="button" className="link-button" onClick={() => onDone('')}>Cancel</button>
      </div>
    </form>
  );
}
