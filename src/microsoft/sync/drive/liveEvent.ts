import type { LiveEvent } from '../../../events/liveEvents.js';
import type { PageResult, SyncContext, SyncScope } from '../contract.js';
import { changedRecords } from './driveResource.js';
import type { RecordRef } from './fileLinks.js';

/** One event per workspace names each record once; a page of a thousand links names at most this many. */
const MAX_RECORDS = 200;

/** files.changed for the records whose links changed: their Files panels refetch. */
export function filesChangedEvent(workspaceId: string, records: RecordRef[]): LiveEvent | null {
  const seen = new Map<string, RecordRef>();
  for (const r of records) seen.set(`${r.recordType}:${r.recordId}`, { recordType: r.recordType, recordId: r.recordId });
  if (!seen.size) return null;
  return { type: 'files.changed', workspaceId, data: { records: [...seen.values()].slice(0, MAX_RECORDS) } };
}

export async function filesLiveEvent(ctx: SyncContext, _scope: SyncScope, page: PageResult): Promise<LiveEvent | null> {
  return filesChangedEvent(ctx.account.workspaceId, changedRecords.get(page) ?? []);
}
