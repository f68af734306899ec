/**
 * The feature catalogue: every Microsoft 365 feature Tandem offers, the words the user sees on the
 * review screen, and the delegated scopes it needs. The connect screen, incremental consent, the
 * "needs admin approval" state and feature gating all read this one table.
 *
 * Scopes are short names ("Mail.ReadWrite"): the identity platform maps them to Microsoft Graph of
 * whichever cloud the authority belongs to, so the table holds for national clouds too.
 */

export type SyncedResource = 'mail' | 'calendar' | 'contacts' | 'todo' | 'files';

export interface FeatureDefinition {
  id: string;
  title: string;
  /** The feature's name inside a sentence, e.g. "Authorize SharePoint for the org". */
  shortTitle: string;
  description: string;
  scopes: readonly string[];
  /** Sign-in scopes: always requested, cannot be unticked on the review screen. */
  required: boolean;
  /**
   * Typically admin-only: Microsoft's managed default consent policy (2025-26 rounds) stops users
   * consenting to these scopes in many tenants, so the feature "may need admin approval". Whether it
   * actually does is only known after an attempt; any other feature can turn out admin-only too.
   */
  adminConsent: boolean;
  /**
   * Ticked when the review screen opens, once available. Only SharePoint starts unticked: a tenant admin authorizes
   * it once for the whole org, and asking for it in a user's own connect gets the whole connect
   * refused in most tenants.
   */
  preselected: boolean;
  /** Resources synced from Microsoft 365 that this feature powers. */
  powers: readonly SyncedResource[];
  /**
   * Whether Tandem has this feature yet. A feature it does not have is never ticked, never asked
   * of Microsoft (least privilege: an admin reviewing the consent sees only what Tandem uses) and
   * reads "Coming soon" even where an older grant covers it. Flipping this flag is all it takes to ship one.
   */
  available: boolean;
}

export const FEATURES = [
  {
    id: 'signIn',
    title: 'Sign-in and staying connected',
    shortTitle: 'sign-in',
    description: 'Your sign-in identity, and long-lived refresh tokens so Tandem stays connected without asking again.',
    scopes: ['User.Read', 'openid', 'profile', 'email', 'offline_access'],
    required: true,
    adminConsent: false,
    preselected: true,
    powers: [],
    available: true,
  },
  {
    id: 'mail',
    title: 'Outlook mail',
    shortTitle: 'Outlook mail',
    description:
      'Display your inbox, mark messages read, archive them and create drafts. Also shows "out of office" badges next to contacts who are Microsoft 365 users in your organization.',
    scopes: ['Mail.ReadWrite'],
    required: false,
    adminConsent: false,
    preselected: true,
    powers: ['mail'],
    available: true,
  },
  {
    id: 'sendMail',
    title: 'Send mail',
    shortTitle: 'sending mail',
    description: 'Send mail and drafts from the CRM as you.',
    scopes: ['Mail.Send'],
    required: false,
    adminConsent: false,
    preselected: true,
    powers: [],
    available: true,
  },
  {
    id: 'mailboxSettings',
    title: 'Your mailbox settings',
    shortTitle: 'mailbox settings',
    description: 'Read your mailbox\'s time zone, so the calendar shows times the way Outlook does.',
    scopes: ['MailboxSettings.Read'],
    required: false,
    adminConsent: false,
    preselected: true,
    powers: [],
    // The calendar's time zone (GET /api/calendar/settings); scheduling pages will add working hours.
    available: true,
  },
  {
    id: 'calendar',
    title: 'Calendar',
    shortTitle: 'Calendar',
    description:
      'Read calendar events into the activity timeline, push CRM activities back as events, and create Teams meetings on bookings.',
    scopes: ['Calendars.ReadWrite'],
    required: false,
    adminConsent: true,
    preselected: true,
    powers: ['calendar'],
    available: true,
  },
  {
    id: 'teamsMeetings',
    title: 'Standalone Teams meeting links',
    shortTitle: 'Teams meeting links',
    description: 'Generate standalone Teams meeting links from messaging and ad-hoc share buttons.',
    scopes: ['OnlineMeetings.ReadWrite'],
    required: false,
    adminConsent: false,
    preselected: true,
    powers: [],
    available: true,
  },
  {
    id: 'contacts',
    title: 'Outlook contacts',
    shortTitle: 'Outlook contacts',
    description: 'Sync your Outlook personal contacts with the CRM person directory, both ways.',
    scopes: ['Contacts.ReadWrite'],
    required: false,
    adminConsent: true,
    preselected: true,
    powers: ['contacts'],
    // Outlook contacts ↔ CRM people, two-way (src/microsoft/sync/contacts).
    available: true,
  },
  {
    id: 'people',
    title: 'Contact suggestions',
    shortTitle: 'contact suggestions',
    description: 'Surface relevance-ranked contact suggestions in compose autocomplete.',
    scopes: ['People.Read'],
    required: false,
    adminConsent: true,
    preselected: true,
    powers: [],
    // Compose autocomplete (app/microsoft/inbox/lookups.ts) asks /me/people when this is granted.
    available: true,
  },
  {
    id: 'todo',
    title: 'Microsoft To Do',
    shortTitle: 'To Do',
    description: 'Sync CRM tasks with Microsoft To Do when you opt in per task.',
    scopes: ['Tasks.ReadWrite'],
    required: false,
    adminConsent: true,
    preselected: true,
    powers: ['todo'],
    available: true,
  },
  {
    id: 'onedrive',
    title: 'OneDrive files',
    shortTitle: 'OneDrive',
    description: 'Attach OneDrive files to CRM records and create folders.',
    scopes: ['Files.ReadWrite'],
    required: false,
    adminConsent: false,
    preselected: true,
    powers: ['files'],
    available: true,
  },
  {
    id: 'sharepoint',
    title: 'SharePoint document libraries',
    shortTitle: 'SharePoint',
    description:
      "Attach files from your organization's SharePoint document libraries. Many organizations require an administrator to approve this.",
    scopes: ['Sites.Read.All'],
    required: false,
    adminConsent: true,
    preselected: false,
    powers: ['files'],
    available: true,
  },
] as const satisfies readonly FeatureDefinition[];

