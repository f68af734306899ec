import type { Message } from '@microsoft/microsoft-graph-types';
import type { SandboxDb } from '../../core/db.js';
import { badRequest } from '../http/errors.js';

export interface ViewOptions {
  immutableIds: boolean;
  /** Canonical property names from $select; undefined means the default property set. */
  select?: string[];
  /**
   * The caller holds only Mail.ReadBasic: body, bodyPreview and uniqueBody are left out, even
   * when `$select` names them.
   */
  basic?: boolean;
  /** `$expand=attachments`: the message carries its attachments, content included. */
  expandAttachments?: boolean;
}

const BODY_FIELDS = new Set(['body', 'bodyPreview', 'uniqueBody']);

/**
 * Messages are serialized by SQLite itself (json_object), straight from the row: recipient
 * columns are stored as Graph JSON already, and nothing is materialized as JS objects. This is
 * what keeps a 1,000-item delta page inside its 20 ms budget.
 */
// Graph writes UTC timestamps with second precision: 2024-05-01T10:00:00Z.
const date = (col: string) => `CASE WHEN ${col} IS NULL THEN NULL ELSE substr(${col}, 1, 19) || 'Z' END`;
const bool = (col: string) => `json(CASE ${col} WHEN 1 THEN 'true' ELSE 'false' END)`;
const address = `json(CASE WHEN from_addr IS NULL THEN 'null' ELSE json_object('emailAddress', json_object('name', coalesce(from_name, from_addr), 'address', from_addr)) END)`;
const body = `json_object('contentType', body_type, 'content', body)`;

const FIELDS: Record<string, (id: string) => string> = {
  createdDateTime: () => date('created'),
  lastModifiedDateTime: () => date('modified'),
  changeKey: () => 'change_key',
  categories: () => 'json(categories_json)',
  receivedDateTime: () => date('received'),
  sentDateTime: () => date('sent'),
  // Inline images (signatures, pasted pictures) do not count, as in Outlook.
  hasAttachments: () => "json(CASE WHEN EXISTS (SELECT 1 FROM gm_attachment a WHERE a.message_pk = gm_message.pk AND a.is_inline = 0) THEN 'true' ELSE 'false' END)",
  internetMessageId: () => 'internet_message_id',
  subject: () => 'subject',
  bodyPreview: () => 'preview',
  importance: () => 'importance',
  parentFolderId: () => 'folder_id',
  conversationId: () => 'conversation_id',
  isDeliveryReceiptRequested: () => "json('false')",
  isReadReceiptRequested: () => "json('false')",
  isRead: () => bool('is_read'),
  isDraft: () => bool('is_draft'),
  // Ids are base64url plus '=' padding: '=' is the only character needing escaping in a URL.
  webLink: (id) => `'https://outlook.office365.com/owa/?ItemID=' || replace(${id}, '=', '%3D') || '&exvsurl=1&viewmodel=ReadMessageItem'`,
  inferenceClassification: () => 'inference',
  body: () => body,
  sender: () => address,
  from: () => address,
  toRecipients: () => 'json(to_json)',
  ccRecipients: () => 'json(cc_json)',
  bccRecipients: () => 'json(bcc_json)',
  replyTo: () => 'json(reply_to_json)',
  flag: () => "json_object('flagStatus', flag_status)",
};
// uniqueBody is only returned when asked for, as in Graph.
const OPTIONAL: Record<string, (id: string) => string> = { uniqueBody: () => body };
const DEFAULT_FIELDS = Object.keys(FIELDS);
const CANONICAL = new Map([...Object.keys(FIELDS), ...Object.keys(OPTIONAL), 'id'].map((k) => [k.toLowerCase(), k]));

/** Parses `$select` into canonical names; an unknown property is a 400 as in Graph. */
export function parseSelect(raw: string | undefined): string[] | undefined {
  if (!raw) return undefined;
  return raw.split(',').map((s) => s.trim()).filter(Boolean).map((name) => {
    const canonical = CANONICAL.get(name.toLowerCase());
    if (!canonical) throw badRequest(`Could not find a property named '${name}' on type 'microsoft.graph.message'.`, 'RequestBroker--ParseUri');
    return canonical;
  });
}

const cache = new Map<string, string>();

/** A fileAttachment as Graph returns it, from a gm_attachment row aliased `a`. */
export const ATTACHMENT_JSON = `json_object('@odata.type', '#microsoft.graph.fileAttachment', '@odata.mediaContentType', a.content_type,
  'id', a.id, 'lastModifiedDateTime', substr(a.modified, 1, 19) || 'Z', 'name', a.name, 'contentType', a.content_type, 'size', a.size,
  'isInline', json(CASE a.is_inline WHEN 1 THEN 'true' ELSE 'false' END), 'contentId', a.content_id, 'contentLocation', NULL,
  'contentBytes', a.content_b64)`;
const ATTACHMENTS_OF_MESSAGE = `(SELECT json_group_array(json(${ATTACHMENT_JSON})) FROM gm_attachment a WHERE a.message_pk = gm_message.pk)`;

/**
 * A SQL expression producing the message's JSON text for this view. `withType` adds the
 * `@odata.type` annotation that delta items carry.
 */
export function messageSql(o: ViewOptions, withType = false): string {
  const key = `${o.immutableIds}|${o.basic === true}|${withType}|${o.expandAttachments === true}|${o.select?.join(',') ?? '*'}`;
  let sql = cache.get(key);
  if (sql) return sql;
  const id = o.immutableIds ? 'immutable_id' : 'id';
  const parts = [
    ...(withType ? ["'@odata.type', '#microsoft.graph.message'"] : []),
    `'@odata.etag', 'W/"' || change_key || '"'`,
    `'id', ${id}`,
  ];
  for (const name of o.select ?? DEFAULT_FIELDS) {
    if (o.basic && BODY_FIELDS.has(name)) continue;
    const get = FIELDS[name] ?? OPTIONAL[name];
    if (get) parts.push(`'${name}', ${get(id)}`);
  }
  if (o.expandAttachments) parts.push(`'attachments', ${ATTACHMENTS_OF_MESSAGE}`);
  sql = `json_object(${parts.join(', ')})`;
  cache.set(key, sql);
  return sql;
}

/** One message as Graph returns it, read fresh from the store. */
export function messageJson(db: SandboxDb, pk: number, o: ViewOptions): Message & Record<string, unknown> {
  const row = db.prepare(`SELECT ${messageSql(o)} AS j FROM gm_message WHERE pk = ?`).get(pk) as { j: string } | undefined;
  if (!row) throw new Error(`message ${pk} vanished`);
  return JSON.parse(row.j) as Message & Record<string, unknown>;
}
