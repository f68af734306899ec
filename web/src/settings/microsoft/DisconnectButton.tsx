/** Disconnect, after a confirmation that says exactly what goes and what stays. */
import { useState } from 'react';

export function DisconnectButton({ busy, onConfirm }: { busy: boolean; onConfirm(): void }) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" className="danger" disabled={busy} onClick={() => setAsking(true)}>
        Disconnect
      </button>
    );
  }
  return (
    <div className="confirm" role="alertdialog" aria-label="Confirm disconnect">
      <span>
        Disconnect Microsoft 365? Tandem stops syncing and deletes the mail and other data it synced. Your Microsoft 365 data stays in your Microsoft account.
      </span>
      <button type="button" className="danger" disabled={busy} onClick={onConfirm}>
        Yes, disconnect
      </button>
      <button type="button" disabled={busy} onClick={() => setAsking(false)}>
        Keep connected
      </button>
    </div>
  );
}
