/**
 * The inbox: folders with unread counts, a message list kept live over SSE (mail.changed covers
 * new mail and changes made in Outlook), a message view, compose, and the initial-sync bar.
 */
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, errorMessage } from '../api/client.js';
import { RECONNECTED, useLiveEvent } from '../live.js';
import { Link } from '../router.js';
import { ComposeForm } from './ComposeForm.js';
import { MessageList } from './MessageList.js';
import { MessageView } from './MessageView.js';
import { mail, type Folder, type MessageSummary } from './mailApi.js';
import { initialProgress, SyncProgress, type Progress } from './SyncProgress.js';

type State = 'loading' | 'ready' | 'not_connected';

export function InboxPage() {
  const [state, setState] = useState<State>('loading');
  const [folders, setFolders] = useState<Folder[]>([]);
  const [folderId, setFolderId] = useState<string | null>(null);
  const [messages, setMessages] = useState<MessageSummary[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [composing, setComposing] = useState(false);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      const [f, view] = await Promise.all([mail.folders(), api.get<unknown>('/api/microsoft').catch(() => null)]);
      setFolders(f.items);
      setProgress(initialProgress(view));
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

  useEffect(() => { void refresh(); }, [refresh]);
  useLiveEvent(['mail.changed', 'microsoft.status', 'microsoft.sync', RECONNECTED], () => { void refresh(); });
  useEffect(() => {
    if (!progress) return;
    const timer = setInterval(() => void refresh(), 2000);
    return () => clearInterval(timer);
  }, [progress, refresh]);

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
  return (
    <section className="inbox">
      <h1>Inbox</h1>
      {progress && <SyncProgress progress={progress} />}
      {error && <p className="error" role="alert">{error}</p>}
      {note && <p className="muted" role="status">{note}</p>}
      <div className="actions">
        <button type="button" onClick={() => { setComposing(true); setSelected(null); }}>New message</button>
      </div>
      <div className="inbox-layout" style={{ display: 'grid', gridTemplateColumns: '12rem minmax(16rem, 1fr) 2fr', gap: '1rem' }}>
        <nav aria-label="Mail folders">
          <ul className="folder-list" style={{ listStyle: 'none', padding: 0 }}>
            {folders.map((f) => (
              <li key={f.id}>
                <button type="button" className="link" aria-current={f.id === folderId} onClick={() => { setFolderId(f.id); setSelected(null); }}
                  style={{ fontWeight: f.id === folderId ? 700 : 400 }}>
                  {f.name}{f.unreadCount ? ` (${f.unreadCount})` : ''}
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <MessageList messages={messages} selected={selected} loading={state === 'loading'} onSelect={(id) => { setSelected(id); setComposing(false); }} />
        <div>
          {composing && <ComposeForm onDone={(n) => { setComposing(false); setNote(n || null); void refresh(); }} />}
          {selected && !composing && <MessageView key={selected} id={selected} onChanged={() => void refresh()} />}
        </div>
      </div>
    </section>
  );
}
