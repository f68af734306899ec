/** Row shapes of the mail tables, as better-sqlite3 returns them. */
export interface MailboxRow {
  user_id: string;
  tenant_id: string;
  seq: number;
  delta_epoch: number;
  evict_code: string | null;
  settings_json: string;
}

export interface FolderRow {
  id: string;
  user_id: string;
  parent_id: string | null;
  well_known: string | null;
  display_name: string;
  is_hidden: number;
  created: string;
}

export interface MessageRow {
  pk: number;
  user_id: string;
  id: string;
  immutable_id: string;
  folder_id: string;
  seq: number;
  created_seq: number;
  change_key: string;
  created: string;
  modified: string;
  received: string;
  sent: string | null;
  subject: string;
  body_type: string;
  body: string;
  preview: string;
  from_name: string | null;
  from_addr: string | null;
  to_json: string;
  cc_json: string;
  bcc_json: string;
  reply_to_json: string;
  is_read: number;
  is_draft: number;
  importance: string;
  flag_status: string;
  categories_json: string;
  conversation_id: string;
  internet_message_id: string;
  inference: string;
}

export interface TombstoneRow {
  pk: number;
  user_id: string;
  folder_id: string;
  id: string;
  immutable_id: string;
  seq: number;
}

export interface Address {
  name: string;
  address: string;
}

export const MESSAGE_COLUMNS = [
  'user_id', 'id', 'immutable_id', 'folder_id', 'seq', 'created_seq', 'change_key', 'created', 'modified', 'received',
  'sent', 'subject', 'body_type', 'body', 'preview', 'from_name', 'from_addr', 'to_json', 'cc_json', 'bcc_json',
  'reply_to_json', 'is_read', 'is_draft', 'importance', 'flag_status', 'categories_json', 'conversation_id',
  'internet_message_id', 'inference',
] as const;

export type NewMessageRow = Omit<MessageRow, 'pk'>;
