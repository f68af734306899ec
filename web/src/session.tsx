/**
 * Who is signed in, and in which workspace. Loaded once from GET /api/session; sign-in, sign-up,
 * sign-out and the workspace switch update it, keep the client's CSRF token current, and (re)open
 * the live-update stream for the current workspace.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, onUnauthorized, setCsrfToken } from './api/client.js';
import { auth } from './api/resources.js';
import type { Session } from './api/types.js';
import { resetConnection } from './integration/connection.js';
import { connectLive, disconnectLive } from './live.js';

type SessionState = { status: 'loading' } | { status: 'signedOut' } | { status: 'signedIn'; session: Session };

interface SessionApi {
  state: SessionState;
  signIn(email: string, password: string): Promise<void>;
  signUp(name: string, email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  switchWorkspace(workspaceId: string): Promise<void>;
  refresh(): Promise<void>;
}

const SessionContext = createContext<SessionApi | null>(null);

async function loadSession(): Promise<Session | null> {
  try {
    return await auth.session();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const apply = useCallback((session: Session | null) => {
    setCsrfToken(session?.csrfToken ?? null);
    setState(session ? { status: 'signedIn', session } : { status: 'signedOut' });
  }, []);

  const refresh = useCallback(async () => apply(await loadSession()), [apply]);

  useEffect(() => {
    refresh().catch(() => setState({ status: 'signedOut' }));
  }, [refresh]);

  useEffect(() => {
    onUnauthorized(() => apply(null));
    return () => onUnauthorized(null);
  }, [apply]);

  const signedInWorkspace = state.status === 'signedIn' ? state.session.workspace.id : null;
  useEffect(() => {
    if (!signedInWorkspace) return;
    connectLive();
    return () => {
      disconnectLive();
      // The next session may be another user's, with another account (or none).
      resetConnection();
    };
  }, [signedInWorkspace]);

  const value = useMemo<SessionApi>(
    () => ({
      state,
      refresh,
      async signIn(email, password) {
        const result = await auth.signIn({ email, password });
        setCsrfToken(result.csrfToken);
        await refresh();
      },
      async signUp(name, email, password) {
        const result = await auth.signUp({ name, email, password });
        setCsrfToken(result.csrfToken);
        await refresh();
      },
      async signOut() {
        try {
          await auth.signOut();
        } finally {
          apply(null);
        }
      },
      async switchWorkspace(workspaceId) {
        apply(await auth.switchWorkspace(workspaceId));
      },
    }),
    [state, refresh, apply],
  );

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSessionApi(): SessionApi {
  const api = useContext(SessionContext);
  if (!api) throw new Error('useSessionApi outside SessionProvider');
  return api;
}

/** The signed-in session; only for components rendered inside the signed-in shell. */
export function useSession(): Session {
  const { state } = useSessionApi();
  if (state.status !== 'signedIn') throw new Error('useSession while signed out');
  return state.session;
}
