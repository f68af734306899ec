import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../api/client.js';
import { integrations } from '../api/resources.js';
import type { Integrations } from '../api/types.js';
import { ErrorText } from '../components/ErrorText.js';
import { MicrosoftCard } from './MicrosoftCard.js';

export function IntegrationsSettings() {
  const [data, setData] = useState<Integrations | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    integrations.get().then(
      (res) => {
        setData(res);
        setError(null);
      },
      (err: unknown) => setError(errorMessage(err)),
    );
  }, []);
  useEffect(load, [load]);

  return (
    <div className="settings-grid">
      <ErrorText error={error} />
      {data ? <MicrosoftCard microsoft={data.microsoft} onChanged={load} /> : !error && <p className="empty">Loading…</p>}
    </div>
  );
}
