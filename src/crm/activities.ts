import type { SelectQueryBuilder } from 'kysely';
import type { Db } from '../db/database.js';
import type { ActivitiesTable, ActivityKind } from '../db/tables/crm.js';
import type { Tables } from '../db/tables/index.js';
import { newId } from '../lib/ids.js';
import { getCompany } from './companies.js';
import { invalid, nowIso } from './errors.js';
import { afterCursor, pageLimit, toPage, type Page, type PageRequest } from './pagination.js';
import { getPerson } from './people.js';
import { TIMELINE_COLUMNS, timelineSources } from './timelineSources.js';

export type { ActivityKind };

export interface ActivitySource {
  type: 'crm' | 'microsoft' | (string & {});
  id?: string;
  [extra: string]: unknown;
}

export interface Activity {
  id: string;
  kind: ActivityKind;
  occurredAt: string;
  title: string | null;
  body: string | null;
  personId: string | null;
  companyId: string | null;
  source: ActivitySource | null;
  createdAt: string;
}

export interface ActivityInput {
  workspaceId: string;
  kind: ActivityKind;
  occurredAt?: string;
  title?: string | null;
  body?: string | null;
  personId?: string | null;
  companyId?: string | null;
  createdBy?: string | null;
}

function toActivity(r: ActivitiesTable): Activity {
  const meta = r.source_meta ? (JSON.parse(r.source_meta) as Record<string, unknown>) : {};
  const source: ActivitySource | null = r.source_type ? { ...meta, type: r.source_type, ...(r.source_id ? { id: r.source_id } : {}) } : null;
  return {
    id: r.id, kind: r.kind, occurredAt: r.occurred_at, title: r.title, body: r.body,
    personId: r.person_id, companyId: r.company_id, source, createdAt: r.created_at,
  };
}

function occurredAt(value: string | undefined): string {
  if (value === undefined) return nowIso();
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw invalid('occurredAt', `"${value}" is not an ISO-8601 timestamp`);
  return new Date(t).toISOString();
}

function rowOf(input: ActivityInput, source: { type: string | null; id: string | null; meta: Record<string, unknown> | null }): ActivitiesTable {
  return {
    id: newId(), workspace_id: input.workspaceId, kind: input.kind, occurred_at: occurredAt(input.occurredAt), title: input.title ?? null,
    body: input.body ?? null, person_id: input.personId ?? null, company_id: input.companyId ?? null, source_type: source.type,
    source_id: source.id, source_meta: source.meta && Object.keys(source.meta).length ? JSON.stringify(source.meta) : null,
    created_by: input.createdBy ?? null, created_at: nowIso(),
  };
}

/**
 * Writes one timeline entry. The caller vouches that personId/companyId belong to the workspace
 * (the HTTP layer and the sync code both resolve them from the workspace first).
 */
export async function recordActivity(db: Db, input: ActivityInput & { source?: ActivitySource | null }): Promise<Activity> {
  const { type = null, id = null, ...meta } = input.source ?? {};
  const row = rowOf(input, { type, id, meta });
  await db.insertInto('activities').values(row).execute();
  return toActivity(row);
}

/**
 * Idempotent write keyed by (workspace, sourceType, sourceId): a re-delivered or re-synced email
 * or meeting updates its entry instead of adding a duplicate. created tells which happened.
 */
export async function upsertActivityBySource(
  db: Db,
  input: ActivityInput & { sourceType: string; sourceId: string; sourceMeta?: Record<string, unknown> },
): Promise<{ activity: Activity; created: boolean }> {
  const row = rowOf(input, { type: input.sourceType, id: input.sourceId, meta: input.sourceMeta ?? null });
  const { id: _id, created_at: _c, workspace_id: _w, source_type: _t, source_id: _s, ...changes } = row;
  const stored = await db
    .insertInto('activities')
    .values(row)
    .onConflict((oc) => oc.columns(['workspace_id', 'source_type', 'source_id']).doUpdateSet(changes))
    .returningAll()
    .executeTakeFirstOrThrow();
  return { activity: toActivity(stored), created: stored.id === row.id };
}

