import type { ReactNode } from 'react';
import { ReconnectBanner } from '../integration/ReconnectBanner.js';
import { BookingNotifier } from '../scheduling/BookingNotifier.js';
import { Header } from './Header.js';
import { Nav } from './Nav.js';

export function AppShell({ children }: { children: ReactNode }) {
  return (
    <div className="shell">
      <Nav />
      <div className="shell-main">
        <Header />
        <main className="content">
          <ReconnectBanner />
          {children}
        </main>
        <BookingNotifier />
      </div>
    </div>
  );
}
