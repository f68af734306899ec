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

/** The CRM person each address belongs to, in this workspace (addresses lower-case). */
export async function personIdsByEmails(db: Db, workspaceId: string, emails: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const wanted = [...new Set(emails.map((e) => e.trim().toLowerCase()).filter(Boolean))];
  for (let i = 0; i < wanted.length; i += 500) {
    const rows = await db.selectFrom('person_emails').select(['email', 'person_id']).where('workspace_id', '=', workspaceId).where('email', 'in', wanted.slice(i, i + 500)).execute();
    for (const r of rows) out.set(r.email, r.person_id);
  }
  return out;
}

/**
 * setParticipants for many activities at once (a synced page of meetings): one delete and one
 * insert per chunk instead of three statements per activity.
 */
export async function setParticipantsMany(db: Db, workspaceId: string, byActivity: Map<string, Iterable<string>>): Promise<void> {
  const activityIds = [...byActivity.keys()];
  await removeParticipants(db, activityIds);
  const pairs = activityIds.flatMap((a) => [...new Set(byActivity.get(a)!)].map((p) => ({ activity_id: a, person_id: p, workspace_id: workspaceId })));
  if (!pairs.length) return;
  // Only people of the activities' own workspace: a stale or foreign id is dropped, never linked.
  const known = new Set<string>();
  const ids = [...new Set(pairs.map((p) => p.person_id))];
  for (let i = 0; i < ids.length; i += 500) {
    for (const r of await db.selectFrom('people').select('id').where('workspace_id', '=', workspaceId).where('id', 'in', ids.slice(i, i + 500)).execute()) known.add(r.id);
  }
  const rows = pairs.filter((p) => known.has(p.person_id));
  for (let i = 0; i < rows.length; i += 300) {
    await db.insertInto('activity_participants').values(rows.slice(i, i + 300)).onConflict((oc) => oc.doNothing()).execute();
  }
}