/** Removes a synced entry when its source item is deleted; true when something was removed. */
export async function deleteActivityBySource(db: Db, key: { workspaceId: string; sourceType: string; sourceId: string }): Promise<boolean> {
  const result = await db
    .deleteFrom('activities')
    .where('workspace_id', '=', key.workspaceId)
    .where('source_type', '=', key.sourceType)
    .where('source_id', '=', key.sourceId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * A person's entries, newest first: the activities table plus every registered timeline source
 * (timelineSources.ts), e.g. the viewer's own synced emails, visible to the mailbox owner only.
 */
export async function personTimeline(db: Db, workspaceId: string, personId: string, page: PageRequest, viewerUserId?: string): Promise<Page<Activity>> {
  await getPerson(db, workspaceId, personId);
  const limit = pageLimit(page);
  const acts = db.selectFrom('activities').where('workspace_id', '=', workspaceId)
    .where((eb) => eb.or([eb('person_id', '=', personId), eb('id', 'in', participatingIn(db, workspaceId, [personId]))]))
    .select([...TIMELINE_COLUMNS]);
  const merged = timelineSources().reduce<SelectQueryBuilder<Tables, never, ActivitiesTable>>(
    (q, source) => q.unionAll(source(db, { workspaceId, personId, viewerUserId })),
    acts as unknown as SelectQueryBuilder<Tables, never, ActivitiesTable>,
  );
  let query = db.selectFrom(merged.as('t')).selectAll();
  if (page.cursor) query = query.where(afterCursor('occurred_at', 'id', 'desc', page.cursor));
  const rows = (await query.orderBy('occurred_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute()) as ActivitiesTable[];
  return toPage(rows, limit, (r) => r.occurred_at, (rs) => rs.map(toActivity));
}

/** The company's own entries and those of its people, newest first. */
export async function companyTimeline(db: Db, workspaceId: string, companyId: string, page: PageRequest, viewerUserId?: string): Promise<Page<Activity>> {
  await getCompany(db, workspaceId, companyId);
  const limit = pageLimit(page);
  const acts = db
    .selectFrom('activities')
    .where('workspace_id', '=', workspaceId)
    .where((eb) =>
      eb.or([
        eb('company_id', '=', companyId),
        eb('person_id', 'in', eb.selectFrom('people').where('workspace_id', '=', workspaceId).where('company_id', '=', companyId).select('id')),
        eb('id', 'in', participatingIn(db, workspaceId, eb.selectFrom('people').where('workspace_id', '=', workspaceId).where('company_id', '=', companyId).select('id'))),
      ]),
    )
    .select([...TIMELINE_COLUMNS]);
  const merged = timelineSources().reduce<SelectQueryBuilder<Tables, never, ActivitiesTable>>(
    (q, source) => q.unionAll(source(db, { workspaceId, companyId, viewerUserId })),
    acts as unknown as SelectQueryBuilder<Tables, never, ActivitiesTable>,
  );
  let query = db.selectFrom(merged.as('t')).selectAll();
  if (page.cursor) query = query.where(afterCursor('occurred_at', 'id', 'desc', page.cursor));
  const rows = (await query.orderBy('occurred_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute()) as ActivitiesTable[];
  return toPage(rows, limit, (r) => r.occurred_at, (rs) => rs.map(toActivity));
}

/** Activities these people take part in without being their person_id (a meeting's other participants). */
function participatingIn(db: Db, workspaceId: string, personIds: string[] | SelectQueryBuilder<Tables, 'people', { id: string }>) {
  return db.selectFrom('activity_participants').select('activity_id').where('workspace_id', '=', workspaceId).where('person_id', 'in', personIds);
}

/** A note typed by a user on a person or company page. */
export async function addNote(db: Db, workspaceId: string, userId: string, target: { personId: string } | { companyId: string }, body: string): Promise<Activity> {
  const text = body.trim();
  if (!text) throw invalid('body', 'must not be blank');
  if ('personId' in target) await getPerson(db, workspaceId, target.personId);
  else await getCompany(db, workspaceId, target.companyId);
  return recordActivity(db, { workspaceId, kind: 'note', body: text, createdBy: userId, source: { type: 'crm' }, ...target });
}
