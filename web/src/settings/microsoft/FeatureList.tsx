/** The connected account's features: what is on, what can be enabled, what needs an administrator, what is coming. */
import type { Feature } from './api.js';
import { RESOURCE_LABEL, stateText } from './syncState.js';

interface Props {
  features: Feature[];
  busy: boolean;
  onEnable(id: string): void;
  onAuthorizeOrg(id: string): void;
}

/** "Needs admin approval" only where the tenant actually refused: a typically admin-only feature that was merely declined is plain "Off". */
function label(f: Feature): string {
  switch (f.state) {
    case 'granted': return 'On';
    case 'coming_soon': return 'Coming soon';
    case 'needs_admin_approval': return 'Needs admin approval';
    default: return f.approvedForOrg ? 'Off (approved for your organization)' : 'Off';
  }
}

function SyncStates({ f }: { f: Feature }) {
  if (f.state !== 'granted' || !f.syncHealth.length) return null;
  return (
    <p className="hint ms-feature-sync">
      {f.syncHealth.map((h) => (
        <span key={h.resource} data-resource={h.resource} data-sync-state={h.state} className={`sync-state sync-state-${h.state}`}>
          {f.syncHealth.length > 1 ? `${RESOURCE_LABEL[h.resource] ?? h.resource}: ` : ''}
          {stateText(h)}
          {h.state === 'error' && h.lastError ? ` (${h.lastError})` : ''}
        </span>
      ))}
    </p>
  );
}

export function FeatureList({ features, busy, onEnable, onAuthorizeOrg }: Props) {
  return (
    <ul className="ms-features">
      {features.map((f) => (
        <li key={f.id} data-feature={f.id} data-state={f.state}>
          <strong>{f.title}</strong> <span className={`status status-${f.state}`}>{label(f)}</span>
          <SyncStates f={f} />
          <p className="hint">{f.description}</p>
          {(f.state === 'declined' || f.state === 'available') && (
            <button type="button" disabled={busy} onClick={() => onEnable(f.id)}>
              Enable
            </button>
          )}
          {(f.state === 'declined' || f.state === 'available') && f.adminRoute && (
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
