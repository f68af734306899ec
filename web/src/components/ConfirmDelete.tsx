/** A delete button that asks once more, inline, before doing anything irreversible. */
import { useState } from 'react';
import { useAction } from '../hooks/useAction.js';
import { ErrorText } from './ErrorText.js';

interface Props {
  /** What is being deleted, as the user knows it: "person Ada Lovelace". */
  what: string;
  onConfirm(): Promise<void>;
  label?: string;
  /** What else the delete does, said before it is confirmed ("It is also deleted from Outlook contacts"). */
  detail?: string | null;
}

export function ConfirmDelete({ what, onConfirm, label = 'Delete', detail }: Props) {
  const [asking, setAsking] = useState(false);
  const { busy, error, run } = useAction();

  if (!asking) {
    return (
      <button type="button" className="danger" onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  const confirm = () => run(onConfirm, { keepBusy: true });
  return (
    <div className="confirm" role="group" aria-label="Confirm delete">
      <span>Delete {what}? {detail ? `${detail} ` : ''}This cannot be undone.</span>
      <button type="button" className="danger" onClick={confirm} disabled={busy}>
        Yes, delete
      </button>
      <button type="button" onClick={() => setAsking(false)} disabled={busy}>
        Cancel
      </button>
      <ErrorText error={error} />
    </div>
  );
}
