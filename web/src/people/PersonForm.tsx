/** Create or edit a person. Emails and phones are typed as comma-separated lists. */
import { useState, type FormEvent } from 'react';
import type { PersonInput } from '../api/resources.js';
import type { Company, Person } from '../api/types.js';
import { ErrorText } from '../components/ErrorText.js';
import { splitList } from '../components/format.js';
import { useAction } from '../hooks/useAction.js';

interface Props {
  initial?: Person;
  companies: Company[];
  submitLabel: string;
  onSubmit(input: PersonInput): Promise<void>;
  onCancel?(): void;
}

export function PersonForm({ initial, companies, submitLabel, onSubmit, onCancel }: Props) {
  const [name, setName] = useState(initial?.name ?? '');
  const [emails, setEmails] = useState(initial?.emails.join(', ') ?? '');
  const [phones, setPhones] = useState(initial?.phones.join(', ') ?? '');
  const [companyId, setCompanyId] = useState(initial?.companyId ?? '');
  const [jobTitle, setJobTitle] = useState(initial?.jobTitle ?? '');
  const [notes, setNotes] = useState(initial?.notes ?? '');
  const { busy, error, run } = useAction();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const saved = await run(() =>
      onSubmit({
        name: name.trim(),
        emails: splitList(emails),
        phones: splitList(phones),
        companyId: companyId || null,
        jobTitle: jobTitle.trim() || null,
        notes: notes.trim() || null,
      }),
    );
    if (saved && !initial) {
      setName('');
      setEmails('');
      setPhones('');
      setCompanyId('');
      setJobTitle('');
      setNotes('');
    }
  };

  return (
    <form className="card form-grid" onSubmit={submit} aria-label={initial ? 'Edit person' : 'New person'}>
      <label>
        Name
        <input required value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        Emails
        <input value={emails} onChange={(e) => setEmails(e.target.value)} placeholder="ada@example.com, ada@home.example" />
      </label>
      <label>
        Phones
        <input value={phones} onChange={(e) => setPhones(e.target.value)} placeholder="+44 20 7946 0000" />
      </label>
      <label>
        Company
        <select value={companyId} onChange={(e) => setCompanyId(e.target.value)}>
          <option value="">No company</option>
          {companies.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Job title
        <input value={jobTitle} onChange={(e) => setJobTitle(e.target.value)} />
      </label>
      <label className="span-2">
        Notes
        <textarea rows={2} value={notes} onChange={(e) => setNotes(e.target.value)} />
      </label>
      <p className="hint span-2">Separate several emails or phone numbers with commas.</p>
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
