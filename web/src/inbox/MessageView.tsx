/**
 * One message, or a draft reopened in the compose form. Opening an unread message marks it read,
 * as Outlook does ("Mark unread" undoes it). HTML bodies render in an iframe sandboxed without
 * scripts (the server also strips active content), so mail can never run code in Tandem's origin.
 */
import { useEffect, useState } from 'react';
import { errorMessage } from '../api/client.js';
import { formatDateTime } from '../components/format.js';
import { useAction } from '../hooks/useAction.js';
import { ComposeForm } from './ComposeForm.js';
import { mail, type MessageFull } from './mailApi.js';
import { TeamsLinkButton } from '../teams/TeamsLinkButton.js';
import { withTeamsLink } from '../teams/withTeamsLink.js';

const CSP = '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; img-src https: data:; style-src \'unsafe-inline\'">';

interface Props {
  id: string;
  /** Something about the message changed: the list and the folder counts should follow. */
  onChanged: () => void;
  /** The message left this folder (archived, deleted, a draft sent or discarded). */
  onGone: (note: string) => void;
  onNotice: (note: string) => void;
  onClose: () => void;
}

export function MessageView({ id, onChanged, onGone, onNotice, onClose }: Props) {
  const [msg, setMsg] = useState<MessageFull | null>(null);
  const { busy, error, setError, run } = useAction();
  const [reply, setReply] = useState('');

  useEffect(() => {
    let live = true;
    setMsg(null);
    setError(null);
    mail.message(id)
      .then(async (m) => {
        if (!live) return;
        setMsg(m);
        if (m.isRead || m.isDraft) return;
        const read = await mail.setRead(m.id, true);
        if (live) setMsg({ ...m, ...read });
        onChanged();
      })
      .catch((e) => live && setError(errorMessage(e)));
    return () => { live = false; };
  }, [id]);

  if (error && !msg) return <p className="error" role="alert">{error}</p>;
  if (!msg) return <p className="muted">Loading…</p>;
  if (msg.isDraft) {
    const draftDone = (note: string) => {
      if (note === 'Draft saved.') {
        // Saved again: the form stays open on the same draft.
        onNotice(note);
        onChanged();
      } else if (note) onGone(note);
      else onClose();
    };
    return <ComposeForm key={msg.id} draft={msg} onDone={draftDone} />;
  }

  const leave = (work: () => Promise<unknown>, note: string) => void run(async () => { await work(); onGone(note); });
  const toggleRead = () => void run(async () => { setMsg({ ...msg, ...(await mail.setRead(msg.id, !msg.isRead)) }); onChanged(); });
  const sendReply = () => void run(async () => { await mail.reply(msg.id, reply); setReply(''); onNotice('Reply sent.'); onChanged(); });
  const recipients = msg.to.map((a) => a.name || a.address).join(', ');

  return (
    <article className="card message-view" aria-label="Message">
      <h2>{msg.subject || '(no subject)'}</h2>
      <p className="muted message-meta">
        From {msg.from ? `${msg.from.name ?? ''} <${msg.from.address}>` : 'unknown'} · {msg.receivedAt ? formatDateTime(msg.receivedAt) : ''}
        {recipients && <><br />To {recipients}</>}
      </p>
      <div className="actions">
        <button type="button" disabled={busy} onClick={toggleRead}>{msg.isRead ? 'Mark unread' : 'Mark read'}</button>
        <button type="button" disabled={busy} onClick={() => leave(() => mail.archive(msg.id), 'Archived.')}>Archive</button>
        <button type="button" className="danger" disabled={busy} onClick={() => leave(() => mail.remove(msg.id), 'Moved to Deleted Items.')}>Delete</button>
      </div>
      {msg.body.contentType === 'html' ? (
        <iframe className="message-body-frame" title="Message body" sandbox="" srcDoc={CSP + msg.body.content} />
      ) : (
        <pre className="pre message-body">{msg.body.content}</pre>
      )}
      <form className="reply-form" onSubmit={(e) => { e.preventDefault(); sendReply(); }}>
        <label>
          Reply
          <textarea value={reply} onChange={(e) => setReply(e.target.value)} rows={4} />
        </label>
        <TeamsLinkButton label="Insert Teams meeting" subject={() => `Re: ${msg.subject ?? ''}`} onLink={(l) => setReply((r) => withTeamsLink(r, l.joinUrl))} />
        <button type="submit" disabled={busy || !reply.trim()}>Send reply</button>
      </form>
      {error && <p className="error" role="alert">{error}</p>}
    </article>
  );
}
