/**
 * After a disconnect: what Tandem removed, that Microsoft 365 itself was not touched, and where to
 * withdraw the permissions at Microsoft (Tandem cannot: the grant lives in the user's account).
 */
import type { Connection } from './api.js';

type Receipt = NonNullable<Connection['lastDisconnect']>;

function removedSentence(r: Receipt): string {
  const parts = r.removed.filter((x) => x.count > 0).map((x) => `${x.count.toLocaleString()} ${x.what}`);
  return parts.length ? `Removed from Tandem: ${parts.join(', ')}.` : 'Nothing synced was left to remove.';
}

export function DisconnectReceipt({ receipt, busy, onDismiss }: { receipt: Receipt; busy: boolean; onDismiss(): void }) {
  if (!receipt.finishedAt) {
    return (
      <p className="hint" role="status" data-testid="disconnect-receipt">
        Disconnecting {receipt.username}: removing synced data from Tandem…
      </p>
    );
  }
  const { url, page } = receipt.revoke;
  return (
    <div className="notice" role="status" data-testid="disconnect-receipt">
      <p>
        <strong>Disconnected {receipt.username}.</strong> {removedSentence(receipt)}
        {receipt.subscriptionsStopped > 0 &&
          ` Stopped ${receipt.subscriptionsStopped} change ${receipt.subscriptionsStopped === 1 ? 'subscription' : 'subscriptions'} at Microsoft.`}{' '}
        Nothing was changed or deleted in Microsoft 365.
      </p>
      <p>
        Tandem still holds the permissions you granted at Microsoft. To withdraw them, remove Tandem in{' '}
        {url ? (
          <a href={url} target="_blank" rel="noopener noreferrer">
            {page}
          </a>
        ) : (
          page
        )}
        .
      </p>
      <button type="button" disabled={busy} onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
