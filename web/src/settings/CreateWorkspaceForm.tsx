import { useState, type FormEvent } from 'react';
import { workspaces } from '../api/resources.js';
import { ErrorText } from '../components/ErrorText.js';
import { useAction } from '../hooks/useAction.js';
import { useSessionApi } from '../session.js';

export function CreateWorkspaceForm() {
  const { switchWorkspace } = useSessionApi();
  const [name, setName] = useState('');
  const { busy, error, run } = useAction();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const created = await workspaces.create(name.trim());
      // Cleared before the switch: the workspace exists even if switching to it fails.
      setName('');
      await switchWorkspace(created.id);
    });
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
