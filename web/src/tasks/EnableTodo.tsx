/** "Enable" for To Do when it was declined: the same incremental consent as Settings → Integrations. */
import { ErrorText } from '../components/ErrorText.js';
import { useAction } from '../hooks/useAction.js';
import { Link } from '../router.js';
import { goTo, microsoft } from '../settings/microsoft/api.js';
import { TODO_FEATURE, type TodoAccess } from './useTodoAccess.js';

export function EnableTodo({ access }: { access: TodoAccess }) {
  const { busy, error, run } = useAction();
  if (access === 'not_connected') {
    return (
      <span className="hint">
        Connect Microsoft 365 in <Link to="/settings/integrations">Settings → Integrations</Link> to sync with To Do.
      </span>
    );
  }
  if (access !== 'not_granted') return null;
  const enable = () => void run(async () => goTo((await microsoft.enable(TODO_FEATURE)).authorizeUrl), { keepBusy: true });
  return (
    <span className="hint">
      Tandem has no access to your Microsoft To Do.{' '}
      <button type="button" className="link-button" disabled={busy} onClick={enable}>
        Enable
      </button>
      <ErrorText error={error} />
    </span>
  );
}
