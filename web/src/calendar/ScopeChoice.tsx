/** For an event of a recurring series: "This occurrence or the whole series?" before editing or cancelling. */
import type { Scope } from './calendarApi.js';

interface Props {
  action: string;
  onChoose(scope: Scope): void;
  onBack(): void;
}

export function ScopeChoice({ action, onChoose, onBack }: Props) {
  return (
    <div className="scope-choice" role="group" aria-label={`${action}: this occurrence or the whole series?`}>
      <p>{action}: this occurrence or the whole series?</p>
      <div className="actions">
        <button type="button" onClick={() => onChoose('occurrence')}>
          This occurrence
        </button>
        <button type="button" onClick={() => onChoose('series')}>
          The whole series
        </button>
        <button type="button" className="link-button" onClick={onBack}>
          Back
        </button>
      </div>
    </div>
  );
}
