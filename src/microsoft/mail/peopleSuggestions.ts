import type { Person } from '@microsoft/microsoft-graph-types';
import type { GraphClient } from '../graph/client.js';

/** One recipient suggestion for compose autocomplete. */
export interface Suggestion {
  name: string;
  address: string;
  source: 'crm' | 'microsoft';
  personId?: string;
}

export const MAX_SUGGESTIONS = 10;

/** The user's relevance-ranked people matching q (People.Read); Graph's order is kept. */
export async function searchGraphPeople(graph: GraphClient, accountId: string, q: string): Promise<Suggestion[]> {
  // $search takes a quoted phrase; quotes inside the query would end it early.
  const search = encodeURIComponent(`"${q.replace(/"/g, ' ').trim()}"`);
  const res = await graph.get<{ value?: Person[] }>(accountId, `/me/people?$search=${search}&$top=${MAX_SUGGESTIONS}`);
  const out: Suggestion[] = [];
  for (const p of res.value ?? []) {
    for (const e of p.scoredEmailAddresses ?? []) {
      if (e.address) out.push({ name: p.displayName ?? e.address, address: e.address, source: 'microsoft' });
    }
  }
  return out;
}

/** CRM people first, then Graph's ranking; one entry per address (case-insensitive); at most 10. */
export function mergeSuggestions(crm: Suggestion[], graph: Suggestion[], cap = MAX_SUGGESTIONS): Suggestion[] {
  const seen = new Set<string>();
  const out: Suggestion[] = [];
  for (const s of [...crm, ...graph]) {
    const key = s.address.trim().toLowerCase();
    if (!key || seen.has(key)) continue;
    seen.add(key);
    out.push(s);
    if (out.length >= cap) break;
  }
  return out;
}
