/**
 * New message, or a saved draft reopened: To/Cc with autocomplete and out-of-office badges,
 * subject, body; Send, Save draft, and for a draft Discard. A draft is saved (or saved again)
 * before it is sent, so what goes out is what the form shows.
 */
import { useState, type FormEvent } from 'react';
import { useAction } from '../hooks/useAction.js';
import { draftText } from './draftText.js';
import { mail, splitAddresses, type MessageFull } from './mailApi.js';
import { RecipientInput } from './RecipientInput.js';
import { TeamsLinkButton } from '../teams/TeamsLinkButton.js';
import { withTeamsLink } from '../teams/withTeamsLink.js';

const joined = (list: Array<{ address: string }> | undefined) => (list ?? []).map((a) => a.address).join(', ');

export function ComposeForm({ draft, onDone }: { draft?: MessageFull; onDone: (note: string) => void }) {
  const [to, setTo] = useState(joined(draft?.to));
  const [cc, setCc] = useState(joined(draft?.cc));
  const [subject, setSubject] = useState(draft?.subject ?? '');
  const [body, setBody] = useState(draft ? draftText(draft.body) : '');
  const { busy, error, run } = useAction();
  const message = () => ({ to: splitAddresses(to), cc: splitAddresses(cc), subject, body });

  const finish = (work: () => Promise<unknown>, note: string) =>
    void run(async () => {
      await work();
      onDone(note);
    });
  const save = () => (draft ? mail.editDraft(draft.id, message()) : mail.saveDraft(message()));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    finish(async () => {
      if (draft) {
        await save();
        await mail.sendDraft(draft.id);
      } else {
        await mail.send(message());
      }
    }, 'Message sent.');
  };

  return (
    <form className="card compose" onSubmit={submit} aria-label={draft ? 'Edit draft' : 'Compose'}>
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
      <TeamsLinkButton label="Insert Teams meeting" subject={() => subject} onLink={(l) => setBody((b) => withTeamsLink(b, l.joinUrl))} />
      {error && <p className="error" role="alert">{error}</p>}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>Send</button>
        <button type="button" disabled={busy} onClick={() => finish(save, 'Draft saved.')}>Save draft</button>
        {draft ? (
          <button type="button" className="danger" disabled={busy} onClick={() => finish(() => mail.discardDraft(draft.id), 'Draft discarded.')}>Discard</button>
        ) : null}
        <button type="button" className="link-button" onClick={() => onDone('')}>{draft ? 'Close' : 'Cancel'}</button>
      </div>
    </form>
  );
}
