/** "Add people I create to Outlook contacts": the user's own choice, off until they turn it on. */
import { useEffect, useState } from 'react';
import { api, errorMessage, request } from '../../api/client.js';
import type { Answer } from '../../api/types.js';
import { ErrorText } from '../../components/ErrorText.js';

type Settings = Answer<'GET /api/microsoft/contacts/settings'>;

export function ContactsSetting() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    api.get<Settings>('/api/microsoft/contacts/settings').then(setSettings, (err: unknown) => setError(errorMessage(err)));
  }, []);
  if (!settings) return error ? <ErrorText error={error} /> : null;
  const toggle = async (on: boolean) => {
    setBusy(true);
    setError(null);
    try {
      setSettings(await request<Answer<'PUT /api/microsoft/contacts/settings'>>('PUT', '/api/microsoft/contacts/settings', { body: { addCreatedPeople: on } }));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="setting">
      <label>
        <input type="checkbox" checked={settings.addCreatedPeople} disabled={busy} onChange={(e) => void toggle(e.target.checked)} data-testid="contacts-add-created" />{' '}
        Add people I create to Outlook contacts
      </label>
      <p className="hint">People you create in Tandem are added to your default Outlook contacts folder. People already in Outlook stay in sync either way.</p>
      <ErrorText error={error} />
    </div>
  );
}
