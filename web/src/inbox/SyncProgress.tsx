/** The initial-sync bar (synced / total) at the top of the inbox, from GET /api/microsoft's health. */
export interface Progress { synced: number; total: number | null }

export function initialProgress(view: unknown): Progress | null {
  const health = (view as { health?: unknown } | null)?.health;
  const rows = Array.isArray(health) ? health : ((health as { resources?: unknown } | null)?.resources as unknown[] | undefined) ?? [];
  for (const r of rows as Array<{ resource?: string; state?: string; progress?: { synced?: number; total?: number | null } }>) {
    if (r.state === 'initial' && typeof r.progress?.synced === 'number') return { synced: r.progress.synced, total: r.progress.total ?? null };
  }
  return null;
}

export function SyncProgress({ progress }: { progress: Progress }) {
  const pct = progress.total ? Math.min(100, Math.floor((progress.synced / progress.total) * 100)) : null;
  return (
    <div className="card sync-progress" role="status">
      <span>Importing your mail: {progress.synced}{progress.total ? ` / ${progress.total}` : ''}</span>
      <progress max={progress.total ?? undefined} value={progress.total ? progress.synced : undefined} aria-label="Initial mail sync" style={{ width: '100%' }} />
      {pct !== null && <span className="muted"> {pct}%</span>}
    </div>
  );
}
