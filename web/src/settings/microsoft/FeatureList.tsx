/** The connected account's features: what is on, what can be enabled, what needs an administrator. */
import type { Feature } from './api.js';

interface Props {
  features: Feature[];
  busy: boolean;
  onEnable(id: string): void;
  onAuthorizeOrg(id: string): void;
}

const STATE_LABEL: Record<string, string> = {
  granted: 'On',
  declined: 'Off',
  needs_admin_approval: 'Needs admin approval',
  available: 'Off',
};

export function FeatureList({ features, busy, onEnable, onAuthorizeOrg }: Props) {
  return (
    <ul className="ms-features">
      {features.map((f) => (
        <li key={f.id} data-feature={f.id} data-state={f.state}>
          <strong>{f.title}</strong> <span className={`status status-${f.state}`}>{STATE_LABEL[f.state] ?? f.state}</span>
          <p className="hint">{f.description}</p>
          {f.state === 'declined' || f.state === 'available' ? (
            <button type="button" disabled={busy} onClick={() => onEnable(f.id)}>
              Enable
            </button>
          ) : null}
          {f.state === 'needs_admin_approval' && (
            <>
              <p className="hint">Your organization requires an administrator to approve this.</p>
              {!f.adminConsent && (
                <button type="button" disabled={busy} onClick={() => onEnable(f.id)}>
                  Try again
                </button>
              )}
            </>
          )}
          {f.adminConsent && f.state !== 'granted' && (
            <button type="button" disabled={busy} onClick={() => onAuthorizeOrg(f.id)}>
              Authorize {f.title.split(' ')[0]} for the org
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
