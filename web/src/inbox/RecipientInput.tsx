/** A To/Cc field with autocomplete from /api/mail/suggestions and out-of-office badges. */
import { useEffect, useState } from 'react';
import { useDebounced } from '../hooks/useDebounced.js';
import { OutOfOfficeBadge } from '../people/OutOfOfficeBadge.js';
import { mail, splitAddresses, type Suggestion } from './mailApi.js';

export function RecipientInput({ label, value, onChange }: { label: string; value: string; onChange: (v: string) => void }) {
  const parts = value.split(/[,;]/);
  const current = (parts[parts.length - 1] ?? '').trim();
  const q = useDebounced(current, 200);
  const [options, setOptions] = useState<Suggestion[]>([]);
  useEffect(() => {
    let live = true;
    if (q.length < 2) return setOptions([]);
    mail.suggestions(q).then((r) => live && setOptions(r.items)).catch(() => live && setOptions([]));
    return () => { live = false; };
  }, [q]);
  const pick = (s: Suggestion) => {
    onChange([...parts.slice(0, -1).map((p) => p.trim()).filter(Boolean), s.address].join(', ') + ', ');
    setOptions([]);
  };
  const chosen = splitAddresses(value).filter((a) => a.includes('@'));
  return (
    <div className="recipient-input">
      <label>
        {label}
        <input value={value} onChange={(e) => onChange(e.target.value)} autoComplete="off" aria-label={label} />
      </label>
      {options.length > 0 && (
        <ul className="card suggestions" role="listbox" aria-label={`${label} suggestions`}>
          {options.map((s) => (
            <li key={s.address} role="option" aria-selected={false}>
              <button type="button" onClick={() => pick(s)}>
                <span className="suggestion-name">{s.name}</span>{' '}
                <span className="suggestion-address">&lt;{s.address}&gt;</span>{' '}
                <span className={`badge suggestion-source-${s.source}`}>{s.source === 'crm' ? 'CRM' : 'Microsoft 365'}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {chosen.map((a) => <OutOfOfficeBadge key={a} emails={[a]} />)}
    </div>
  );
}
