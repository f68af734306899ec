import type { DirectoryReader } from '../core/directory.js';
import { GraphRefusal } from './errors.js';

export type ResourceKind = 'message' | 'event' | 'contact' | 'todoTask' | 'driveItem';

/** What the subscription engine needs to know about a subscribed resource. */
export interface ResourceTarget {
  kind: ResourceKind;
  userId: string;
  /**
   * Lower-cased path prefixes in the canonical form the Graph modules publish on the bus
   * (`users/{oid}/messages/`); a change matches when any of its paths starts with one.
   */
  matchPrefixes: string[];
}

interface KindRule {
  kind: ResourceKind;
  /** Matches the path after `me/` or `users/{id}/`, lower-cased, without query. */
  pattern: RegExp;
  prefixes(userId: string, m: RegExpExecArray): string[];
}

const unquote = (s: string): string => s.replace(/^\('?/, '').replace(/'?\)$/, '');

const RULES: KindRule[] = [
  { kind: 'message', pattern: /^messages$/, prefixes: (u) => [`users/${u}/messages/`] },
  {
    kind: 'message',
    // mailFolders('inbox')/messages or mailFolders/{id}/messages
    pattern: /^mailfolders(\('[^']+'\)|\([^)]+\)|\/[^/]+)\/messages$/,
    prefixes: (u, m) => {
      const folder = unquote((m[1] ?? '').replace(/^\//, ''));
      return [`users/${u}/mailfolders/${folder}/messages/`, `users/${u}/mailfolders('${folder}')/messages/`];
    },
  },
  { kind: 'event', pattern: /^(calendar\/)?events$/, prefixes: (u) => [`users/${u}/events/`] },
  {
    kind: 'event',
    pattern: /^calendars(\('[^']+'\)|\/[^/]+)\/events$/,
    prefixes: (u, m) => [`users/${u}/calendars/${unquote((m[1] ?? '').replace(/^\//, ''))}/events/`],
  },
  { kind: 'contact', pattern: /^contacts$/, prefixes: (u) => [`users/${u}/contacts/`] },
  {
    kind: 'contact',
    pattern: /^contactfolders(\('[^']+'\)|\/[^/]+)\/contacts$/,
    prefixes: (u, m) => [`users/${u}/contactfolders/${unquote((m[1] ?? '').replace(/^\//, ''))}/contacts/`],
  },
  {
    kind: 'todoTask',
    pattern: /^todo\/lists(\('[^']+'\)|\/[^/]+)\/tasks$/,
    prefixes: (u, m) => [`users/${u}/todo/lists/${unquote((m[1] ?? '').replace(/^\//, ''))}/tasks/`],
  },
  { kind: 'driveItem', pattern: /^drive\/root$/, prefixes: (u) => [`users/${u}/drive/`] },
];

/**
 * Parses a subscription's `resource` (`/me/messages`, `me/mailFolders('inbox')/messages`,
 * `/users/{id|upn}/messages`, ...). Delegated callers may only watch their own mailbox.
 */
export function parseResource(raw: string, callerId: string, directory: DirectoryReader): ResourceTarget {
  const path = raw.split('?')[0]!.trim().replace(/^\/+/, '').replace(/\/+$/, '');
  const owner = /^(me|users\/([^/]+))\/(.+)$/i.exec(path);
  if (!owner) throw invalidResource(raw);
  let userId = callerId;
  if (owner[2]) {
    const ref = decodeURIComponent(owner[2]).replace(/^\('?|'?\)$/g, '');
    const user = directory.userById(ref) ?? directory.userByEmail(ref);
    if (!user) throw new GraphRefusal(404, 'ResourceNotFound', `Resource '${raw}' was not found.`);
    userId = user.id;
  }
  if (userId !== callerId) {
    throw new GraphRefusal(403, 'ExtensionError', 'Operation: Create; Exception: [Status Code: Forbidden; Reason: Access is denied. Check credentials and try again.]');
  }
  const rest = owner[3]!.toLowerCase();
  for (const rule of RULES) {
    const m = rule.pattern.exec(rest);
    if (m) return { kind: rule.kind, userId, matchPrefixes: rule.prefixes(userId.toLowerCase(), m) };
  }
  throw invalidResource(raw);
}

function invalidResource(raw: string): GraphRefusal {
  return new GraphRefusal(400, 'InvalidRequest', `Resource '${raw}' is not supported for change notifications.`);
}

/** Longest lifetime Graph allows per resource kind, in minutes. */
export function maxLifetimeMinutes(kind: ResourceKind): number {
  return kind === 'driveItem' ? 42_300 : 4_230;
}

/** Outlook resources share the per-mailbox cap of 1,000 subscriptions and get every lifecycle event. */
export const isOutlookKind = (kind: ResourceKind): boolean => kind === 'message' || kind === 'event' || kind === 'contact';

/** Delegated scopes that allow subscribing to each kind (any one suffices). */
export const SUBSCRIBE_SCOPES: Record<ResourceKind, readonly string[]> = {
  message: ['Mail.ReadBasic', 'Mail.Read', 'Mail.ReadWrite'],
  event: ['Calendars.Read', 'Calendars.ReadWrite'],
  contact: ['Contacts.Read', 'Contacts.ReadWrite'],
  todoTask: ['Tasks.Read', 'Tasks.ReadWrite'],
  driveItem: ['Files.Read', 'Files.ReadWrite', 'Files.Read.All', 'Files.ReadWrite.All'],
};
