/**
 * Graph addresses of drives and items. Ids go through encodeURIComponent: they come from API
 * callers, and a `/` or `?` in one must never reach another Graph resource.
 */
export function driveBase(driveId: string | undefined): string {
  return driveId ? `/drives/${encodeURIComponent(driveId)}` : '/me/drive';
}

export function itemBase(driveId: string | undefined, itemId: string | undefined): string {
  return itemId ? `${driveBase(driveId)}/items/${encodeURIComponent(itemId)}` : `${driveBase(driveId)}/root`;
}

/** `root:/a/b:` style addressing below an item; each segment encoded alone so a name never splits the path. */
export function childPath(parent: string, segments: readonly string[]): string {
  return `${parent}:/${segments.map(encodeURIComponent).join('/')}:`;
}

/** A search(q='…') segment: OData doubles single quotes inside a string literal. */
export function searchSegment(q: string): string {
  return `search(q='${encodeURIComponent(q.replace(/'/g, "''"))}')`;
}
