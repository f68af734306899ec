/**
 * Whether Teams links can be offered: the feature's state from GET /api/microsoft, read once per
 * page load. Not connected or "coming soon" hides the buttons; declined shows them, to offer Enable.
 */
import { useEffect, useState } from 'react';
import { microsoft } from '../settings/microsoft/api.js';

type TeamsState = 'hidden' | 'granted' | 'declined';
let cached: Promise<TeamsState> | null = null;

function load(): Promise<TeamsState> {
  cached ??= microsoft.get().then((c) => {
    const f = c.features.find((x) => x.id === 'teamsMeetings');
    if (c.status !== 'active' || !f || f.state === 'coming_soon') return 'hidden';
    return f.state === 'granted' ? 'granted' : 'declined';
  }, () => 'hidden');
  return cached;
}

export function useTeamsState(): TeamsState {
  const [state, setState] = useState<TeamsState>('hidden');
  useEffect(() => {
    let live = true;
    void load().then((s) => live && setState(s));
    return () => { live = false; };
  }, []);
  return state;
}
