/**
 * A transient notice ("Message sent.") that floats over the page, so showing it never moves what
 * the user is looking at, and goes away by itself.
 */
import { useEffect, useState } from 'react';

export interface Notice { text: string; at: number }

/** A notice to show; `notify` again with the same text shows it again. */
export function useNotice(): [Notice | null, (text: string) => void] {
  const [notice, setNotice] = useState<Notice | null>(null);
  return [notice, (text: string) => setNotice(text ? { text, at: Date.now() } : null)];
}

export function Toast({ notice, ms = 4000 }: { notice: Notice | null; ms?: number }) {
  const [shown, setShown] = useState<Notice | null>(notice);
  useEffect(() => {
    setShown(notice);
    if (!notice) return;
    const timer = setTimeout(() => setShown(null), ms);
    return () => clearTimeout(timer);
  }, [notice, ms]);
  return (
    <div className="toast-region" aria-live="polite">
      {shown && <p className="toast" role="status">{shown.text}</p>}
    </div>
  );
}
