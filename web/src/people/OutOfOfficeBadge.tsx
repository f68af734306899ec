/**
 * "Out of office" next to a contact, from the connected mailbox's mail tips (cached server-side).
 * Shows nothing when not connected, not granted, not out of office, or on any error. A lookup is
 * made only while the account is active with Outlook mail granted: a disconnected account or one
 * that needs reconnecting is not asked at all.
 */
import { useEffect, useState } from 'react';
import { api } from '../api/client.js';
import { useConnection } from '../integration/connection.js';
import { canUse } from '../integration/syncStatus.js';

interface Answer { address: string; isOutOfOffice: boolean; message: string | null }

export function OutOfOfficeBadge({ emails }: { emails: string[] }) {
  const [oof, setOof] = useState<Answer | null>(null);
  const allowed = canUse(useConnection(), 'mail');
  const key = allowed ? emails.slice(0, 20).join(',') : '';
  useEffect(() => {
    let live = true;
    setOof(null);
    if (!key) return;
    api.get<{ items: Answer[] }>('/api/mail/out-of-office', { emails: key })
      .then((r) => { if (live) setOof(r.items.find((a) => a.isOutOfOffice) ?? null); })
      .catch(() => undefined);
    return () => { live = false; };
  }, [key]);
  if (!oof) return null;
  return (
    <span className="chip oof-badge" title={oof.message ?? 'Automatic reply is on'} style={{ background: '#fff4ce', color: '#7a5b00', borderRadius: 8, padding: '0 0.4rem', fontSize: '0.8rem' }}>
      Out of office
    </span>
  );
}
