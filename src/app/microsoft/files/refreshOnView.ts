import type { FileLinkRow, RecordRef } from '../../../microsoft/sync/drive/fileLinks.js';
import { refreshLinks } from '../../../microsoft/sync/drive/refresh.js';
import { OTHER_DRIVE_REFRESH_MS } from '../../../microsoft/sync/drive/staleLinks.js';
import type { MicrosoftIntegration } from '../integration.js';
import { oneDriveGranted } from './access.js';
import { publishFilesChanged } from './linksChanged.js';

/** Links being read again by this process: a panel opened twice, or by two colleagues, reads each once. */
const inFlight = new Set<string>();
/** Per listing, as the engine's runs do: a record with hundreds of links is worked off over the next views. */
const BATCH = 20;

/**
 * Links attached through an account that granted SharePoint but not OneDrive: the engine's drive
 * resource (feature 'onedrive') never runs for that account, so nothing else keeps their metadata
 * current. They are read again, with the attaching account as always, when someone lists the
 * record and their copy is older than the engine's refresh period, after the listing has answered
 * (it never waits on Graph); a change reaches the open panel as files.changed.
 *
 * Why not run the drive resource on either grant: for a SharePoint-only account that would
 * subscribe to and enumerate the user's OneDrive, which they did not enable, to refresh links that
 * are not in it. Reading on view costs Graph only for records people look at, and stops by itself
 * once the account grants OneDrive (the engine then carries them).
 */
export function refreshUnsyncedLinks(integration: MicrosoftIntegration, workspaceId: string, rows: FileLinkRow[]): void {
  const cutoff = Date.now() - OTHER_DRIVE_REFRESH_MS;
  const stale = rows.filter((r) => !inFlight.has(r.id) && (r.checked_at === null || Date.parse(r.checked_at) < cutoff)).slice(0, BATCH);
  if (!stale.length) return;
  for (const r of stale) inFlight.add(r.id);
  void refresh(integration, workspaceId, stale)
    .catch((err: unknown) => integration.log.warn({ err }, 'refreshing viewed file links failed'))
    .finally(() => {
      for (const r of stale) inFlight.delete(r.id);
    });
}

async function refresh(integration: MicrosoftIntegration, workspaceId: string, stale: FileLinkRow[]): Promise<void> {
  const byAccount = new Map<string, FileLinkRow[]>();
  for (const r of stale) byAccount.set(r.account_id, [...(byAccount.get(r.account_id) ?? []), r]);
  const changed: RecordRef[] = [];
  for (const [accountId, links] of byAccount) {
    const account = await integration.accounts.byId(accountId);
    if (!account || account.status !== 'active' || oneDriveGranted(account)) continue;
    changed.push(...await refreshLinks({ db: integration.database.db, graph: integration.graph, account }, links));
  }
  await publishFilesChanged(integration, workspaceId, changed);
}
