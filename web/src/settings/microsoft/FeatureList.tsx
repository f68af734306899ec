/** The connected account's features: what is on, what can be enabled, what needs an administrator. */
import type { Feature } from './api.js';

interface Props {
  features: Feature[];
  busy: boolean;
  onEnable(id: string): void;
  onAuthorizeOrg(id: string): void;
}

function label(f: Feature): string {
  if (f.state === 'granted') return 'On';
  if (f.state === 'needs_admin_approval') return 'Needs admin approval';
  if (f.approvedForOrg) return 'Off (approved for your organization)';
  return f.adminConsent ? 'Off (may need admin approval)' : 'Off';
}

export function FeatureList({ features, busy, onEnable, onAuthorizeOrg }: Props) {
  return (
    <ul className="ms-features">
      {features.map((f) => (
        <li key={f.id} data-feature={f.id} data-state={f.state}>
          <strong>{f.title}</strong> <span className={`status status-${f.state}`}>{label(f)}</span>
          <p className="hint">{f.description}</p>
          {(f.state === 'declined' || f.state === 'available') && (
            <button type="button" disabled={busy} onClick={() => onEnable(f.id)}>
              Enable
            </button>
          )}
          {f.state !== 'granted' && f.state !== 'needs_admin_approval' && f.adminConsent && !f.approvedForOrg && (
            <p className="hint">Many organizations let only an administrator approve this. If Enable is refused, an administrator can authorize it for everyone.</p>
          )}
          {f.state === 'needs_admin_approval' && (
            <>
              <p className="hint">Your organization requires an administrator to approve this. Ask one to authorize it for the org, then try again.</p>
              <button type="button" disabled={busy} onClick={() => onEnable(f.id)}>
                Try again
              </button>
            </>
          )}
          {f.adminRoute && (
            <button type="button" disabled={busy} onClick={() => onAuthorizeOrg(f.id)}>
              Authorize {f.shortTitle} for the org
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
