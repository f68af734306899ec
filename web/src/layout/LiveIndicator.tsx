/** Tells the user whether changes made elsewhere show up by themselves right now. */
import { useLiveStatus } from '../live.js';

const TEXT = { open: 'Live', connecting: 'Reconnecting…', off: 'Offline' } as const;

export function LiveIndicator() {
  const state = useLiveStatus();
  return (
    <span className={`live live-${state}`} data-testid="live-status" data-state={state} title="Live updates from other tabs and teammates">
      <span className="live-dot" aria-hidden="true" />
      {TEXT[state]}
    </span>
  );
}
