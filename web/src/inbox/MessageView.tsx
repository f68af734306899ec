/**
 * One message. HTML bodies render in an iframe sandboxed without scripts (the server also strips
 * active content), so mail can never run code in Tandem's origin.
 */
import { useEffect, useState } from 'react';
import { errorMessage } from '../api/client.js';
import { formatDateTime } from '../components/format.js';
import { useAction } from '../hooks/useAction.js';
import { mail, type MessageFull } from './mailApi.js';

const CSP = '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; img-src https: data:; style-src \'unsafe-inline\'">';

export function MessageView({ id, onChanged }: { id: string; onChanged: () => void }) {
  const [msg, setMsg] = useState<MessageFull | null>(null);
  const { error, setError, run } = useAction();
  const [reply, setReply] = useState('');
  const [note, setNote] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setMsg(null);
    setError(null);
    mail.message(id).then((m) => live && setMsg(m)).catch((e) => live && setError(errorMessage(e)));
    return () => { live = false; };
  }, [id]);

  const act = (work: () => Promise<unknown>, done: string) =>
    run(async () => {
      await work();
      setNote(done);
      onChanged();
    });

  if (error && !msg) return <p className="error" role="alert">{error}</p>;
  if (!msg) return <p className="muted">Loading…</p>;
  return (
    <article className="card message-view" aria-label="Message">
      <h2>{msg.subject || '(no subject)'}</h2>
      <p className="muted message-meta">
        From {msg.from ? `${msg.from.name ?? ''} <${msg.from.address}>` : 'unknown'} · {msg.receivedAt ? formatDateTime(msg.receivedAt) : ''}
      </p>
      <div className="actions">
        <button type="button" onClick={() => void act(async () => setMsg({ ...msg, ...(await mail.setRead(msg.id, !msg.isRead)) }), 'Updated.')}>
          {msg.isRead ? 'Mark unread' : 'Mark read'}
        </button>
        <button type="button" onClick={() => void act(() => mail.archive(msg.id), 'Archived.')}>Archive</button>
      </div>
      {msg.body.contentType === 'html' ? (
        <iframe className="message-body-frame" title="Message body" sandbox="" srcDoc={CSP + msg.body.content} />
      ) : (
        <pre className="pre message-body">{msg.body.content}</pre>
      )}
      <form className="reply-form" onSubmit={(e) => { e.preventDefault(); void act(() => mail.reply(msg.id, reply).then(() => setReply('')), 'Reply sent.'); }}>
        <label>
          Reply
          <textarea value={reply} onChange={(e) => setReply(e.target.value)} rows={4} />
        </label>
        <button type="submit" disabled={!reply.trim()}>Send reply</button>
      </form>
      {note && <p className="muted" role="status">{note}</p>}
      {error && <p className="error" role="alert">{error}</p>}
    </article>
  );
}
