import type { Person } from '@microsoft/microsoft-graph-types';
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../core/context.js';
import { badRequest } from './http/errors.js';
import { graphBase, graphRoute, type GraphCall } from './http/route.js';
import { parseSkip, parseTop } from './odata/query.js';

interface Candidate {
  address: string;
  name: string;
  score: number;
  upn: string | null;
}

const personId = (address: string) => {
  const h = createHash('sha1').update(address.toLowerCase()).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};

/** Fuzzy enough for a people picker: every query word must prefix some word of the name or address. */
function matches(c: Candidate, query: string): boolean {
  const words = `${c.name} ${c.address.replace(/[@.]/g, ' ')} ${c.address}`.toLowerCase().split(/\s+/);
  return query.toLowerCase().split(/\s+/).filter(Boolean).every((q) => words.some((w) => w.startsWith(q)));
}

function people(call: GraphCall) {
  const { ctx, query, userId, claims } = call;
  const search = query.$search?.trim().replace(/^"|"$/g, '');
  if (search !== undefined && query.$skip !== undefined) throw badRequest('$skip is not supported with $search.', 'ErrorInvalidUrlQuery');
  const top = parseTop(query.$top, 10, 1000);
  const skip = parseSkip(query.$skip);
  const me = ctx.directory.userById(userId)!;
  const rows = ctx.db.prepare('SELECT address, name, sent_to, received_from FROM gm_correspondent WHERE user_id = ?').all(userId) as
    Array<{ address: string; name: string; sent_to: number; received_from: number }>;
  const byAddress = new Map<string, Candidate>();
  // Writing to someone says more about the relationship than receiving from them.
  for (const r of rows) byAddress.set(r.address, { address: r.address, name: r.name, score: r.sent_to * 3 + r.received_from, upn: null });
  for (const u of ctx.directory.usersInTenant(claims.tenantId)) {
    if (u.id === me.id) continue;
    const key = u.mail.toLowerCase();
    const found = byAddress.get(key);
    byAddress.set(key, { address: u.mail, name: u.displayName, score: found?.score ?? 0, upn: u.userPrincipalName });
  }
  let ranked = [...byAddress.values()].sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
  if (search) ranked = search.toLowerCase().startsWith('topic:') ? [] : ranked.filter((c) => matches(c, search));
  const value: Person[] = ranked.slice(skip, skip + top).map((c) => {
    const [givenName = c.name, ...rest] = c.name.split(' ');
    return {
      id: personId(c.address),
      displayName: c.name,
      givenName,
      surname: rest.join(' ') || null,
      scoredEmailAddresses: [{ address: c.address, relevanceScore: c.score, selectionLikelihood: 'notSpecified' }],
      personType: { class: 'Person', subclass: c.upn ? 'OrganizationUser' : 'ImplicitContact' },
      userPrincipalName: c.upn,
      isFavorite: false,
      phones: [],
      websites: [],
    };
  });
  return { '@odata.context': `${graphBase(ctx, call.req)}/v1.0/$metadata#users('${userId}')/people`, value };
}

export function registerPeopleRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  graphRoute(app, ctx, { method: 'GET', path: '/people', permissions: ['People.Read'], handler: people });
}
