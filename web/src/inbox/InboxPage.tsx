/**
 * The inbox: folders with unread counts, a message list kept live over SSE (mail.changed covers
 * new mail and changes made in Outlook), a message view, compose, and the initial-sync bar.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { ApiError, errorMessage } from '../api/client.js';
import { Toast, useNotice } from '../components/Toast.js';
import { useConnection } from '../integration/connection.js';
import { RECONNECTED, useLiveEvent } from '../live.js';
import { Link } from '../router.js';
import { coalesce } from './coalesce.js';
import { ComposeForm } from './ComposeForm.js';
import { MessageList } from './MessageList.js';
import { MessageView } from './MessageView.js';
import { mail, type Folder, type MessageSummary } from './mailApi.js';
import { initialProgress, SyncProgress } from './SyncProgress.js';

type State = 'loading' | 'ready' | 'not_connected';

/** Folders whose messages are the user's own: listed by whom they are for. */
const OUTGOING = new Set(['sentitems', 'drafts']);

export function InboxPage() {
  const [state, setState] = useState<State>('loading');
  const [folders, setFolders] = useState<Folder[]>([]);
  const [folderId, setFolderId] = useState<string | null>(null);
  const [messages, setMessages] = useState<MessageSummary[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [composing, setComposing] = useState(false);
  const [notice, notify] = useNotice();
  const [error, setError] = useState<string | null>(null);
  const connection = useConnection();
  const progress = initialProgress(connection ?? null);

  const refresh = useCallback(async () => {
    try {
      const f = await mail.folders();
      setFolders(f.items);
      const inbox = f.items.find((x) => x.wellKnown === 'inbox');
      const current = folderId ?? inbox?.id ?? null;
      if (!folderId && current) setFolderId(current);
      setMessages((await mail.messages(current)).items);
      setState('ready');
      setError(null);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'not_connected') setState('not_connected');
      else setError(errorMessage(e));
    }
  }, [folderId]);

  const trigger = useMemo(() => coalesce(refresh), [refresh]);
  useEffect(trigger, [trigger]);
  useLiveEvent(['mail.changed', 'microsoft.status', RECONNECTED], trigger);

  /** After archive or delete: the next message down (or up, at the end), never a stale one. */
  const leave = (id: string, note: string) => {
    const i = messages.findIndex((m) => m.id === id);
    const rest = messages.filter((m) => m.id !== id);
    setSelected(i < 0 ? null : (rest[Math.min(i, rest.length - 1)]?.id ?? null));
    if (note) notify(note);
    trigger();
  };

  if (state === 'not_connected') {
    return (
      <section>
        <h1>Inbox</h1>
        <div className="card empty-state">
          <p>Connect Microsoft 365 in <Link to="/settings/integrations">Settings → Integrations</Link> to see your Outlook mail here.</p>
        </div>
      </section>
    );
  }
  const folder = folders.find((f) => f.id === folderId);
  return (
    <section className="inbox">
      <div className="page-head">
        <h1>Inbox</h1>
        <button type="button" className="primary" onClick={() => { setComposing(true); setSelected(null); }}>New message</button>
      </div>
      {progress && <SyncProgress progress={progress} />}
      {error && <p className="error" role="alert">{error}</p>}
      <Toast notice={notice} />
      <div className="inbox-layout">
        <nav aria-label="Mail folders">
          <ul className="folder-list">
            {folders.map((f) => (
              <li key={f.id}>
                <button type="button" aria-current={f.id === folderId} aria-label={f.unreadCount > 0 ? `${f.name}, ${f.unreadCount} unread` : f.name} onClick={() => { setFolderId(f.id); setSelected(null); }}>
                  <span>{f.name}</span>
                  {f.unreadCount > 0 && <span className="count">{f.unreadCount}</span>}
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <MessageList messages={messages} selected={selected} loading={state === 'loading'} byRecipient={OUTGOING.has(folder?.wellKnown ?? '')} onSelect={(id) => { setSelected(id); setComposing(false); }} />
        <div className="inbox-pane">
          {!composing && !selected && <p className="empty">Select a message to read it.</p>}
          {composing && <ComposeForm onDone={(n) => { setComposing(false); if (n) notify(n); trigger(); }} />}
          {selected && !composing && (
            <MessageView key={selected} id={selected} onChanged={trigger} onGone={(note) => leave(selected, note)} onNotice={notify} onClose={() => setSelected(null)} />
          )}
        </div>
      </div>
    </section>
  );
}
