import type { Db } from '../db/database.js';

/**
 * Where people came from, for the ones an area made ("From mail — adele@contoso.com's mailbox").
 * The CRM cannot read those areas' tables; they register a source here, like timelineSources.ts.
 * A source answers a label per person it knows, among the ids asked.
 */
export type PersonOriginSource = (db: Db, workspaceId: string, personIds: string[]) => Promise<Map<string, string>>;

const sources = new Map<string, PersonOriginSource>();

/** Registered once per name by the composition root; registering a name again replaces it. */
export function registerPersonOrigin(name: string, source: PersonOriginSource): void {
  sources.set(name, source);
}

/** The people with their origin (null: made in the CRM, or by an area that no longer claims them). */
export async function withOrigins<T extends { id: string }>(db: Db, workspaceId: string, people: T[]): Promise<Array<T & { origin: string | null }>> {
  const labels = new Map<string, string>();
  const ids = people.map((p) => p.id);
  if (ids.length) {
    for (const source of sources.values()) {
      for (const [id, label] of await source(db, workspaceId, ids)) if (!labels.has(id)) labels.set(id, label);
    }
  }
  return people.map((p) => ({ ...p, origin: labels.get(p.id) ?? null }));
}
