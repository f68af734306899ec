import type { Drive, DriveItem } from '@microsoft/microsoft-graph-types';
import { driveBase } from '../../../microsoft/files/drivePaths.js';
import type { MicrosoftIntegration } from '../integration.js';

/** What a listing needs to know about a drive beyond the folder: its name, its kind, its root's id. */
export interface DriveFacts {
  id: string;
  name: string;
  source: 'onedrive' | 'sharepoint';
  rootId: string;
}

const TTL_MS = 10 * 60_000;
const MAX = 1000;
const cache = new Map<string, { facts: DriveFacts; at: number }>();

/**
 * A drive's facts, remembered per account for a few minutes: they practically never change (a
 * library rename shows within the TTL), and asking for them with every page of the picker would
 * double its requests. Per account, because what an account may see is its own business.
 */
export async function driveFacts(integration: MicrosoftIntegration, accountId: string, driveId: string | undefined): Promise<DriveFacts> {
  const key = `${accountId}\u0000${driveId ?? ''}`;
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.facts;
  const [drive, root] = await Promise.all([
    integration.graph.get<Drive>(accountId, `${driveBase(driveId)}?$select=id,name,driveType`),
    integration.graph.get<DriveItem>(accountId, `${driveBase(driveId)}/root?$select=id`),
  ]);
  const facts: DriveFacts = {
    id: drive.id ?? driveId ?? '',
    name: drive.name ?? 'OneDrive',
    source: drive.driveType === 'documentLibrary' ? 'sharepoint' : 'onedrive',
    rootId: root.id ?? '',
  };
  if (cache.size >= MAX) cache.delete(cache.keys().next().value!);
  cache.set(key, { facts, at: Date.now() });
  return facts;
}
