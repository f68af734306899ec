/** Placeholder until the Outlook mail sync (issue 4) fills the inbox. */
import { Link } from '../router.js';

export function InboxPage() {
  return (
    <section>
      <h1>Inbox</h1>
      <div className="card empty-state">
        <p>
          Connect Microsoft 365 in <Link to="/settings/integrations">Settings → Integrations</Link> to see your Outlook mail here.
        </p>
      </div>
    </section>
  );
}
