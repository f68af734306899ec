/**
 * Makes a standalone Teams meeting link (POST /api/teams/links) and hands it on: compose inserts it,
 * record pages copy and show it. Without the permission it says so and offers Enable; without a
 * connection (or while the feature is not offered) there is no button.
 */
import { useState } from 'react';
import { api, ApiError, errorMessage } from '../api/client.js';
import type { Answer } from '../api/types.js';
import { goTo, microsoft } from '../settings/microsoft/api.js';
import { useTeamsState } from './useTeamsState.js';

export type TeamsLink = Answer<'POST /api/teams/links'>;

export function TeamsLinkButton({ label, subject, onLink }: { label: string; subject: () => string; onLink(link: TeamsLink): void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [canEnable, setCanEnable] = useState(false);
  const state = useTeamsState();

  const make = () => {
    setBusy(true);
    setError(null);
    api.post<TeamsLink>('/api/teams/links', { subject: subject().trim() || 'Microsoft Teams meeting' }).then(onLink, (err: unknown) => {
      setError(errorMessage(err));
      setCanEnable(err instanceof ApiError && err.status === 403 && err.code === 'feature_not_granted' && /^Enable /.test(err.message));
    }).finally(() => setBusy(false));
  };
  const enable = () => void microsoft.enable('teamsMeetings').then((r) => goTo(r.authorizeUrl), (err: unknown) => setError(errorMessage(err)));

  if (state === 'hidden') return null;
  return (
    <span className="teams-link">
      <button type="button" disabled={busy} onClick={make}>{busy ? 'Creating…' : label}</button>
      {error && (
        <span className="error" role="alert">
          {error} {canEnable && <button type="button" className="link-button" onClick={enable}>Enable</button>}
        </span>
      )}
    </span>
  );
}
