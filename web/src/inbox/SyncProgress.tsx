/** The initial-sync bar (synced / total) at the top of the inbox, from GET /api/microsoft's health. */
import type { Connection } from '../settings/microsoft/api.js';

export interface Progress { synced: number; total: number | null; percent: number }

/** The mail resource's initial-sync progress, or null once it is past its initial sync. */
export function initialProgress(view: Connection | null): Progress | null {
  const mail = view?.health?.resources.find((r) => r.resource === 'mail');
  if (!mail || mail.state !== 'initial') return null;
  return { synced: mail.itemsSynced, total: mail.itemsTotal, percent: mail.percent ?? 0 };
}

export function SyncProgress({ progress }: { progress: Progress }) {
  return (
    <div className="card sync-progress" role="status" data-testid="sync-progress">
      <span>
        Importing your mail: {progress.synced}
        {progress.total !== null ? ` of ${progress.total}` : ''} messages
      </span>
      {/* No total yet: an indeterminate bar rather than a made-up percentage. */}
      <progress max={100} value={progress.total !== null ? progress.percent : undefined} aria-label="Initial mail sync" />
      {progress.total !== null && <span className="muted">{progress.percent}%</span>}
    </div>
  );
}
