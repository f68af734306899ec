import type { FastifyInstance, FastifyRequest } from 'fastify';
import { GraphError, requestIds, sendGraphError } from './errors.js';

/**
 * Entity sets and singletons Graph v1.0 serves at its root that the sandbox does not (yet): they
 * answer 501 NotImplemented, Graph's status for a feature that is not there, rather than the 400
 * for a segment Graph has never heard of, so a client can tell "not built" from "typo".
 */
const UNSERVED_ROOT = new Set([
  'admin', 'agreements', 'applications', 'auditlogs', 'chats', 'communications', 'connections', 'contacts', 'copilot',
  'devices', 'directory', 'directoryobjects', 'directoryroles', 'domains', 'education', 'employeeexperience',
  'external', 'groups', 'identity', 'identityprotection', 'invitations', 'organization', 'places', 'planner', 'policies',
  'print', 'reports', 'rolemanagement', 'schemaextensions', 'search', 'security', 'serviceprincipals', 'solutions',
  'storage', 'subscribedskus', 'teams', 'teamwork', 'users',
]);

/** Navigation properties of a user that belong to workloads the sandbox does not serve yet. */
const UNSERVED_USER = new Set([
  'contacts', 'contactfolders', 'todo', 'onlinemeetings', 'outlook', 'insights', 'joinedteams', 'chats',
  'planner', 'memberof', 'transitivememberof', 'manager', 'directreports', 'ownedobjects', 'calendargroups', 'onenote',
  'presence', 'teamwork', 'authentication', 'followedsites', 'activities', 'settings', 'extensions', 'licensedetails',
]);

const notServed = (what: string) =>
  new GraphError(501, 'NotImplemented', `The sandbox tenant does not serve '${what}' yet.`);

/** Graph's answer for a path segment it does not know. */
export const unknownSegment = (segment: string) =>
  new GraphError(400, 'BadRequest', `Resource not found for the segment '${segment}'.`);

/** The error for `/me/{segment}` when no route took it, or undefined when the segment is unknown. */
export function unservedUserSegment(segment: string): GraphError | undefined {
  return UNSERVED_USER.has(segment.toLowerCase()) ? notServed(`me/${segment}`) : undefined;
}

/** Graph's error for a path no route of the sandbox matched. */
export function unmatchedPath(url: string): GraphError {
  const [version = '', ...segments] = url.split('?')[0]!.split('/').filter(Boolean)
    .map((s) => safeDecode(s).replace(/\(.*$/, ''));
  // Graph reads the first segment as the API version, whatever it is (`/me` is "Invalid version: me").
  if (version === 'beta') return notServed('beta');
  if (version !== 'v1.0') return new GraphError(400, 'BadRequest', `Invalid version: ${version}`);
  const [first = '', second = '', third = ''] = segments;
  if (!first) return unknownSegment('v1.0');
  const nav = first === 'me' ? second : first === 'users' && second ? third : undefined;
  if (nav) return unservedUserSegment(nav) ?? unknownSegment(nav);
  if (nav === undefined && UNSERVED_ROOT.has(first.toLowerCase())) return notServed(first);
  return unknownSegment(first);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Every path on the Graph host answers in Graph's error shape, with request-id and client-request-id. */
export function registerUnmatched(app: FastifyInstance): void {
  app.setNotFoundHandler((req: FastifyRequest, reply) => {
    const { requestId, clientRequestId } = requestIds(req);
    reply.header('request-id', requestId).header('client-request-id', clientRequestId);
    return sendGraphError(req, reply, unmatchedPath(req.url));
  });
}
