import type { Drive, Site } from '@microsoft/microsoft-graph-types';
import type { MicrosoftIntegration } from '../integration.js';
import { requireAccount, withSharePoint, type Caller } from './access.js';
import { fromMicrosoftError } from './errors.js';

export interface SiteView {
  id: string;
  name: string;
  webUrl: string | null;
  description: string | null;
}

export interface LibraryView {
  driveId: string;
  name: string;
  webUrl: string | null;
}

/**
 * SharePoint sites the user can read whose name matches `q` (Graph's `/sites?search=`; `*` lists
 * all). Needs Sites.Read.All, delegated: Graph leaves out sites the user cannot read.
 */
export async function searchSites(integration: MicrosoftIntegration, caller: Caller, q: string | undefined): Promise<{ sites: SiteView[] }> {
  const account = await requireAccount(integration, caller);
  const search = q?.trim() || '*';
  try {
    const page = await withSharePoint(integration, account, () =>
      integration.graph.get<{ value?: Site[] }>(account.id, `/sites?search=${encodeURIComponent(search)}&$select=id,name,displayName,webUrl,description`));
    return {
      sites: (page.value ?? []).filter((s) => s.id).map((s) => ({ id: s.id!, name: s.displayName || s.name || s.webUrl || s.id!, webUrl: s.webUrl ?? null, description: s.description || null })),
    };
  } catch (err) {
    throw fromMicrosoftError(err, 'SharePoint') ?? err;
  }
}

/** A site's document libraries; each is browsed as a drive (/api/files/browse?driveId=). */
export async function siteLibraries(integration: MicrosoftIntegration, caller: Caller, siteId: string): Promise<{ libraries: LibraryView[] }> {
  const account = await requireAccount(integration, caller);
  try {
    const page = await withSharePoint(integration, account, () =>
      integration.graph.get<{ value?: Drive[] }>(account.id, `/sites/${siteSegment(siteId)}/drives?$select=id,name,webUrl,driveType`));
    return { libraries: (page.value ?? []).filter((d) => d.id).map((d) => ({ driveId: d.id!, name: d.name ?? 'Documents', webUrl: d.webUrl ?? null })) };
  } catch (err) {
    throw fromMicrosoftError(err, 'this site') ?? err;
  }
}

/** Site ids are `{hostname},{collection guid},{web guid}`; Graph documents them with the commas as they are. */
const siteSegment = (siteId: string): string => encodeURIComponent(siteId).replace(/%2C/gi, ',');
