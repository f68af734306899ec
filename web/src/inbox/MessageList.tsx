/** Sender, subject, preview and date; unread messages in bold. */
import { formatDateTime } from '../components/format.js';
import type { MessageSummary } from './mailApi.js';

export function MessageList(p: { messages: MessageSummary[]; selected: string | null; loading: boolean; onSelect: (id: string) => void }) {
  if (!p.messages.length) return <p className="empty">{p.loading ? 'Loading…' : 'No messages in this folder.'}</p>;
  return (
    <ul className="message-list" aria-label="Messages" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {p.messages.map((m) => (
        <li key={m.id} data-unread={!m.isRead} className={m.id === p.selected ? 'selected' : undefined}
          style={{ fontWeight: m.isRead ? 400 : 700, borderBottom: '1px solid var(--border)', padding: '0.4rem 0' }}>
          <button type="button" className="link" onClick={() => p.onSelect(m.id)} style={{ textAlign: 'left', width: '100%', fontWeight: 'inherit' }}>
            <span className="sender">{m.from?.name || m.from?.address || (m.isDraft ? 'Draft' : 'Unknown sender')}</span>
            {' · '}
            <span className="subject">{m.subject || '(no subject)'}</span>
            <span className="muted" style={{ float: 'right', fontWeight: 400 }}>{m.receivedAt ? formatDateTime(m.receivedAt) : ''}</span>
            <br />
            <span className="muted preview" style={{ fontWeight: 400 }}>{m.preview}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
