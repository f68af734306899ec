/**
 * Tandem's own permission review before going to Microsoft. Microsoft's prompt is accept-or-cancel,
 * so choosing which permissions to give happens here; only what stays ticked is asked for. A
 * feature Tandem does not have yet is listed, so nobody wonders where it went, but cannot be ticked.
 */
import { useState } from 'react';
import type { Feature } from './api.js';

interface Props {
  features: Feature[];
  busy: boolean;
  onContinue(features: string[]): void;
  onCancel(): void;
}

const comingSoon = (f: Feature) => f.state === 'coming_soon';

export function ReviewScreen({ features, busy, onContinue, onCancel }: Props) {
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(features.filter((f) => f.preselected && !comingSoon(f)).map((f) => f.id)));
  const toggle = (id: string) =>
    setChosen((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <div className="ms-review" role="group" aria-labelledby="ms-review-heading">
      <h3 id="ms-review-heading">Review permissions</h3>
      <p className="hint">Untick anything you do not want Tandem to use. You can enable it later.</p>
      <ul className="ms-features">
        {features.map((f) => (
          <li key={f.id} data-feature={f.id}>
            <label>
              <input
                type="checkbox"
                name={f.id}
                checked={f.required || (!comingSoon(f) && chosen.has(f.id))}
                disabled={f.required || comingSoon(f) || busy}
                onChange={() => toggle(f.id)}
                aria-describedby={`ms-feature-${f.id}`}
              />{' '}
              <strong>{f.title}</strong>
              {f.required && <span className="hint"> (always required)</span>}
              {comingSoon(f) && <span className="status status-coming_soon">Coming soon</span>}
              {f.adminConsent && !comingSoon(f) && <span className="hint"> (may need an administrator)</span>}
            </label>
            <p id={`ms-feature-${f.id}`} className="hint">
              {f.description} {comingSoon(f) ? 'Tandem does not ask Microsoft for this yet.' : <code>{f.scopes.join(', ')}</code>}
            </p>
          </li>
        ))}
      </ul>
      <button type="button" className="primary" disabled={busy} onClick={() => onContinue(features.filter((f) => !f.required && !comingSoon(f) && chosen.has(f.id)).map((f) => f.id))}>
        Continue to Microsoft
      </button>
      <button type="button" disabled={busy} onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
