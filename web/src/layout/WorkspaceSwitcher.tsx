import { useAction } from '../hooks/useAction.js';
import { navigate } from '../router.js';
import { useSession, useSessionApi } from '../session.js';

export function WorkspaceSwitcher() {
  const session = useSession();
  const { switchWorkspace } = useSessionApi();
  const { error, run } = useAction();

  const change = (workspaceId: string) =>
    run(async () => {
      await switchWorkspace(workspaceId);
      // Record pages belong to the old workspace: start again from a list.
      navigate('/people');
    });

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
