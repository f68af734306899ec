import { GraphError, badRequest } from '../http/errors.js';

/**
 * `$search` on messages: the part of KQL Outlook clients use. Free text matches the default
 * search properties (from, subject, body); `from:`, `subject:`, `body:`, `to:` and `cc:` narrow
 * it; terms are ANDed and `OR` joins alternatives. Matching is case-insensitive containment,
 * a little looser than Exchange's word-prefix match.
 */
const PROPERTIES: Record<string, string[]> = {
  from: ['from_name', 'from_addr'],
  subject: ['subject'],
  body: ['body'],
  to: ['to_json'],
  cc: ['cc_json'],
};
const FREE_TEXT = ['subject', 'body', 'from_name', 'from_addr'];

/** Graph returns at most this many results for a message search. */
export const SEARCH_LIMIT = 1000;

export interface SearchSql { sql: string; params: string[] }

export function parseMessageSearch(raw: string): SearchSql {
  const text = raw.trim().replace(/^"([\s\S]*)"$/, '$1').trim();
  const alternatives: SearchSql[][] = [[]];
  for (const m of text.matchAll(/(\w+):("([^"]*)"|\S+)|'([^']*)'|(\S+)/g)) {
    const [whole, prop, propValue, quotedPropValue, quoted, word] = m;
    if (word === 'OR') { alternatives.push([]); continue; }
    if (word === 'AND') continue;
    if (word === 'NOT') throw new GraphError(400, 'BadRequest', 'The sandbox tenant does not support NOT in $search yet.');
    const known = prop ? PROPERTIES[prop.toLowerCase()] : undefined;
    // A property KQL does not know is searched as text, as Exchange does.
    const columns = known ?? FREE_TEXT;
    const value = known ? (quotedPropValue ?? propValue!) : (quoted ?? word ?? whole);
    alternatives[alternatives.length - 1]!.push({
      sql: `(${columns.map((c) => `instr(lower(${c}), lower(?)) > 0`).join(' OR ')})`,
      params: columns.map(() => value),
    });
  }
  const groups = alternatives.filter((terms) => terms.length);
  if (!groups.length) throw badRequest('The $search query is empty.', 'BadRequest');
  return {
    sql: `(${groups.map((terms) => `(${terms.map((t) => t.sql).join(' AND ')})`).join(' OR ')})`,
    params: groups.flatMap((terms) => terms.flatMap((t) => t.params)),
  };
}

/** Graph refuses `$orderby` and `$skip` beside `$search`: results come in sent-date order, paged by skip token. */
export function refuseSearchCombinations(query: Record<string, string | undefined>): void {
  if (query.$orderby !== undefined) throw new GraphError(400, 'SearchWithOrderBy', "The query parameter '$orderBy' is not supported with '$search'.");
  if (query.$skip !== undefined) throw new GraphError(400, 'SearchWithSkip', "The query parameter '$skip' is not supported with '$search'.");
}

/** The opaque `$skiptoken` of a search's next page. */
export const searchSkipToken = (offset: number): string => Buffer.from(JSON.stringify({ s: offset })).toString('base64url');

export function searchOffset(token: string | undefined): number {
  if (token === undefined) return 0;
  try {
    const { s } = JSON.parse(Buffer.from(token, 'base64url').toString()) as { s?: unknown };
    if (Number.isInteger(s) && (s as number) >= 0) return s as number;
  } catch { /* falls through to the refusal */ }
  throw badRequest('The $skiptoken is not valid.', 'BadRequest');
}
