/**
 * The Microsoft 365 card in Settings → Integrations. Reads GET /api/microsoft (the integration's own
 * view of this user's connection); when the server has no Microsoft app configured that route does
 * not exist and the card says so using the summary from GET /api/integrations.
 */
import { useCallback, useEffect, useState } from 'react';
import { ApiError, errorMessage } from '../api/client.js';
import type { MicrosoftIntegration } from '../api/types.js';
import { ErrorText } from '../components/ErrorText.js';
import { useAction } from '../hooks/useAction.js';
import { useLiveEvent } from '../live.js';
import { goTo, microsoft, type Connection } from './microsoft/api.js';
import { DisconnectButton } from './microsoft/DisconnectButton.js';
import { DisconnectReceipt } from './microsoft/DisconnectReceipt.js';
import { FeatureList } from './microsoft/FeatureList.js';
import { ContactsSetting } from './microsoft/ContactsSetting.js';
import { PeopleFromMailSetting } from './microsoft/PeopleFromMailSetting.js';
import { HealthTable } from './microsoft/HealthTable.js';
import { AdminApprovalHelp } from './microsoft/AdminApprovalHelp.js';
import { adminApprovalHelp, callbackNotice } from './microsoft/messages.js';
import { ReviewScreen } from './microsoft/ReviewScreen.js';
import { useSyncRefresh } from './microsoft/useSyncRefresh.js';

const STATUS_LABEL: Record<string, string> = {
  not_connected: 'Not connected',
  active: 'Connected',
  needs_reconnect: 'Needs reconnect',
  disconnecting: 'Disconnecting…',
};

interface Props {
  microsoft: MicrosoftIntegration;
  onChanged(): void;
}

export function MicrosoftCard({ microsoft: summary, onChanged }: Props) {
  const [conn, setConn] = useState<Connection | null>(null);
  const [unavailable, setUnavailable] = useState(false);
  const [reviewing, setReviewing] = useState(false);
  const { busy, error, setError, run } = useAction();
  const [notice] = useState(() => callbackNotice(window.location.search));
  const [approvalHelp] = useState(() => adminApprovalHelp(window.location.search));

  const load = useCallback(() => {
    microsoft.get().then(
      (c) => {
        setConn(c);
        setUnavailable(false);
      },
      (err: unknown) => {
        if (err instanceof ApiError && err.status === 404) setUnavailable(true);
        else setError(errorMessage(err));
      },
    );
  }, []);
  useEffect(load, [load]);
  // Quietly: a failed refresh keeps the last answer on screen rather than flashing an error.
  const refresh = useCallback(() => microsoft.get().then(setConn), []);
  useSyncRefresh(conn?.health ?? null, refresh);
  useLiveEvent(['microsoft.status'], () => {
    load();
    onChanged();
  });

  /** Starts a Microsoft sign-in: the server answers with the URL to send the browser to. */
  const leaveFor = (start: () => Promise<{ authorizeUrl: string }>) =>
    void run(async () => goTo((await start()).authorizeUrl), { keepBusy: true });

  const disconnect = () =>
    void run(async () => {
      await microsoft.disconnect();
      load();
    });

  const dismissReceipt = () =>
    void run(async () => {
      await microsoft.dismissDisconnect();
      load();
    });

  const status = conn?.status ?? (summary.status as string);
  // From the catalogue, so the card never promises more than Tandem does and follows each feature as it ships.
  const comingSoon = (conn?.features ?? []).filter((f) => f.state === 'coming_soon').map((f) => f.shortTitle);
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
          <p className="muted" data-testid="microsoft-summary">
            Outlook mail, synced with your CRM in real time.
            {comingSoon.length > 0 && ` Coming soon: ${comingSoon.join(', ')}.`}
          </p>
        </div>
        <span className={`status status-${status}`} data-testid="microsoft-status">
          {STATUS_LABEL[status] ?? status}
        </span>
      </div>
      {notice && !(approvalHelp && conn?.status === 'not_connected') && (
        <p className={notice.kind === 'error' ? 'error' : 'hint'} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="microsoft-notice">
          {notice.text}
        </p>
      )}
      <ErrorText error={error} />
      {unavailable && (
        <div className="integration-body">
          <button type="button" className="primary" disabled>
            Connect Microsoft
          </button>
          <p className="hint">This server has no Microsoft app registration yet (MS_CLIENT_ID and MS_CLIENT_SECRET).</p>
        </div>
      )}
      {conn?.lastDisconnect && <DisconnectReceipt receipt={conn.lastDisconnect} busy={busy} onDismiss={dismissReceipt} />}
      {conn && conn.status === 'not_connected' && (
        <div className="integration-body">
          {approvalHelp && !reviewing && (
            <AdminApprovalHelp
              help={approvalHelp}
              catalogue={conn.features}
              busy={busy}
              onConnectWith={(ids) => leaveFor(() => microsoft.connect(ids))}
              onAuthorizeOrg={(ids, organization) => leaveFor(() => microsoft.adminConsentFor(ids, organization))}
            />
          )}
          {reviewing ? (
            <ReviewScreen features={conn.features} busy={busy} onCancel={() => setReviewing(false)} onContinue={(ids) => leaveFor(() => microsoft.connect(ids))} />
          ) : (
            <button type="button" className="primary" onClick={() => setReviewing(true)}>
              Connect Microsoft
            </button>
          )}
        </div>
      )}
      {conn && conn.account && conn.status !== 'not_connected' && (
        <div className="integration-body">
          <p>
            Connected as <strong data-testid="microsoft-account">{conn.account.username}</strong>
            {conn.account.displayName ? ` (${conn.account.displayName})` : ''}
          </p>
          {conn.status === 'needs_reconnect' && (
            <div className="banner warn" role="alert">
              <p>{conn.statusMessage ?? 'Tandem lost access to this Microsoft 365 account.'}</p>
              <button type="button" className="primary" disabled={busy} onClick={() => leaveFor(microsoft.reconnect)}>
                Reconnect
              </button>
            </div>
          )}
          {conn.webhooks.mode === 'polling' && conn.webhooks.reason && <p className="hint">{conn.webhooks.reason}</p>}
          {conn.status !== 'disconnecting' && (
            <FeatureList
              features={conn.features.filter((f) => !f.required)}
              busy={busy}
              onEnable={(id) => leaveFor(() => microsoft.enable(id))}
              onAuthorizeOrg={(id) => leaveFor(() => microsoft.adminConsent(id))}
            />
          )}
          <HealthTable health={conn.health} />
          {conn.features.some((f) => f.id === 'contacts' && f.state === 'granted') && conn.status === 'active' && <ContactsSetting />}
          {conn.features.some((f) => f.id === 'mail' && f.state === 'granted') && conn.status === 'active' && <PeopleFromMailSetting />}
          {conn.status !== 'disconnecting' && <DisconnectButton busy={busy} onConfirm={disconnect} />}
        </div>
      )}
    </section>
  );
}
