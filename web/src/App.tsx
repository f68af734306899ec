/**
 * Decides between the signed-out pages and the signed-in shell, and redirects between them:
 * a signed-in visitor of /signin goes to the app, a signed-out visitor of an app page to /signin
 * (coming back afterwards via ?next=).
 */
import { useEffect } from 'react';
import { BookingPage } from './book/BookingPage.js';
import { ManageBooking } from './book/ManageBooking.js';
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

/** /book/{slug} and /book/manage/{token}: the pages guests use. */
function publicBookingPage(pathname: string) {
  const manage = /^\/book\/manage\/([^/]+)$/.exec(pathname);
  if (manage) return <ManageBooking token={decodeURIComponent(manage[1]!)} />;
  const page = /^\/book\/([a-z0-9-]+)$/.exec(pathname);
  return page ? <BookingPage slug={page[1]!} /> : null;
}

export function App() {
  const { state } = useSessionApi();
  const { pathname, search } = useLocation();
  const isPublic = PUBLIC_PATHS.includes(pathname);
  const next = search.get('next');

  const guestPage = publicBookingPage(pathname);
  useEffect(() => {
    if (guestPage) return;
    if (state.status === 'signedIn' && (isPublic || pathname === '/')) navigate(safeNext(next), { replace: true });
    if (state.status === 'signedOut' && !isPublic) {
      const back = pathname === '/' ? '' : `?next=${encodeURIComponent(pathname + window.location.search)}`;
      navigate(`/signin${back}`, { replace: true });
    }
  }, [state.status, isPublic, pathname, next, guestPage]);

  // Guests book without an account: these pages never wait for, or redirect on, a session.
  if (guestPage) return guestPage;

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
