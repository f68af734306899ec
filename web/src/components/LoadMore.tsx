/** The footer of a paginated list. */
interface Props {
  hasMore: boolean;
  loading: boolean;
  onMore(): void;
}

export function LoadMore({ hasMore, loading, onMore }: Props) {
  if (!hasMore) return null;
  return (
    <div className="load-more">
      <button type="button" onClick={onMore} disabled={loading}>
        {loading ? 'Loading…' : 'Load more'}
      </button>
    </div>
  );
}
