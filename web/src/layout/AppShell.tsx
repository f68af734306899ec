import type { ReactNode } from 'react';
import { Header } from './Header.js';
import { Nav } from './Nav.js';

export function AppShell({ children }: { children: ReactNode }) {
  return (
    <div className="shell">
      <Nav />
      <div className="shell-main">
        <Header />
        <main className="content">{children}</main>
      </div>
    </div>
  );
}
