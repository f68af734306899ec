/** The "Teams meeting" choice: offered only where the calendar allows Teams, otherwise why not. */
interface Props {
  available: boolean;
  reason: string | null;
  /** The event already is a Teams meeting (Outlook keeps its link; it cannot be turned off here). */
  alreadyOnline: boolean;
  checked: boolean;
  onChange(checked: boolean): void;
}

export function TeamsOption({ available, reason, alreadyOnline, checked, onChange }: Props) {
  if (alreadyOnline) return <p className="hint span-2">This is a Teams meeting; its join link stays as it is.</p>;
  if (!available) return <p className="hint span-2">Teams meeting: not available. {reason ?? 'Your calendar does not offer Teams meetings.'}</p>;
  return (
    <label className="inline span-2">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      Teams meeting (adds a join link)
    </label>
  );
}
