/**
 * Tables of the resource-neutral delta engine: the token-sealing key and, per resource and
 * owner, the epoch that an eviction bumps (a token from an older epoch answers 410).
 */
export const deltaSchema = `
CREATE TABLE IF NOT EXISTS gd_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS gd_epoch (
  resource TEXT NOT NULL,
  user_id TEXT NOT NULL,
  epoch INTEGER NOT NULL DEFAULT 0,
  evict_code TEXT,
  PRIMARY KEY (resource, user_id)
);
`;
