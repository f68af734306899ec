import type { SecretBox } from '../../../lib/secretBox.js';
import { FilesError } from './errors.js';

/** Where a listing goes on: Graph's own nextLink, with what the listing was of. */
export interface ListingCursor {
  kind: 'browse' | 'search';
  driveId: string | null;
  itemId: string | null;
  nextLink: string;
}

interface Sealed extends ListingCursor {
  /** The account whose token may follow the link: a cursor handed to someone else is refused. */
  accountId: string;
}

const BAD = 'This page link is not valid (or belongs to another listing): start the listing again without a cursor.';

/**
 * The cursor the API hands out is Graph's nextLink sealed with the server's key: the client cannot
 * read it or point it anywhere, so the files API is never a proxy for arbitrary URLs with the
 * user's token. (The Graph client also refuses any host but Graph's.)
 */
export function sealCursor(box: SecretBox, accountId: string, cursor: ListingCursor): string {
  return box.seal(JSON.stringify({ ...cursor, accountId } satisfies Sealed)).replace(/^v1\./, '');
}

export function openCursor(box: SecretBox, graphUrl: string, accountId: string, kind: ListingCursor['kind'], raw: string): ListingCursor {
  let c: Sealed;
  try {
    c = JSON.parse(box.open(`v1.${raw}`)) as Sealed;
  } catch {
    throw new FilesError(400, 'validation_failed', BAD);
  }
  const graph = new URL(graphUrl);
  let link: URL;
  try {
    link = new URL(c.nextLink);
  } catch {
    throw new FilesError(400, 'validation_failed', BAD);
  }
  if (c.accountId !== accountId || c.kind !== kind || link.origin !== graph.origin || !link.pathname.startsWith('/v1.0/')) {
    throw new FilesError(400, 'validation_failed', BAD);
  }
  return { kind: c.kind, driveId: c.driveId, itemId: c.itemId, nextLink: link.toString() };
}
