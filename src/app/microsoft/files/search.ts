import type { DriveItem } from '@microsoft/microsoft-graph-types';
import { itemBase, searchSegment } from '../../../microsoft/files/drivePaths.js';
import { ENTRY_SELECT, toDriveEntry, type DriveEntry } from '../../../microsoft/files/driveEntry.js';
import type { MicrosoftIntegration } from '../integration.js';
import { requireAccount, type Caller } from './access.js';
import { PAGE_SIZE } from './browse.js';
import { openCursor, sealCursor } from './cursor.js';
import { readDrive } from './driveAccess.js';
import { fromMicrosoftError, invalid } from './errors.js';

export interface SearchInput {
  q?: string;
  driveId?: string;
  cursor?: string;
}

/** Graph's search(q=…) over a whole drive (the user's OneDrive unless a library is named), a page at a time. */
export async function searchDrive(integration: MicrosoftIntegration, caller: Caller, input: SearchInput): Promise<{ items: DriveEntry[]; nextCursor: string | null }> {
  const account = await requireAccount(integration, caller);
  const cursor = input.cursor ? openCursor(integration.box, integration.config.ms.graphUrl, account.id, 'search', input.cursor) : undefined;
  const q = input.q?.trim() ?? '';
  if (!cursor && q === '') throw invalid('Give q, the words to search for.');
  const driveId = cursor ? (cursor.driveId ?? undefined) : input.driveId;
  try {
    return await readDrive(integration, account, driveId, async () => {
      const url = cursor?.nextLink ?? `${itemBase(driveId, undefined)}/${searchSegment(q)}?$select=${ENTRY_SELECT}&$top=${PAGE_SIZE}`;
      const page = await integration.graph.get<{ value?: DriveItem[]; '@odata.nextLink'?: string }>(account.id, url);
      const next = page['@odata.nextLink'];
      return {
        items: (page.value ?? []).map((i) => toDriveEntry(i, driveId ?? '')),
        nextCursor: next ? sealCursor(integration.box, account.id, { kind: 'search', driveId: driveId ?? null, itemId: null, nextLink: next }) : null,
      };
    });
  } catch (err) {
    throw fromMicrosoftError(err, 'the drive') ?? err;
  }
}
