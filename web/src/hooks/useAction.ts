/**
 * Busy and error state for a user action (a form submit, a button): while the request is in flight
 * the control is disabled so it cannot be sent twice, and a failure is shown next to what caused it.
 */
import { useCallback, useState } from 'react';
import { errorMessage } from '../api/client.js';

export interface RunOptions {
  /**
   * Stay busy after success. For work that ends by leaving (sign-in, a delete that closes the
   * record, a redirect to Microsoft): re-enabling the control before it goes would invite a second click.
   */
  keepBusy?: boolean;
}

export interface Action {
  busy: boolean;
  error: string | null;
  /** For errors that run does not see but that belong in the same place, e.g. a failed load. */
  setError(error: string | null): void;
  /** Never rejects: a failure lands in `error` and resolves false, so callers reset forms only on true. */
  run(work: () => Promise<unknown>, options?: RunOptions): Promise<boolean>;
}

export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = useCallback(async (work: () => Promise<unknown>, options: RunOptions = {}) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      if (!options.keepBusy) setBusy(false);
      return true;
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
      return false;
    }
  }, []);

  return { busy, error, setError, run };
}
