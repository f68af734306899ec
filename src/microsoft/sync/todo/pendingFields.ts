import type { Trx } from '../contract.js';

const FIELDS = ['title', 'notes', 'dueDate', 'importance', 'status'] as const;
export type SyncedField = (typeof FIELDS)[number];

/**
 * The fields of each task that a CRM change not yet sent to To Do holds. A To Do change arriving
 * meanwhile must not overwrite them: the outbox sends them next, so the CRM's later edit of a field
 * wins and To Do's edits of the other fields are kept (field-wise).
 */
export async function pendingFields(trx: Trx, accountId: string, taskIds: string[]): Promise<Map<string, Set<SyncedField>>> {
  const out = new Map<string, Set<SyncedField>>();
  if (!taskIds.length) return out;
  const rows = await trx.selectFrom('microsoft_outbox').select(['record_id', 'op', 'payload']).where('account_id', '=', accountId).where('resource', '=', 'todo')
    .where('state', '=', 'pending').where('record_id', 'in', taskIds).execute();
  for (const r of rows) {
    const set = out.get(r.record_id) ?? new Set<SyncedField>();
    const payload = JSON.parse(r.payload) as Record<string, unknown> | null;
    for (const f of FIELDS) if (r.op === 'create' || (payload && f in payload)) set.add(f);
    out.set(r.record_id, set);
  }
  return out;
}
