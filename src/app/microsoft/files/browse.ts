import type { DriveItem } from '@microsoft/microsoft-graph-types';
import { itemBase } from '../../../microsoft/files/drivePaths.js';
import { ENTRY_SELECT, toDriveEntry, type DriveEntry } from '../../../microsoft/files/driveEntry.js';
import type { MicrosoftIntegration } from '../integration.js';
import { requireAccount, type Caller } from './access.js';
import { openCursor, sealCursor } from './cursor.js';
import { readDrive } from './driveAccess.js';
import { driveFacts, type DriveFacts } from './driveFacts.js';
import { rememberedTrail, rememberTrail, segmentsOf, trailOf, type Crumb } from './folderTrail.js';
import { FilesError, fromMicrosoftError } from './errors.js';

export interface BrowseInput {
  driveId?: string;
  itemId?: string;
  cursor?: string;
}

export interface DriveSummary {
  id: string;
  name: string;
  source: 'onedrive' | 'sharepoint';
}

export interface Listing {
  drive: DriveSummary;
  items: DriveEntry[];
  nextCursor: string | null;
  /** From the drive's root down to the folder listed, the folder itself last. */
  breadcrumbs: Array<{ itemId: string; name: string }>;
}

/** Big enough that most folders are one page, small enough that the first page of a huge one is quick. */
export const PAGE_SIZE = 200;

interface CollectionPage {
  value?: DriveItem[];
  '@odata.nextLink'?: string;
}

/**
 * One page of a folder for the picker, with the requesting user's token. A folder the account has
 * just seen (the picker's next click) costs one Graph request, its page; otherwise the folder and
 * its page are asked for at once and the trail is worked out from the folder's path.
 */
export async function browse(integration: MicrosoftIntegration, caller: Caller, input: BrowseInput): Promise<Listing> {
  const account = await requireAccount(integration, caller);
  const cursor = input.cursor ? openCursor(integration.box, integration.config.ms.graphUrl, account.id, 'browse', input.cursor) : undefined;
  const driveId = cursor ? (cursor.driveId ?? undefined) : input.driveId;
  const itemId = cursor ? (cursor.itemId ?? undefined) : input.itemId;
  const pageUrl = cursor?.nextLink ?? `${itemBase(driveId, itemId)}/children?$select=${ENTRY_SELECT}&$top=${PAGE_SIZE}`;
  try {
    return await readDrive(integration, account, driveId, async () => {
      const known = rememberedTrail(account.id, driveId, itemId ?? 'root');
      const listing = (known && (await quick(integration, account.id, driveId, pageUrl, known).catch(() => undefined)))
        ?? (await full(integration, account.id, driveId, itemId, pageUrl));
      const [drive, page, trail] = listing;
      const items = (page.value ?? []).map((i) => toDriveEntry(i, drive.id));
      rememberTrail(account.id, driveId, trail, items, itemId ? undefined : 'root');
      const next = page['@odata.nextLink'];
      return {
        drive: { id: drive.id, name: drive.name, source: drive.source },
        items,
        nextCursor: next ? sealCursor(integration.box, account.id, { kind: 'browse', driveId: driveId ?? null, itemId: itemId ?? null, nextLink: next }) : null,
        breadcrumbs: trail,
      };
    });
  } catch (err) {
    throw fromMicrosoftError(err, 'the folder') ?? err;
  }
}

type Loaded = [DriveFacts, CollectionPage, Crumb[]];

/** The page alone, for a folder whose trail is remembered; names are taken fresh from the page's path when it has one. */
async function quick(integration: MicrosoftIntegration, accountId: string, driveId: string | undefined, pageUrl: string, trail: Crumb[]): Promise<Loaded> {
  const [drive, page] = await Promise.all([driveFacts(integration, accountId, driveId), integration.graph.get<CollectionPage>(accountId, pageUrl)]);
  trail[0]!.name = drive.name;
  const ref = page.value?.[0]?.parentReference;
  const names = segmentsOf(ref?.path);
  if (ref?.path && names.length === trail.length - 1) names.forEach((n, i) => (trail[i + 1]!.name = n));
  return [drive, page, trail];
}

async function full(integration: MicrosoftIntegration, accountId: string, driveId: string | undefined, itemId: string | undefined, pageUrl: string): Promise<Loaded> {
  const g = integration.graph;
  const settled = await Promise.allSettled([
    driveFacts(integration, accountId, driveId),
    g.get<DriveItem>(accountId, `${itemBase(driveId, itemId)}?$select=id,name,root,folder,package,parentReference`),
    g.get<CollectionPage>(accountId, pageUrl),
  ]);
  // A file's children are an error at Graph; the file itself says what the caller got wrong.
  const folder = settled[1].status === 'fulfilled' ? settled[1].value : undefined;
  if (folder && !folder.folder && !folder.root) throw new FilesError(400, 'validation_failed', `"${folder.name}" is a file, not a folder: only folders can be browsed.`);
  const [drive, , page] = settled.map((r) => {
    if (r.status === 'rejected') throw r.reason;
    return r.value;
  }) as [DriveFacts, DriveItem, CollectionPage];
  return [drive, page, await trailOf(integration, accountId, driveId, drive.name, folder!, drive.rootId)];
}
