import { useSession, useSessionApi } from '../session.js';
import { LiveIndicator } from './LiveIndicator.js';
import { WorkspaceSwitcher } from './WorkspaceSwitcher.js';

export function Header() {
  const { user } = useSession();
  const { signOut } = useSessionApi();
  return (
    <header className="header">
      <WorkspaceSwitcher />
      <div className="header-user">
        <LiveIndicator />
        <span className="muted" title={user.email}>
          {user.name}
        </span>
        <button type="button" onClick={() => void signOut()}>
          Sign out
        </button>
      </div>
    </header>
  );
}
