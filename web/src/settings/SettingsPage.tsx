/** Settings with its own sub-navigation; each section is a route so links (and OAuth returns) land on it. */
import { Link } from '../router.js';
import { IntegrationsSettings } from './IntegrationsSettings.js';
import { TokensSettings } from './TokensSettings.js';
import { WorkspaceSettings } from './WorkspaceSettings.js';

const SECTIONS = [
  { path: '/settings', label: 'Profile & workspace' },
  { path: '/settings/tokens', label: 'API tokens' },
  { path: '/settings/integrations', label: 'Integrations' },
];

export function SettingsPage({ section }: { section: 'workspace' | 'tokens' | 'integrations' }) {
  const current = section === 'workspace' ? '/settings' : `/settings/${section}`;
  return (
    <section>
      <h1>Settings</h1>
      <nav className="tabs" aria-label="Settings sections">
        {SECTIONS.map((s) => (
          <Link key={s.path} to={s.path} aria-current={s.path === current ? 'page' : undefined} className={s.path === current ? 'active' : undefined}>
            {s.label}
          </Link>
        ))}
      </nav>
      {section === 'workspace' && <WorkspaceSettings />}
      {section === 'tokens' && <TokensSettings />}
      {section === 'integrations' && <IntegrationsSettings />}
    </section>
  );
}
