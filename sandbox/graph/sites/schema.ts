/**
 * SharePoint sites. A site belongs to one tenant; it is readable by every user of the tenant
 * (`everyone`) or only by its members. Its document libraries are drives (gf_drive.site_id).
 */
export const sitesSchema = `
CREATE TABLE IF NOT EXISTS gs_site (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  hostname TEXT NOT NULL,
  name TEXT NOT NULL,
  display_name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  is_root INTEGER NOT NULL,
  everyone INTEGER NOT NULL,
  created INTEGER NOT NULL,
  modified INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS gs_site_name ON gs_site(tenant_id, name);
CREATE TABLE IF NOT EXISTS gs_member (
  site_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  PRIMARY KEY (site_id, user_id)
);
`;

export interface SiteRow {
  id: string;
  tenant_id: string;
  hostname: string;
  /** The URL name under /sites/ ('' for the tenant's root site). */
  name: string;
  display_name: string;
  description: string;
  is_root: number;
  /** 1: every user of the tenant may read it; 0: its members only. */
  everyone: number;
  created: number;
  modified: number;
}
