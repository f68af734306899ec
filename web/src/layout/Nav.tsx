/** The left navigation. Inbox lights up once Microsoft 365 is connected (issue 4). */
import { Link, useLocation } from '../router.js';

const ITEMS = [
  { to: '/people', label: 'People' },
  { to: '/companies', label: 'Companies' },
  { to: '/tasks', label: 'Tasks' },
  { to: '/inbox', label: 'Inbox' },
  { to: '/calendar', label: 'Calendar' },
  { to: '/scheduling', label: 'Scheduling' },
  { to: '/settings', label: 'Settings' },
];

export function Nav() {
  const { pathname } = useLocation();
  return (
    <nav className="nav" aria-label="Main">
      <div className="brand">Tandem</div>
      <ul>
        {ITEMS.map((item) => {
          const current = pathname === item.to || pathname.startsWith(`${item.to}/`);
          return (
            <li key={item.to}>
              <Link to={item.to} aria-current={current ? 'page' : undefined} className={current ? 'active' : undefined}>
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
