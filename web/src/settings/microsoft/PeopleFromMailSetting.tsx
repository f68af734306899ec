/** "Create people from mail": one choice for the whole workspace, about every member's connected mailbox. */
import { useEffect, useState } from 'react';
import { api, errorMessage, request } from '../../api/client.js';
import type { Answer } from '../../api/types.js';
import { ErrorText } from '../../components/ErrorText.js';

type Settings = Answer<'GET /api/workspace/people-from-mail'>;
const PATH = '/api/workspace/people-from-mail';

const MODES: Array<{ mode: Settings['mode']; label: string; hint: string }> = [
  { mode: 'sent', label: 'People I send mail to', hint: 'Everyone you write to (To or Cc) becomes a person, with their company.' },
  { mode: 'all', label: 'Everyone I exchange mail with', hint: 'Also people who write to you, and others on those emails.' },
  { mode: 'off', label: "Don't create people from mail", hint: 'Mail still shows on the timeline of people you add yourself.' },
];

export function PeopleFromMailSetting() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    api.get<Settings>(PATH).then(setSettings, (err: unknown) => setError(errorMessage(err)));
  }, []);
  if (!settings) return error ? <ErrorText error={error} /> : null;
  const save = async (next: Settings) => {
    setBusy(true);
    setError(null);
    try {
      setSettings(await request<Answer<'PUT /api/workspace/people-from-mail'>>('PUT', PATH, { body: next }));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <fieldset className="choice-setting" data-testid="people-from-mail">
      <legend>Create people from mail</legend>
      <p className="hint">
        For everyone in this workspace. Tandem skips no-reply and notification senders and your own address. People get their company from their email
        domain (not for Gmail, Outlook.com and the like).
      </p>
      {MODES.map((m) => (
        <div key={m.mode}>
          <label>
            <input type="radio" name="people-from-mail" value={m.mode} checked={settings.mode === m.mode} disabled={busy}
              onChange={() => void save({ ...settings, mode: m.mode })} data-testid={`people-from-mail-${m.mode}`} />
            {m.label}
          </label>
          <p className="hint choice-hint">{m.hint}</p>
        </div>
      ))}
      <label>
        <input type="checkbox" checked={settings.includeColleagues} disabled={busy || settings.mode === 'off'}
          onChange={(e) => void save({ ...settings, includeColleagues: e.target.checked })} data-testid="people-from-mail-colleagues" />
        Include colleagues (people at my own email domain)
      </label>
      <ErrorText error={error} />
    </fieldset>
  );
}
