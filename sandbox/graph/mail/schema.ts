/**
 * The mail store's tables. Sized for 1,000 mailboxes and 100,000 messages in one mailbox: every
 * hot path (a delta page, a folder listing, a lookup by either id) is one index range scan.
 */
export const mailSchema = `
CREATE TABLE IF NOT EXISTS gm_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS gm_mailbox (
  user_id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  seq INTEGER NOT NULL DEFAULT 0,
  delta_epoch INTEGER NOT NULL DEFAULT 0,
  evict_code TEXT,
  settings_json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS gm_folder (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  parent_id TEXT,
  well_known TEXT,
  display_name TEXT NOT NULL,
  is_hidden INTEGER NOT NULL DEFAULT 0,
  created TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS gm_folder_parent ON gm_folder(user_id, parent_id);
CREATE UNIQUE INDEX IF NOT EXISTS gm_folder_well_known ON gm_folder(user_id, well_known) WHERE well_known IS NOT NULL;
CREATE TABLE IF NOT EXISTS gm_message (
  pk INTEGER PRIMARY KEY,
  user_id TEXT NOT NULL,
  id TEXT NOT NULL,
  immutable_id TEXT NOT NULL,
  folder_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  created_seq INTEGER NOT NULL,
  change_key TEXT NOT NULL,
  created TEXT NOT NULL,
  modified TEXT NOT NULL,
  received TEXT NOT NULL,
  sent TEXT,
  subject TEXT NOT NULL,
  body_type TEXT NOT NULL,
  body TEXT NOT NULL,
  preview TEXT NOT NULL,
  from_name TEXT,
  from_addr TEXT,
  to_json TEXT NOT NULL,
  cc_json TEXT NOT NULL,
  bcc_json TEXT NOT NULL,
  reply_to_json TEXT NOT NULL,
  is_read INTEGER NOT NULL,
  is_draft INTEGER NOT NULL,
  importance TEXT NOT NULL,
  flag_status TEXT NOT NULL,
  categories_json TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  internet_message_id TEXT NOT NULL,
  inference TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS gm_message_id ON gm_message(id);
CREATE UNIQUE INDEX IF NOT EXISTS gm_message_immutable ON gm_message(immutable_id);
CREATE INDEX IF NOT EXISTS gm_message_folder_seq ON gm_message(folder_id, seq);
CREATE INDEX IF NOT EXISTS gm_message_folder_received ON gm_message(folder_id, received);
CREATE INDEX IF NOT EXISTS gm_message_user_received ON gm_message(user_id, received);
CREATE INDEX IF NOT EXISTS gm_message_folder_unread ON gm_message(folder_id, is_read);
CREATE TABLE IF NOT EXISTS gm_tombstone (
  pk INTEGER PRIMARY KEY,
  user_id TEXT NOT NULL,
  folder_id TEXT NOT NULL,
  id TEXT NOT NULL,
  immutable_id TEXT NOT NULL,
  seq INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS gm_tombstone_folder_seq ON gm_tombstone(folder_id, seq);
CREATE TABLE IF NOT EXISTS gm_attachment (
  pk INTEGER PRIMARY KEY,
  message_pk INTEGER NOT NULL,
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  is_inline INTEGER NOT NULL,
  content_id TEXT,
  content_b64 TEXT NOT NULL,
  modified TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS gm_attachment_message ON gm_attachment(message_pk);
CREATE UNIQUE INDEX IF NOT EXISTS gm_attachment_id ON gm_attachment(id);
CREATE TABLE IF NOT EXISTS gm_correspondent (
  user_id TEXT NOT NULL,
  address TEXT NOT NULL,
  name TEXT NOT NULL,
  sent_to INTEGER NOT NULL DEFAULT 0,
  received_from INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (user_id, address)
);
`;
