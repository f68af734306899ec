import type { FastifyRequest } from 'fastify';
import type { AccessClaims } from '../../core/auth.js';
import type { SandboxContext } from '../../core/context.js';
import { GraphError, accessDenied } from './errors.js';

/** The permissions an endpoint can ask for; each is satisfied by itself or any broader scope. */
export type GraphPermission = 'User.Read' | 'Mail.ReadBasic' | 'Mail.Read' | 'Mail.ReadWrite' | 'Mail.Send' | 'MailboxSettings.Read' | 'MailboxSettings.ReadWrite' | 'People.Read'
  | 'Calendars.ReadBasic' | 'Calendars.Read' | 'Calendars.ReadWrite' | 'Contacts.Read' | 'Contacts.ReadWrite' | 'Tasks.Read' | 'Tasks.ReadWrite'
  | 'OnlineMeetings.ReadWrite';

const IMPLIED_BY: Record<GraphPermission, string[]> = {
  'User.Read': ['user.read', 'user.readwrite', 'user.readbasic.all', 'user.read.all', 'user.readwrite.all', 'directory.read.all'],
  // Mail.ReadBasic: every message property except body, bodyPreview and uniqueBody.
  'Mail.ReadBasic': ['mail.readbasic', 'mail.read', 'mail.readwrite'],
  'Mail.Read': ['mail.read', 'mail.readwrite'],
  'Mail.ReadWrite': ['mail.readwrite'],
  // Mail.ReadWrite does not cover sending: Graph documents Mail.Send as the only way to send.
  'Mail.Send': ['mail.send'],
  'MailboxSettings.Read': ['mailboxsettings.read', 'mailboxsettings.readwrite'],
  'MailboxSettings.ReadWrite': ['mailboxsettings.readwrite'],
  'People.Read': ['people.read', 'people.read.all'],
  // Calendars.ReadBasic: events without body and bodyPreview; enough for free/busy (getSchedule).
  'Calendars.ReadBasic': ['calendars.readbasic', 'calendars.read', 'calendars.readwrite'],
  'Calendars.Read': ['calendars.read', 'calendars.readwrite'],
  'Calendars.ReadWrite': ['calendars.readwrite'],
  // The .Shared forms cover the user's own items as well as those shared with them.
  'Contacts.Read': ['contacts.read', 'contacts.readwrite', 'contacts.read.shared', 'contacts.readwrite.shared'],
  'Contacts.ReadWrite': ['contacts.readwrite', 'contacts.readwrite.shared'],
  'Tasks.Read': ['tasks.read', 'tasks.readwrite', 'tasks.read.shared', 'tasks.readwrite.shared'],
  'Tasks.ReadWrite': ['tasks.readwrite', 'tasks.readwrite.shared'],
  'OnlineMeetings.ReadWrite': ['onlinemeetings.readwrite'],
};

const claimsOf = new WeakMap<FastifyRequest, AccessClaims>();

/** Verifies the bearer token; throws 401 InvalidAuthenticationToken as Graph does. */
export function authenticate(ctx: SandboxContext, req: FastifyRequest): AccessClaims {
  const cached = claimsOf.get(req);
  if (cached) return cached;
  const header = req.headers.authorization;
  if (!header) throw new GraphError(401, 'InvalidAuthenticationToken', 'Access token is empty.');
  const match = /^Bearer\s+(.+)$/i.exec(header);
  const claims = match?.[1] ? ctx.tokens.verify(match[1].trim()) : null;
  if (!claims) throw new GraphError(401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid audience, signature or expiry.');
  claimsOf.set(req, claims);
  return claims;
}

export function claims(req: FastifyRequest): AccessClaims {
  const c = claimsOf.get(req);
  if (!c) throw new GraphError(401, 'InvalidAuthenticationToken', 'Access token is empty.');
  return c;
}

export function hasPermission(c: AccessClaims, permission: GraphPermission): boolean {
  const granted = new Set([...c.scopes].map((s) => s.replace(/^https:\/\/graph\.microsoft\.com\//i, '').toLowerCase()));
  return IMPLIED_BY[permission].some((s) => granted.has(s));
}

/** Throws 403 ErrorAccessDenied unless the token carries one of the permissions (any one suffices). */
export function requirePermission(req: FastifyRequest, ...anyOf: GraphPermission[]): AccessClaims {
  const c = claims(req);
  if (!anyOf.some((p) => hasPermission(c, p))) throw accessDenied();
  return c;
}
