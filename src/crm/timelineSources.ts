import type { SelectQueryBuilder } from 'kysely';
import type { Db } from '../db/database.js';
import type { ActivitiesTable } from '../db/tables/crm.js';
import type { Tables } from '../db/tables/index.js';

/** Who is looking at whose timeline: a source decides what this viewer may see. */
export interface TimelineQuery {
  workspaceId: string;
  /** Whose timeline: one person's, or a company's (the entries of all its people). */
  personId?: string;
  companyId?: string;
  viewerUserId: string | undefined;
}

/**
 * Entries that live outside the activities table (a synced mailbox's emails) and belong on a
 * person's timeline. Each source answers rows of the activities table's shape; the CRM merges
 * and pages them without knowing where they come from, so it never reads another area's tables.
 */
export type TimelineSource = (db: Db, q: TimelineQuery) => SelectQueryBuilder<Tables, never, ActivitiesTable>;

/** Every source selects these columns, in this order (UNION ALL matches columns by position). */
export const TIMELINE_COLUMNS = [
  'id', 'workspace_id', 'kind', 'occurred_at', 'title', 'body', 'person_id', 'company_id',
  'source_type', 'source_id', 'source_meta', 'created_by', 'created_at',
] as const satisfies ReadonlyArray<keyof ActivitiesTable>;

const sources = new Map<string, TimelineSource>();

/** Registered once per name by the composition root; registering a name again replaces it. */
export function registerTimelineSource(name: string, source: TimelineSource): void {
  sources.set(name, source);
}

export function timelineSources(): TimelineSource[] {
  return [...sources.values()];
}
