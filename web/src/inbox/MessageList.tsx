/**
 * Sender (or, in Sent Items and Drafts, the recipients), subject, preview and date; unread
 * messages marked (bold, with a dot).
 */
import { formatDateTime } from '../components/format.js';
import type { MessageSummary } from './mailApi.js';

/** Today: the time; this year: day and month; older: with the year. The full date is in the tooltip. */
function shortDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const now = new Date();
  if (d.toDateString() === now.toDateString()) return d.toLocaleTimeString(undefined, { timeStyle: 'short' });
  return d.toLocaleDateString(undefined, d.getFullYear() === now.getFullYear() ? { month: 'short', day: 'numeric' } : { dateStyle: 'medium' });
}

function who(m: MessageSummary, byRecipient: boolean): string {
  if (byRecipient) {
    const to = m.to.map((a) => a.name || a.address).join(', ');
    return to ? `To: ${to}` : '(no recipients)';
  }
  return m.from?.name || m.from?.address || (m.isDraft ? 'Draft' : 'Unknown sender');
}

export function MessageList(p: { messages: MessageSummary[]; selected: string | null; loading: boolean; byRecipient: boolean; onSelect: (id: string) => void }) {
  if (!p.messages.length) return <p className="empty message-list-empty">{p.loading ? 'Loading…' : 'No messages in this folder.'}</p>;
  return (
    <ul className="message-list" aria-label="Messages">
      {p.messages.map((m) => (
        <li key={m.id} data-unread={!m.isRead} className={m.id === p.selected ? 'selected' : undefined}>
          <button type="button" onClick={() => p.onSelect(m.id)} aria-current={m.id === p.selected}>
            <span className="message-line">
              <span className="sender">{who(m, p.byRecipient)}</span>
              {m.receivedAt && <time className="date" dateTime={m.receivedAt} title={formatDateTime(m.receivedAt)}>{shortDate(m.receivedAt)}</time>}
            </span>
            <span className="subject">{m.subject || '(no subject)'}</span>
            <span className="preview">{m.preview}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
