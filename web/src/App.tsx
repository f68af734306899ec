/**
 * Decides between the signed-out pages and the signed-in shell, and redirects between them:
 * a signed-in visitor of /signin goes to the app, a signed-out visitor of an app page to /signin
 * (coming back afterwards via ?next=).
 */
import { useEffect } from 'react';
import { SignIn } from './auth/SignIn.js';
import { SignUp } from './auth/SignUp.js';
import { AppShell } from './layout/AppShell.js';
import { HOME, renderRoute } from './routes.js';
import { Link, navigate, useLocation } from './router.js';
import { useSessionApi } from './session.js';

const PUBLIC_PATHS = ['/signin', '/signup'];

function safeNext(next: string | null): string {
  // Only same-site paths: never bounce to another origin after sign-in.
  return next && next.startsWith('/') && !next.startsWith('//') && !PUBLIC_PATHS.includes(next) ? next : HOME;
}

export function App() {
  const { state } = useSessionApi();
  const { pathname, search } = useLocation();
  const isPublic = PUBLIC_PATHS.includes(pathname);
  const next = search.get('next');

  useEffect(() => {
    if (state.status === 'signedIn' && (isPublic || pathname === '/')) navigate(safeNext(next), { replace: true });
    if (state.status === 'signedOut' && !isPublic) {
      const back = pathname === '/' ? '' : `?next=${encodeURIComponent(pathname + window.location.search)}`;
      navigate(`/signin${back}`, { replace: true });
    }
  }, [state.status, isPublic, pathname, next]);

  if (state.status === 'loading') return <p className="splash">Loading Tandem…</p>;
  if (state.status === 'signedOut') return pathname === '/signup' ? <SignUp /> : <SignIn />;
  if (isPublic || pathname === '/') return <p className="splash">Loading Tandem…</p>;

  const page = renderRoute(pathname);
  return (
    <AppShell>
      {/* Keyed by workspace: switching workspaces drops every page's state from the old one. */}
      <div key={state.session.workspace.id}>
        {page ?? (
          <section>
            <h1>Page not found</h1>
            <p>
              <Link to={HOME}>Go to People</Link>
            </p>
          </section>
        )}
      </div>
    </AppShell>
  );
}
