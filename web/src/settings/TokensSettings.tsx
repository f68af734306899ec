import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { errorMessage } from '../api/client.js';
import { tokens } from '../api/resources.js';
import type { ApiTokenInfo, CreatedApiToken } from '../api/types.js';
import { ErrorText } from '../components/ErrorText.js';
import { formatDateTime } from '../components/format.js';
import { useAction } from '../hooks/useAction.js';
import { NewTokenNotice } from './NewTokenNotice.js';

export function TokensSettings() {
  const [items, setItems] = useState<ApiTokenInfo[]>([]);
  const [name, setName] = useState('');
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const { busy, error, setError, run } = useAction();

  const load = useCallback(() => {
    tokens.list().then((res) => setItems(res.items), (err: unknown) => setError(errorMessage(err)));
  }, []);
  useEffect(load, [load]);

  const create = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      setCreated(await tokens.create(name.trim()));
      setName('');
      load();
    });
  };

  // Not through run: revoking one token must not disable the Create button.
  const revoke = async (token: ApiTokenInfo) => {
    setError(null);
    try {
      await tokens.revoke(token.id);
      if (created?.id === token.id) setCreated(null);
      load();
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <section className="card">
      <h2>Personal API tokens</h2>
      <p className="muted">
        Scripts use a token as <code>Authorization: Bearer …</code>. A token acts as you, in the workspace that is current when you
        create it.
      </p>
      <form className="inline-form" onSubmit={create}>
        <label>
          Token name
          <input required value={name} onChange={(e) => setName(e.target.value)} placeholder="Nightly import" />
        </label>
        <button type="submit" className="primary" disabled={busy}>
          Create token
        </button>
      </form>
      {created && <NewTokenNotice token={created} onDismiss={() => setCreated(null)} />}
      <ErrorText error={error} />
      {items.length ? (
        <table className="table" aria-label="API tokens">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((t) => (
              <tr key={t.id}>
                <td>{t.name}</td>
                <td>{formatDateTime(t.createdAt)}</td>
                <td>{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : 'Never'}</td>
                <td>
                  <button type="button" className="danger" aria-label={`Revoke token ${t.name}`} onClick={() => void revoke(t)}>
                    Revoke
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="empty">No tokens yet.</p>
      )}
    </section>
  );
}
