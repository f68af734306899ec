/** Attendees chosen from the CRM's people: the chosen ones as removable chips, the rest in a list. */
import type { Person } from '../api/types.js';

interface Props {
  people: Person[];
  selected: string[];
  onChange(ids: string[]): void;
  /** Why attendees cannot be changed here, when they cannot. */
  lockedReason?: string | null;
}

export function AttendeePicker({ people, selected, onChange, lockedReason }: Props) {
  const nameOf = (id: string) => people.find((p) => p.id === id)?.name ?? 'Someone not in the list';
  const others = people.filter((p) => !selected.includes(p.id));
  return (
    <fieldset className="attendee-picker span-2" aria-label="Attendees">
      <legend>Attendees</legend>
      <ul className="chips" aria-label="Invited">
        {selected.map((id) => (
          <li key={id} className="attendee-chip">
            {nameOf(id)}
            {!lockedReason && (
              <button type="button" className="link-button" aria-label={`Remove ${nameOf(id)}`} onClick={() => onChange(selected.filter((x) => x !== id))}>
                ×
              </button>
            )}
          </li>
        ))}
        {!selected.length && !lockedReason && <li className="muted">Nobody invited yet: the meeting goes on your calendar only.</li>}
      </ul>
      {lockedReason ? (
        <p className="hint">{lockedReason}</p>
      ) : (
        <label>
          Add attendee
          <select value="" onChange={(e) => e.target.value && onChange([...selected, e.target.value])}>
            <option value="">Choose a person…</option>
            {others.map((p) => (
              <option key={p.id} value={p.id} disabled={!p.emails.length}>
                {p.name}
                {p.emails.length ? ` <${p.emails[0]}>` : ' (no email address)'}
              </option>
            ))}
          </select>
        </label>
      )}
    </fieldset>
  );
}
