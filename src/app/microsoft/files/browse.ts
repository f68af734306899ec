import type { DriveItem } from '@microsoft/microsoft-graph-types';
import { driveBase, itemBase } from '../../../microsoft/files/drivePaths.js';
import { ENTRY_SELECT, toDriveEntry, type DriveEntry } from '../../../microsoft/files/driveEntry.js';
import type { MicrosoftIntegration } from '../integration.js';
import { requireAccount, type Caller } from './access.js';
import { openCursor, sealCursor } from './cursor.js';
import { readDrive } from './driveAccess.js';
import { driveFacts, type DriveFacts } from './driveFacts.js';
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
 * One page of a folder for the picker, with the requesting user's token. The folder and its page
 * are asked for at once (with the drive's facts, when not remembered); breadcrumbs come from the
 * folder's path, and only the ids of ancestors between the root and the parent cost a request each (in parallel).
 */
export async function browse(integration: MicrosoftIntegration, caller: Caller, input: BrowseInput): Promise<Listing> {
  const account = await requireAccount(integration, caller);
  const cursor = input.cursor ? openCursor(integration.box, integration.config.ms.graphUrl, account.id, 'browse', input.cursor) : undefined;
  const driveId = cursor ? (cursor.driveId ?? undefined) : input.driveId;
  const itemId = cursor ? (cursor.itemId ?? undefined) : input.itemId;
  const g = integration.graph;
  const base = itemBase(driveId, itemId);
  try {
    return await readDrive(integration, account, driveId, async () => {
      const settled = await Promise.allSettled([
        driveFacts(integration, account.id, driveId),
        g.get<DriveItem>(account.id, `${base}?$select=id,name,root,folder,package,parentReference`),
        g.get<CollectionPage>(account.id, cursor?.nextLink ?? `${base}/children?$select=${ENTRY_SELECT}&$top=${PAGE_SIZE}`),
      ]);
      // A file's children are an error at Graph; the file itself says what the caller got wrong.
      const folder = settled[1].status === 'fulfilled' ? settled[1].value : undefined;
      if (folder && !folder.folder && !folder.root) throw new FilesError(400, 'validation_failed', `"${folder.name}" is a file, not a folder: only folders can be browsed.`);
      const [drive, , page] = settled.map((r) => {
        if (r.status === 'rejected') throw r.reason;
        return r.value;
      }) as [DriveFacts, DriveItem, CollectionPage];
      const summary: DriveSummary = { id: drive.id, name: drive.name, source: drive.source };
      const id = drive.id;
      const next = page['@odata.nextLink'];
      return {
        drive: summary,
        items: (page.value ?? []).map((i) => toDriveEntry(i, id)),
        nextCursor: next ? sealCursor(integration.box, account.id, { kind: 'browse', driveId: driveId ?? null, itemId: itemId ?? null, nextLink: next }) : null,
        breadcrumbs: await breadcrumbs(integration, account.id, driveId, summary.name, folder!, drive.rootId),
      };
    });
  } catch (err) {
    throw fromMicrosoftError(err, 'the folder') ?? err;
  }
}

/** Path segments below the root from Graph's `parentReference.path` (`/drive/root:/a/b`, percent-encoded). */
function segmentsOf(path: string | null | undefined): string[] {
  const at = path?.indexOf('root:') ?? -1;
  if (!path || at < 0) return [];
  return path.slice(at + 'root:'.length).split('/').filter((s) => s !== '').map((s) => decodeURIComponent(s));
}

async function breadcrumbs(integration: MicrosoftIntegration, accountId: string, driveId: string | undefined, driveName: string, folder: DriveItem, rootId: string) {
  if (folder.root) return [{ itemId: folder.id ?? '', name: driveName }];
  const above = segmentsOf(folder.parentReference?.path);
  const parentId = folder.parentReference?.id ?? '';
  // The root's and the parent's ids are known; only ancestors between them cost a lookup each, together.
  const between = await Promise.all(above.slice(0, -1).map((_, i) =>
    integration.graph.get<DriveItem>(accountId, `${driveBase(driveId)}/root:/${above.slice(0, i + 1).map(encodeURIComponent).join('/')}:?$select=id`).then((item) => item.id ?? '')));
  const crumbs = [{ itemId: above.length > 0 ? rootId : parentId, name: driveName }];
  above.forEach((name, i) => crumbs.push({ itemId: i === above.length - 1 ? parentId : between[i]!, name }));
  crumbs.push({ itemId: folder.id ?? '', name: folder.name ?? '' });
  return crumbs;
}
