import type { SandboxContext } from '../core/context.js';
import { setProviders } from '../graph/calendar/calendars.js';
import { generateCalendar } from '../graph/calendar/seed.js';
import { seedContacts } from '../graph/contacts/seed.js';
import { seedOneDrive } from '../graph/drive/seed.js';
import { generateMailbox } from '../graph/mail/seed.js';
import { seedDemoSites } from '../graph/sites/seed.js';
import { seedTodo } from '../graph/todo/seed.js';
import type { IdentityPlatform } from '../identity/platform.js';

export interface DemoAccount { tenant: string; userPrincipalName: string; password: string; isAdmin: boolean }

/** The demo tenants' sign-in accounts. Documented in sandbox/README.md; printed by `npm run sandbox`. */
export const DEMO_ACCOUNTS: DemoAccount[] = [
  { tenant: 'contoso.onmicrosoft.com', userPrincipalName: 'admin@contoso.onmicrosoft.com', password: 'Contoso-Admin-1', isAdmin: true },
  { tenant: 'contoso.onmicrosoft.com', userPrincipalName: 'adele@contoso.onmicrosoft.com', password: 'Contoso-User-1', isAdmin: false },
  { tenant: 'contoso.onmicrosoft.com', userPrincipalName: 'alex@contoso.onmicrosoft.com', password: 'Contoso-User-1', isAdmin: false },
  { tenant: 'fabrikam.onmicrosoft.com', userPrincipalName: 'megan@fabrikam.onmicrosoft.com', password: 'Fabrikam-User-1', isAdmin: false },
];

const NAMES: Record<string, string> = {
  'admin@contoso.onmicrosoft.com': 'Contoso Admin',
  'adele@contoso.onmicrosoft.com': 'Adele Vance',
  'alex@contoso.onmicrosoft.com': 'Alex Wilber',
  'megan@fabrikam.onmicrosoft.com': 'Megan Bowen',
};

const TENANTS = [
  { displayName: 'Contoso', domain: 'contoso.onmicrosoft.com' },
  { displayName: 'Fabrikam', domain: 'fabrikam.onmicrosoft.com' },
];

/**
 * Creates the demo tenants, users and mailboxes on first start only (a restart keeps what is
 * there). Returns whether anything was created.
 */
export function seedDemo(ctx: SandboxContext, identity: IdentityPlatform, messagesPerUser = 300): boolean {
  if (identity.directory.tenant('contoso.onmicrosoft.com')) return false;
  for (const t of TENANTS) identity.directory.createTenant(t);
  const created: Array<{ id: string; tenant: string }> = [];
  for (const account of DEMO_ACCOUNTS) {
    const tenant = identity.directory.tenant(account.tenant)!;
    const user = identity.directory.createUser(tenant, {
      userPrincipalName: account.userPrincipalName, password: account.password, isAdmin: account.isAdmin,
      displayName: NAMES[account.userPrincipalName],
    });
    created.push({ id: user.id, tenant: account.tenant });
    try {
      generateMailbox(ctx, user.id, messagesPerUser);
    } catch (err) {
      // The mail store may not exist yet in this build; identity still works without it.
      console.warn(`sandbox seed: no mailbox generated for ${user.userPrincipalName}: ${(err as Error).message}`);
    }
  }
  // Calendars once every user exists, so meetings can invite colleagues (their copies and invitations too).
  for (const u of created) {
    // Fabrikam stands for a tenant without Teams: its calendar offers no online meeting provider.
    if (u.tenant === 'fabrikam.onmicrosoft.com') setProviders(ctx, u.id, ['unknown'], 'unknown');
    generateCalendar(ctx, u.id, { events: 36, series: 2, daysBack: 90, daysAhead: 90, attendees: true });
    // After the mail: the address book starts with the people the user mails with most.
    seedContacts(ctx, u.id);
    seedTodo(ctx, u.id);
    seedOneDrive(ctx, u.id);
  }
  seedDemoSites(ctx, created);
  return true;
}
