import { useState, type FormEvent } from 'react';
import type { CompanyInput } from '../api/resources.js';
import type { Company } from '../api/types.js';
import { ErrorText } from '../components/ErrorText.js';
import { useAction } from '../hooks/useAction.js';

interface Props {
  initial?: Company;
  submitLabel: string;
  onSubmit(input: CompanyInput): Promise<void>;
  onCancel?(): void;
}

export function CompanyForm({ initial, submitLabel, onSubmit, onCancel }: Props) {
  const [name, setName] = useState(initial?.name ?? '');
  const [domain, setDomain] = useState(initial?.domain ?? '');
  const [notes, setNotes] = useState(initial?.notes ?? '');
  const { busy, error, run } = useAction();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const saved = await run(() => onSubmit({ name: name.trim(), domain: domain.trim() || null, notes: notes.trim() || null }));
    if (saved && !initial) {
      setName('');
      setDomain('');
      setNotes('');
    }
  };

  return (
    <form className="card form-grid" onSubmit={submit} aria-label={initial ? 'Edit company' : 'New company'}>
      <label>
        Company name
        <input required value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        Domain
        <input value={domain} onChange={(e) => setDomain(e.target.value)} placeholder="example.com" />
      </label>
      <label className="span-2">
        Notes
        <textarea rows={2} value={notes} onChange={(e) => setNotes(e.target.value)} />
      </label>
      <ErrorText error={error} />
      <div className="actions span-2">
        <button type="submit" className="primary" disabled={busy}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
