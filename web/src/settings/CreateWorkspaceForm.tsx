import { useState, type FormEvent } from 'react';
import { errorMessage } from '../api/client.js';
import { workspaces } from '../api/resources.js';
import { ErrorText } from '../components/ErrorText.js';
import { useSessionApi } from '../session.js';

export function CreateWorkspaceForm() {
  const { switchWorkspace } = useSessionApi();
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const created = await workspaces.create(name.trim());
      setName('');
      await switchWorkspace(created.id);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card">
      <h2>New workspace</h2>
      <form className="inline-form" onSubmit={submit}>
        <label>
          Workspace name
          <input required value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <button type="submit" disabled={busy}>
          Create workspace
        </button>
      </form>
      <ErrorText error={error} />
    </section>
  );
}
