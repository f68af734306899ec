/**
 * The signed-in pages, in one table: add a screen here (issue 4's inbox folders and message view,
 * the Microsoft connect return page) without touching the shell.
 */
import type { ReactNode } from 'react';
import { CalendarPage } from './calendar/CalendarPage.js';
import { CompaniesPage } from './companies/CompaniesPage.js';
import { CompanyPage } from './companies/CompanyPage.js';
import { InboxPage } from './inbox/InboxPage.js';
import { PeoplePage } from './people/PeoplePage.js';
import { PersonPage } from './people/PersonPage.js';
import { matchPath } from './router.js';
import { SchedulingPage } from './scheduling/SchedulingPage.js';
import { SettingsPage } from './settings/SettingsPage.js';
import { TasksPage } from './tasks/TasksPage.js';

interface Route {
  path: string;
  render(params: Record<string, string>): ReactNode;
}

const ROUTES: Route[] = [
  { path: '/people', render: () => <PeoplePage /> },
  { path: '/people/:id', render: (p) => <PersonPage key={p.id} id={p.id!} /> },
  { path: '/companies', render: () => <CompaniesPage /> },
  { path: '/companies/:id', render: (p) => <CompanyPage key={p.id} id={p.id!} /> },
  { path: '/tasks', render: () => <TasksPage /> },
  { path: '/inbox', render: () => <InboxPage /> },
  { path: '/calendar', render: () => <CalendarPage /> },
  { path: '/scheduling', render: () => <SchedulingPage /> },
  { path: '/settings', render: () => <SettingsPage section="workspace" /> },
  { path: '/settings/tokens', render: () => <SettingsPage section="tokens" /> },
  { path: '/settings/integrations', render: () => <SettingsPage section="integrations" /> },
];

export const HOME = '/people';

/** The page for a path, or null when no route matches. */
export function renderRoute(pathname: string): ReactNode | null {
  for (const route of ROUTES) {
    const params = matchPath(route.path, pathname);
    if (params) return route.render(params);
  }
  return null;
}
