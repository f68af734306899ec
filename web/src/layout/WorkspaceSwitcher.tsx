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
      {/* aria-label rather than a wrapping <label>: a wrapped select adds its selected option to the name */}
      <select aria-label="Workspace" value={session.workspace.id} onChange={(e) => void change(e.target.value)}>
        {session.workspaces.map((ws) => (
          <option key={ws.id} value={ws.id}>
            {ws.name}
          </option>
        ))}
      </select>
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
