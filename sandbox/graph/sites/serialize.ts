import type { Site } from '@microsoft/microsoft-graph-types';
import { isoSeconds } from '../drive/serialize.js';
import type { SiteRow } from './schema.js';
import { siteUrl } from './store.js';

/** The site resource as Graph answers it; the root site carries the `root` facet. */
export function siteJson(s: SiteRow): Site {
  return {
    id: s.id, createdDateTime: isoSeconds(s.created), lastModifiedDateTime: isoSeconds(s.modified), description: s.description,
    displayName: s.display_name, name: s.is_root ? s.display_name : s.name, webUrl: siteUrl(s), siteCollection: { hostname: s.hostname },
    ...(s.is_root ? { root: {} } : {}),
  };
}
