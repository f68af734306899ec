import type { Trx } from './contract.js';

/**
 * Whether a person has anything of their own in the CRM beyond the synced record that made them:
 * a link to any Microsoft item, notes or other activities (other than the notes a sync writes,
 * named by `syncedNotes` source types), meetings, tasks, or mail. A person without any may go when
 * what made them goes (a contact deleted, a mailbox disconnected); anyone else is kept.
 */
export async function hasOwnHistory(trx: Trx, workspaceId: string, personId: string, syncedNotes: string[] = []): Promise<boolean> {
  const checks: Array<{ limit(n: number): { executeTakeFirst(): Promise<unknown> } }> = [
    trx.selectFrom('microsoft_links').select('record_id').where('record_type', '=', 'person').where('record_id', '=', personId),
    trx.selectFrom('activities').select('id').where('workspace_id', '=', workspaceId).where('person_id', '=', personId)
      .where((eb) => (syncedNotes.length ? eb.or([eb('source_type', 'is', null), eb('source_type', 'not in', syncedNotes)]) : eb.lit(true))),
    trx.selectFrom('activity_participants').select('activity_id').where('workspace_id', '=', workspaceId).where('person_id', '=', personId),
    trx.selectFrom('tasks').select('id').where('workspace_id', '=', workspaceId).where('person_id', '=', personId),
    trx.selectFrom('email_people').select('email_id').where('person_id', '=', personId),
  ];
  for (const q of checks) if (await q.limit(1).executeTakeFirst()) return true;
  return false;
}
