import { Aad } from './errors.js';

export const GRAPH_RESOURCE = 'https://graph.microsoft.com';
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
export const OIDC_SCOPES = ['openid', 'profile', 'email', 'offline_access'] as const;

interface Permission { title: string; description: string }

/**
 * Delegated permissions the sandbox knows, with the wording Microsoft's consent prompt uses.
 * Names are case-insensitive on the wire; this table holds the canonical casing.
 */
export const PERMISSIONS: Record<string, Permission> = {
  openid: { title: 'Sign you in', description: 'Allows you to sign in to the app with your work or school account.' },
  profile: { title: 'View your basic profile', description: 'Allows the app to see your basic profile (e.g., name, picture, user name, email address).' },
  email: { title: 'View your email address', description: 'Allows the app to read your primary email address.' },
  offline_access: { title: 'Maintain access to data you have given it access to', description: "Allows the app to see and update the data you gave it access to, even when you aren't currently using the app. This doesn't give the app any additional permissions." },
  'User.Read': { title: 'Sign you in and read your profile', description: 'Allows you to sign in to the app with your organizational account and let the app read your profile. It also allows the app to read basic company information.' },
  'User.ReadBasic.All': { title: "Read all users' basic profiles", description: 'Allows the app to read your organization\'s user profiles on your behalf.' },
  'Mail.Read': { title: 'Read your mail', description: 'Allows the app to read email in your mailbox.' },
  'Mail.ReadBasic': { title: 'Read basic mail', description: 'Allows the app to read email in your mailbox except body, previewBody, attachments and any extended properties.' },
  'Mail.ReadWrite': { title: 'Read and write access to your mail', description: 'Allows the app to read, update, create and delete email in your mailbox. Does not include permission to send mail.' },
  'Mail.Send': { title: 'Send mail as you', description: 'Allows the app to send mail as you.' },
  'MailboxSettings.Read': { title: 'Read your mailbox settings', description: 'Allows the app to read your mailbox settings.' },
  'MailboxSettings.ReadWrite': { title: 'Read and write to your mailbox settings', description: 'Allows the app to read, update, create, and delete your mailbox settings.' },
  'Calendars.ReadBasic': { title: 'Read basic details of your calendars', description: 'Allows the app to read events in your calendars, except for properties such as body, attachments, and extensions.' },
  'Calendars.Read': { title: 'Read your calendars', description: 'Allows the app to read events in your calendars.' },
  'Calendars.ReadWrite': { title: 'Have full access to your calendars', description: 'Allows the app to read, update, create and delete events in your calendars.' },
  'OnlineMeetings.ReadWrite': { title: 'Read and create your online meetings', description: 'Allows the app to read and create online meetings as you in Microsoft Teams.' },
  'Contacts.Read': { title: 'Read your contacts', description: 'Allows the app to read contacts in your contact folders.' },
  'Contacts.ReadWrite': { title: 'Have full access of your contacts', description: 'Allows the app to read, update, create and delete contacts in your contact folders.' },
  'People.Read': { title: 'Read your relevant people list', description: 'Allows the app to read a list of people in the order that\'s most relevant to you. This includes your local contacts, your contacts from social networking, people listed in your organization\'s directory, and people from recent communications.' },
  'Tasks.Read': { title: 'Read your tasks and task lists', description: 'Allows the app to read your tasks and task lists, including any shared with you.' },
  'Tasks.ReadWrite': { title: 'Create, read, update, and delete your tasks and task lists', description: 'Allows the app to create, read, update, and delete your tasks and task lists, including any shared with you.' },
  'Files.Read': { title: 'Read your files', description: 'Allows the app to read your files.' },
  'Files.ReadWrite': { title: 'Have full access to your files', description: 'Allows the app to read, create, update, and delete your files.' },
  'Files.Read.All': { title: 'Read all files that you have access to', description: 'Allows the app to read all files you can access.' },
  'Files.ReadWrite.All': { title: 'Have full access to all files you have access to', description: 'Allows the app to read, create, update and delete all files you can access.' },
  'Sites.Read.All': { title: 'Read items in all site collections', description: 'Allows the app to read documents and list items in all site collections on your behalf.' },
  'Sites.ReadWrite.All': { title: 'Edit or delete items in all site collections', description: 'Allows the app to edit or delete documents and list items in all site collections on your behalf.' },
};

const CANONICAL = new Map(Object.keys(PERMISSIONS).map((k) => [k.toLowerCase(), k]));

export interface ScopeRequest {
  /** Canonical names: Graph permissions by short name, OIDC scopes as themselves. */
  scopes: Set<string>;
  /** `.default` asked: everything already consented. */
  wantsDefault: boolean;
}

/** Parses a space-separated scope parameter; throws AadError for unknown or foreign scopes. */
export function parseScopes(raw: string): ScopeRequest {
  const scopes = new Set<string>();
  let wantsDefault = false;
  for (const token of raw.split(/\s+/).filter(Boolean)) {
    let name = token;
    const lower = token.toLowerCase();
    if (lower.startsWith('https://')) {
      const prefix = `${GRAPH_RESOURCE}/`;
      if (lower.startsWith(prefix)) name = token.slice(prefix.length);
      else if (lower.startsWith(`${GRAPH_RESOURCE}//`)) name = token.slice(prefix.length + 1);
      else throw Aad.multipleResources();
    } else if (lower.startsWith(`${GRAPH_APP_ID}/`)) {
      name = token.slice(GRAPH_APP_ID.length + 1);
    }
    if (name.toLowerCase() === '.default') { wantsDefault = true; continue; }
    const canonical = CANONICAL.get(name.toLowerCase());
    if (!canonical) throw Aad.invalidScope(token);
    scopes.add(canonical);
  }
  return { scopes, wantsDefault };
}

export function isOidcScope(s: string): boolean {
  return (OIDC_SCOPES as readonly string[]).includes(s);
}

/** Graph permissions only, in a stable order: what goes into `scp`. */
export function graphScopes(scopes: Iterable<string>): string[] {
  return [...scopes].filter((s) => !isOidcScope(s)).sort();
}

/**
 * The token response's `scope`: Graph permissions by short name (Graph is the default resource, and
 * Entra answers `User.Read Mail.Read openid profile`), then the OIDC scopes. MSAL's cache matches
 * the scopes an app asks for against these exact strings, so the URL form would never hit.
 */
export function responseScope(scopes: Iterable<string>): string {
  const all = [...scopes];
  const oidc = OIDC_SCOPES.filter((s) => all.includes(s));
  return [...graphScopes(all), ...oidc].join(' ');
}
