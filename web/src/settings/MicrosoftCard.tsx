/**
 * The Microsoft 365 card in Settings → Integrations, fed by GET /api/integrations.
 * Today it shows the connection status and the (not yet active) Connect button. Issue 4 fills in
 * the rest inside this card: the permissions review before connecting, per-resource sync health,
 * reconnect, and disconnect; `onChanged` lets those actions ask the page to re-read the status.
 */
import type { MicrosoftIntegration } from '../api/types.js';

const STATUS_LABEL: Record<string, string> = {
  not_connected: 'Not connected',
  connected: 'Connected',
  needs_reconnect: 'Needs reconnect',
};

interface Props {
  microsoft: MicrosoftIntegration;
  onChanged(): void;
}

export function MicrosoftCard({ microsoft }: Props) {
  const label = STATUS_LABEL[microsoft.status] ?? microsoft.status;
  const configured = microsoft.configured !== false;

  return (
    <section className="card integration" aria-labelledby="ms365-heading">
      <div className="integration-head">
        <div className="integration-logo" aria-hidden="true">
          <span />
          <span />
          <span />
          <span />
        </div>
        <div>
          <h2 id="ms365-heading">Microsoft 365</h2>
          <p className="muted">Outlook mail, calendar, contacts, To Do and files, synced with your CRM in real time.</p>
        </div>
        <span className={`status status-${microsoft.status}`} data-testid="microsoft-status">
          {label}
        </span>
      </div>
      {microsoft.status === 'not_connected' && (
        <div className="integration-body">
          <button type="button" className="primary" disabled aria-describedby="ms365-connect-note">
            Connect Microsoft
          </button>
          <p id="ms365-connect-note" className="hint">
            {configured
              ? 'Connecting a Microsoft 365 account arrives in the next release.'
              : 'This server has no Microsoft app registration yet (MS_CLIENT_ID and MS_CLIENT_SECRET).'}
          </p>
        </div>
      )}
    </section>
  );
}
