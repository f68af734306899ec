import type { Db } from '../db/database.js';

/**
 * Who an activity involves beyond its own person_id: a meeting with three CRM people is one
 * activity on three timelines (and their companies'). Rewritten as a whole, so a replay leaves
 * exactly one row per (activity, person).
 */
export async function setParticipants(db: Db, workspaceId: string, activityId: string, personIds: Iterable<string>): Promise<void> {
  await db.deleteFrom('activity_participants').where('activity_id', '=', activityId).execute();
  const ids = [...new Set(personIds)];
  if (!ids.length) return;
  // Only people of the activity's own workspace: a stale or foreign id is dropped, never linked.
  const known = await db.selectFrom('people').select('id').where('workspace_id', '=', workspaceId).where('id', 'in', ids).execute();
  if (!known.length) return;
  await db.insertInto('activity_participants').values(known.map((p) => ({ activity_id: activityId, person_id: p.id, workspace_id: workspaceId })))
    .onConflict((oc) => oc.doNothing()).execute();
}

export async function participantsOf(db: Db, activityIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (let i = 0; i < activityIds.length; i += 500) {
    const rows = await db.selectFrom('activity_participants').select(['activity_id', 'person_id']).where('activity_id', 'in', activityIds.slice(i, i + 500)).execute();
    for (const r of rows) out.set(r.activity_id, [...(out.get(r.activity_id) ?? []), r.person_id]);
  }
  return out;
}

export async function removeParticipants(db: Db, activityIds: string[]): Promise<void> {
  for (let i = 0; i < activityIds.length; i += 500) {
    await db.deleteFrom('activity_participants').where('activity_id', 'in', activityIds.slice(i, i + 500)).execute();
  }
}
