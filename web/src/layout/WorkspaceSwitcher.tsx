import { useState } from 'react';
import { errorMessage } from '../api/client.js';
import { navigate } from '../router.js';
import { useSession, useSessionApi } from '../session.js';

export function WorkspaceSwitcher() {
  const session = useSession();
  const { switchWorkspace } = useSessionApi();
  const [error, setError] = useState<string | null>(null);

  const change = async (workspaceId: string) => {
    setError(null);
    try {
      await switchWorkspace(workspaceId);
      // Record pages belong to the old workspace: start again from a list.
      navigate('/people');
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <div className="workspace-switcher">
      <label>
        <span className="visually-hidden">Workspace</span>
        <select value={session.workspace.id} onChange={(e) => void change(e.target.value)}>
          {session.workspaces.map((ws) => (
            <option key={ws.id} value={ws.id}>
              {ws.name}
            </option>
          ))}
        </select>
      </label>
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