export type FeatureId = (typeof FEATURES)[number]['id'];

const byId = new Map<string, FeatureDefinition>(FEATURES.map((f) => [f.id, f]));

export function isFeatureId(id: string): id is FeatureId {
  return byId.has(id);
}

export function feature(id: FeatureId): FeatureDefinition {
  return byId.get(id)!;
}

/** Known and provided by Tandem today; a coming-soon feature is never requested from Microsoft. */
export function isAvailable(id: string): boolean {
  return byId.get(id)?.available === true;
}

/** The chosen features that users can usually consent to themselves (sign-in excluded). */
export function typicallyUserConsentable(featureIds: Iterable<string>): FeatureId[] {
  const chosen = new Set(featureIds);
  return FEATURES.filter((f) => f.available && !f.required && !f.adminConsent && chosen.has(f.id)).map((f) => f.id);
}

/** Scopes the identity platform gives without naming a resource (OpenID Connect). */
const OIDC_SCOPES = new Set(['openid', 'profile', 'email', 'offline_access']);

/**
 * Reduces a granted scope to its short, case-folded Graph name. Graph scopes may come back as
 * "https://graph.microsoft.com/Mail.Read" (or a national-cloud Graph host); any URL form counts.
 */
function shortName(scope: string): string {
  const s = scope.trim();
  const slash = s.lastIndexOf('/');
  const name = /^https?:\/\//i.test(s) && slash >= 0 ? s.slice(slash + 1) : s;
  return name.toLowerCase();
}

/** A grant of X.ReadWrite(.Y) also satisfies X.Read(.Y); the reverse is not true. */
function satisfies(granted: Set<string>, needed: string): boolean {
  const n = shortName(needed);
  if (granted.has(n)) return true;
  const m = /^([a-z]+)\.read(\..+)?$/.exec(n);
  return m !== null && granted.has(`${m[1]}.readwrite${m[2] ?? ''}`);
}

function grantedSet(grantedScopes: Iterable<string>): Set<string> {
  return new Set([...grantedScopes].map(shortName));
}

/**
 * The scopes to ask Microsoft for: the sign-in scopes plus those of the chosen features, deduplicated.
 * Every sign-in and admin consent goes through here, so a coming-soon feature throws rather than
 * slipping a scope Tandem does not use into a consent prompt.
 */
export function scopesFor(featureIds: Iterable<FeatureId>): string[] {
  const out = new Set<string>();
  for (const f of FEATURES) if (f.required) for (const s of f.scopes) out.add(s);
  for (const id of featureIds) {
    const f = byId.get(id);
    if (!f) throw new Error(`unknown feature: ${id}`);
    if (!f.available) throw new Error(`feature not available yet: ${id}`);
    for (const s of f.scopes) out.add(s);
  }
  return [...out];
}

/** Scopes of a feature that a grant does not cover. OIDC scopes are never reported missing once signed in. */
export function missingScopes(f: FeatureDefinition | FeatureId, grantedScopes: Iterable<string>): string[] {
  const def = typeof f === 'string' ? feature(f) : f;
  const granted = grantedSet(grantedScopes);
  return def.scopes.filter((s) => !OIDC_SCOPES.has(s.toLowerCase()) && !satisfies(granted, s));
}

/** Features (including sign-in) that the granted scopes fully cover. */
export function featuresGranted(grantedScopes: Iterable<string>): FeatureId[] {
  const list = [...grantedScopes];
  return FEATURES.filter((f) => missingScopes(f, list).length === 0).map((f) => f.id);
}
